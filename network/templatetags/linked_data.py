"""Open Graph and schema.org JSON-LD for the pages.

``{% capture as name %}…{% endcapture %}`` renders its content (blocks included) once into a
variable, so base.html can use a page's title and description in several meta tags.
``{% json_ld data %}`` writes a ``<script type="application/ld+json">`` data block: not a
script the browser runs, so ``script-src 'self'`` allows it (tests/browser checks Chromium
reports no CSP violation).
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from meetings.linked_data import meeting_event
from network import linked_data
from projects.linked_data import project_graph

register = template.Library()

# "</script>" or "<!--" inside a string must not end the data block.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The content was escaped where it was rendered; collapse its whitespace.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def json_ld(data):
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_ESCAPES)),  # noqa: S308 - escaped for a script element
    )


@register.simple_tag(takes_context=True)
def organization_json_ld(context):
    return json_ld(linked_data.organization(context["request"]))


@register.simple_tag(takes_context=True)
def meeting_json_ld(context, meeting, hostings, study_visits):
    return json_ld(
        meeting_event(context["request"], meeting, hostings=hostings, study_visits=study_visits)
    )


@register.simple_tag(takes_context=True)
def project_json_ld(context, project, participants, fundings):
    return json_ld(
        project_graph(context["request"], project, participants=participants, fundings=fundings)
    )

"""``{% fragment "name" vary… %}…{% endfragment %}``: a part of a page every reader sees
alike, rendered once per content version, language and day (core.pagecache.fragment_cached).

Whatever else the part shows that differs between readers or requests (a page number,
whether the reader is a member) must be among the ``vary`` values; a part
with a form that posts (a CSRF token) or anything personal must not be cached at all.
"""

from django import template

from core.pagecache import fragment_cached

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        return fragment_cached(
            str(self.name.resolve(context)),
            [value.resolve(context) for value in self.vary],
            lambda: self.nodelist.render(context),
            request=context.get("request"),
        )


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )

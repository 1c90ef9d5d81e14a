"""Template helpers of the members app."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def include_section(context, section):
    """Render an institution-page section from another app (contract: ``members.apps``).

    Works like ``{% include section.template with <key>=<value> … %}`` for every item of
    ``section.context``, and also makes ``section`` itself available.
    """
    included = context.template.engine.get_template(section["template"])
    with context.push(section=section, **section.get("context", {})):
        return included.render(context)

"""Template helpers shared by every page: rich text and the language alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from core import phones, richtext

register = template.Library()


@register.filter
def rich(text):
    """Render coordinator-written text as sanitised HTML."""
    return richtext.render(text)


@register.filter
def plaintext(text):
    return richtext.plain(text)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every language: [(code, name, url, is_current)].

    A page about one object asks the object for its URL in each language, so translated
    slugs come out right; other pages translate the current path.
    """
    request = context.get("request")
    if request is None:
        return []
    obj = context.get("object")
    current = translation.get_language()
    alternates = []
    for code, _name in settings.LANGUAGES:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            with translation.override(code):
                url = obj.get_absolute_url()
        else:
            url = translate_url(request.path, code)
        with translation.override(code):
            local_name = str(translation.get_language_info(code)["name_local"])
        alternates.append(
            {"code": code, "name": local_name, "url": url, "is_current": code == current}
        )
    return alternates


@register.filter
def phone(number):
    """A phone number for the page's reader: as written on Swedish pages, in international
    format (+46 8 …) on the others."""
    if (translation.get_language() or settings.LANGUAGE_CODE) == "sv":
        return number
    return phones.phone_international(number)


@register.filter
def tel(number):
    """The ``tel:`` address of a phone number (E.164: +4687906063)."""
    return "tel:" + phones.phone_e164(number)

from modeltranslation.translator import TranslationOptions, register

from .models import Guest, Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name")
    required_languages = {"sv": ("name",), "default": ()}


@register(Guest)
class GuestTranslation(TranslationOptions):
    fields = ("role",)

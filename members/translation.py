from modeltranslation.translator import TranslationOptions, register

from .models import Institution, Person


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "slug", "city")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("title", "photo_alt")

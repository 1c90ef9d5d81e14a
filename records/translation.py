from modeltranslation.translator import TranslationOptions, register

from .models import CarriedQuestion, RecordSection


@register(RecordSection)
class RecordSectionTranslation(TranslationOptions):
    fields = ("speaker", "text")
    required_languages = {"sv": ("text",), "default": ()}


@register(CarriedQuestion)
class CarriedQuestionTranslation(TranslationOptions):
    fields = ("text", "note")
    required_languages = {"sv": ("text",), "default": ()}

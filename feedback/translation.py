from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, SurveyTemplate


@register(SurveyTemplate)
class SurveyTemplateTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"sv": ("title",), "default": ()}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "low_label", "high_label")
    required_languages = {"sv": ("text",), "default": ()}


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = {"sv": ("label",), "default": ()}

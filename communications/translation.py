from modeltranslation.translator import TranslationOptions, register

from .models import Communication, MessageTemplate


@register(MessageTemplate)
class MessageTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"sv": ("subject", "body"), "default": ()}


@register(Communication)
class CommunicationTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"sv": ("subject", "body"), "default": ()}

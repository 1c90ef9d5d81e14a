from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Document, Meeting, Photo, StudyVisit, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "slug", "description")
    required_languages = {"sv": ("name",), "default": ()}


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "city", "venue", "host_note", "dinner_note", "photo_note")
    required_languages = {"sv": ("title",), "default": ()}


@register(StudyVisit)
class StudyVisitTranslation(TranslationOptions):
    fields = ("name", "description", "place")
    required_languages = {"sv": ("name",), "default": ()}


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description", "speakers")
    required_languages = {"sv": ("title",), "default": ()}


@register(Photo)
class PhotoTranslation(TranslationOptions):
    # Every photo needs a text alternative; English falls back to Swedish.
    fields = ("alt", "caption")
    required_languages = {"sv": ("alt",), "default": ()}


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"sv": ("title",), "default": ()}

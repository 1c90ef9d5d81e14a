from modeltranslation.translator import TranslationOptions, register

from .models import (
    Funder,
    Participant,
    Project,
    ProjectContact,
    ProjectMeeting,
    ProjectResult,
)


@register(Funder)
class FunderTranslation(TranslationOptions):
    fields = ("name",)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name", "slug", "summary", "description", "goals", "focus_areas")


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("note",)


@register(ProjectContact)
class ProjectContactTranslation(TranslationOptions):
    fields = ("note",)


@register(ProjectResult)
class ProjectResultTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProjectMeeting)
class ProjectMeetingTranslation(TranslationOptions):
    fields = ("title", "place", "notes")

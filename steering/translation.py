from modeltranslation.translator import TranslationOptions, register

from .models import SteeringGroup, SteeringGroupMembership, WorkingGroup


@register(SteeringGroup)
class SteeringGroupTranslation(TranslationOptions):
    fields = ("introduction", "tasks")


@register(SteeringGroupMembership)
class SteeringGroupMembershipTranslation(TranslationOptions):
    fields = ("title",)


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "slug", "description")

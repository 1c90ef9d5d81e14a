from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import SingletonAdmin
from core.admin_filters import ChoiceListFilter, StatusListFilter
from core.history import HistoryAdmin
from core.languages import localized_fieldnames

from .models import SteeringGroup, SteeringGroupMembership, WorkingGroup, WorkingGroupMembership


class CurrentListFilter(ChoiceListFilter):
    """Current or former, worked out from the dates."""

    title = _("current or former")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("current")), ("no", _("former"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.former()
        return queryset


@admin.register(SteeringGroup)
class SteeringGroupAdmin(SingletonAdmin):
    pass


@admin.register(SteeringGroupMembership)
class SteeringGroupMembershipAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["person", "institution", "role", "started_on", "ended_on", "is_current"]
    list_filter = [CurrentListFilter, "role"]
    list_select_related = ["person", "institution"]
    search_fields = ["person__name", "institution__name_sv", "institution__short_name"]
    autocomplete_fields = ["person", "institution"]
    fields = [
        "person",
        "institution",
        "role",
        "title",
        "started_on",
        "ended_on",
        "listed_on",
        "position",
    ]

    @admin.display(boolean=True, description=_("current"))
    def is_current(self, obj):
        return obj.is_current


class WorkingGroupMembershipInline(admin.TabularInline):
    model = WorkingGroupMembership
    extra = 0
    autocomplete_fields = ["person", "institution"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "started_on", "ended_on"]
    list_filter = [StatusListFilter]
    search_fields = localized_fieldnames("name")
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "started_on", "ended_on", "precision", "themes"]
    autocomplete_fields = ["themes"]
    inlines = [WorkingGroupMembershipInline]

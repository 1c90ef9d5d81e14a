from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.admin_filters import StatusListFilter
from core.history import HistoryAdmin
from core.languages import localized_fieldnames
from core.publishing import PreviewAdminMixin, PublicationStatusFilter

from .models import (
    Funder,
    Funding,
    Participant,
    Project,
    ProjectContact,
    ProjectMeeting,
    ProjectResult,
)

# Addresses typed without a scheme are taken as https (and Django 6's default, silenced now).
URL_FIELDS_HTTPS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Funder)
class FunderAdmin(HistoryAdmin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = ["name", "website"]
    search_fields = localized_fieldnames("name")


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0
    autocomplete_fields = ["funder"]


class ParticipantInline(TranslationTabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["institution"]


class ContactInline(TranslationTabularInline):
    model = ProjectContact
    extra = 0
    autocomplete_fields = ["person", "institution"]


class ResultInline(TranslationStackedInline):
    formfield_overrides = URL_FIELDS_HTTPS
    model = ProjectResult
    extra = 0


class MeetingInline(TranslationStackedInline):
    model = ProjectMeeting
    extra = 0


@admin.register(Project)
class ProjectAdmin(PreviewAdminMixin, HistoryAdmin, TabbedTranslationAdmin):
    formfield_overrides = URL_FIELDS_HTTPS
    list_display = [
        "name",
        "acronym",
        "period_display",
        "status_display",
        "parent",
        "is_published",
        "publish_from",
        "publish_until",
    ]
    list_filter = [
        PublicationStatusFilter,
        StatusListFilter,
        "funders",
        ("coordinating_institution", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["parent"]
    search_fields = ["name_sv", "name_en", "acronym", "summary_sv", "summary_en"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]
    autocomplete_fields = ["coordinating_institution", "parent", "working_group", "themes"]
    inlines = [FundingInline, ParticipantInline, ContactInline, ResultInline, MeetingInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "summary", "is_published"]}),
        (
            _("Scheduled publishing"),
            {
                "fields": ["publish_from", "publish_until"],
                "description": _(
                    "Optional. A published project is shown from “publish from” until "
                    "“publish until”; outside that time only staff can preview it."
                ),
            },
        ),
        (_("Period"), {"fields": ["started_on", "ended_on", "precision"]}),
        (
            _("About the project"),
            {"fields": ["description", "goals", "focus_areas", "website"]},
        ),
        (
            _("Organisation"),
            {
                "fields": [
                    "coordinating_institution",
                    "working_group",
                    "parent",
                    "related",
                    "themes",
                ]
            },
        ),
    ]

    @admin.display(description=_("period"))
    def period_display(self, obj):
        return obj.period_display

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.status.label

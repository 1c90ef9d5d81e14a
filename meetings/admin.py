from django.contrib import admin, messages
from django.db import models
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from klossnet.history import HistoryAdmin

from .models import AgendaItem, Document, Meeting, MeetingHost, Photo, StudyVisit, Theme
from .services import meeting_duplicate, next_hosts


class MeetingHostInline(admin.TabularInline):
    model = MeetingHost
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "position"]


class StudyVisitInline(TranslationStackedInline):
    model = StudyVisit
    extra = 0
    fields = ["order", "name", "place", "description", "link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AgendaItemInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "time", "title", "speakers", "description"]


class PhotoInline(TranslationStackedInline):
    model = Photo
    extra = 0
    fields = ["order", "image", "alt", "caption", "photographer"]


class DocumentInline(TranslationTabularInline):
    model = Document
    extra = 0
    fields = ["order", "title", "file", "visibility"]


def _rotation_html(suggestions) -> str:
    if not suggestions:
        return _("No current member institutions.")
    return format_html(
        "<ol>{}</ol>",
        format_html_join(
            "",
            "<li>{} – {}</li>",
            (
                (
                    s.institution.name,
                    _("last hosted %(date)s") % {"date": s.last_hosted.isoformat()}
                    if s.last_hosted
                    else _("has never hosted"),
                )
                for s in suggestions
            ),
        ),
    )


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["date", "title", "kind", "format", "host_names", "is_published"]
    list_filter = ["kind", "format", "is_published", "hosted_by_steering_group", "hosts", "themes"]
    date_hierarchy = "date"
    search_fields = [
        "title_sv",
        "title_en",
        "city_sv",
        "city_en",
        "summary_sv",
        "hosts__name_sv",
        "hosts__short_name",
        "agenda_items__title_sv",
        "agenda_items__speakers_sv",
    ]
    filter_horizontal = ["themes"]
    readonly_fields = ["rotation_suggestion"]
    inlines = [MeetingHostInline, StudyVisitInline, AgendaItemInline, PhotoInline, DocumentInline]
    actions = ["duplicate_as_next_meeting"]
    change_list_template = "admin/meetings/meeting/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "eve_date", "kind", "format", "is_published"]}),
        (_("Place"), {"fields": ["city", "venue"]}),
        (
            _("Hosts"),
            {
                "fields": ["hosted_by_steering_group", "host_note", "rotation_suggestion"],
                "description": _("Add the host institutions in the “hosts” table below."),
            },
        ),
        (_("Content"), {"fields": ["summary", "themes", "dinner_note", "photo_note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hosts")

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug_sv": ("date", "title_sv"), "slug_en": ("date", "title_en")}

    @admin.display(description=_("hosts"))
    def host_names(self, obj):
        names = [host.short_name or host.name for host in obj.hosts.all()]
        if obj.hosted_by_steering_group:
            names.append(str(_("steering group")))
        return ", ".join(names)

    @admin.display(description=_("suggested next hosts"))
    def rotation_suggestion(self, obj):
        return _rotation_html(next_hosts(count=5))

    @admin.action(description=_("Duplicate as next meeting (half a year later, unpublished)"))
    def duplicate_as_next_meeting(self, request, queryset):
        copies = [meeting_duplicate(meeting=meeting) for meeting in queryset]
        self.message_user(
            request,
            ngettext(
                "Created %(count)d unpublished meeting. Add hosts and place, then publish it.",
                "Created %(count)d unpublished meetings. Add hosts and place, then publish them.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "rotation/",
                self.admin_site.admin_view(self.rotation_view),
                name="meetings_meeting_rotation",
            ),
            *super().get_urls(),
        ]

    def rotation_view(self, request):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Host rotation: who should host next"),
            "suggestions": next_hosts(count=10),
            "changelist_url": reverse("admin:meetings_meeting_changelist"),
        }
        return TemplateResponse(request, "admin/meetings/meeting/rotation.html", context)


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name_sv", "name_en"]
    prepopulated_fields = {"slug": ("name_sv",)}

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

from core.history import HistoryAdmin
from core.languages import localized_fieldnames
from core.publishing import PreviewAdminMixin, PublicationStatusFilter

from . import selectors
from .models import AgendaItem, Document, Meeting, MeetingHost, Photo, StudyVisit, Theme
from .services import meeting_duplicate, meeting_slugs_follow_title, next_hosts, theme_merge


class MeetingHostInline(admin.TabularInline):
    model = MeetingHost
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "position"]


class StudyVisitInline(TranslationStackedInline):
    model = StudyVisit
    extra = 0
    fields = ["order", "name", "place", "description", "link", "themes"]
    autocomplete_fields = ["themes"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AgendaItemInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "time", "title", "speakers", "guest_list", "description", "themes"]
    readonly_fields = ["guest_list"]
    autocomplete_fields = ["themes"]

    @admin.display(description=_("guests (talks)"))
    def guest_list(self, obj):
        """The item's speakers as records of their own (an app above meetings keeps them:
        ``agenda_guests`` in ``meetings.apps``), each linked to its talk."""
        links = selectors.agenda_guests([obj]).get(obj.pk, []) if obj.pk else []
        if not links:
            return _("None yet: add talks under Guests › Talks.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}">{}</a></li>', ((g["admin_url"], g["label"]) for g in links)
            ),
        )


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    """Not in the admin's index (agenda items are edited in their meeting): it answers the
    autocomplete of the forms that link to an agenda item (a guest's talk)."""

    search_fields = ["title_sv", "title_en", "meeting__title_sv", "meeting__title_en"]
    ordering = ["-meeting__date", "order"]

    def get_model_perms(self, request):
        return {}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")


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
class MeetingAdmin(PreviewAdminMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = [
        "date",
        "title",
        "kind",
        "format",
        "host_names",
        "is_published",
        "publish_from",
        "publish_until",
    ]
    list_filter = [
        PublicationStatusFilter,
        "kind",
        "format",
        "is_published",
        "hosted_by_steering_group",
        "hosts",
        "themes",
    ]
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
        (
            _("Scheduled publishing"),
            {
                "fields": ["publish_from", "publish_until"],
                "description": _(
                    "Optional. A published meeting is shown from “publish from” until "
                    "“publish until”; outside that time only staff can preview it."
                ),
            },
        ),
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

    def save_model(self, request, obj, form, change):
        if change:
            meeting_slugs_follow_title(meeting=obj, previous=form.initial, edited=form.changed_data)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("hosts"))
    def host_names(self, obj):
        names = [host.short_name or host.name for host in obj.hosts.all()]
        if obj.hosted_by_steering_group:
            names.append(str(_("steering group")))
        return ", ".join(names)

    @admin.display(description=_("suggested next hosts"))
    def rotation_suggestion(self, obj):
        return _rotation_html(next_hosts(count=5))

    @admin.action(
        description=_("Duplicate as next meeting (half a year later, unpublished)"),
        permissions=["add"],
    )
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
    list_display = ["name", "position", "meeting_count"]
    list_editable = ["position"]
    search_fields = localized_fieldnames("name")
    fields = ["name", "slug", "description", "position"]
    actions = ["merge_themes"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug_sv": ("name_sv",), "slug_en": ("name_en",)}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(meeting_count=models.Count("meetings", distinct=True))
        )

    @admin.display(description=_("meetings"), ordering="meeting_count")
    def meeting_count(self, obj):
        return obj.meeting_count

    @admin.action(description=_("Merge the selected themes into one"), permissions=["delete"])
    def merge_themes(self, request, queryset):
        """Merge after a confirmation page where the coordinator picks the theme to keep."""
        themes = list(queryset.order_by("position", "pk"))
        if len(themes) < 2:
            self.message_user(request, _("Select at least two themes to merge."), messages.WARNING)
            return None
        kept = next((t for t in themes if str(t.pk) == request.POST.get("kept")), None)
        if request.POST.get("confirm_merge") == "yes" and kept is not None:
            merged = [theme for theme in themes if theme.pk != kept.pk]
            theme_merge(kept=kept, merged=merged)
            self.message_user(
                request,
                ngettext(
                    "%(count)d theme was merged into “%(kept)s”.",
                    "%(count)d themes were merged into “%(kept)s”.",
                    len(merged),
                )
                % {"count": len(merged), "kept": kept},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge themes"),
            "themes": themes,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/theme/merge_confirmation.html", context)

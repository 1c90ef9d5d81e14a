"""The coordinator keeps the guests here: organisations, people and their talks."""

import os

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.history import HistoryAdmin
from core.protected_files import protected_file_response

from .models import Guest, Organisation, SlideUpload, Talk
from .services import guest_erase, slides_link_send, slides_publish, slides_reject


def agenda_item_label(item) -> str:
    """An agenda item as the coordinator picks it: many meetings have a “K3 projects”."""
    return f"{item.meeting.date:%Y-%m-%d} {item.meeting.title}: {item.title}"


class AgendaItemAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, naming each agenda item with its meeting's date and title."""

    def get_queryset(self):
        return super().get_queryset().select_related("meeting")

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": agenda_item_label(obj)}


class AgendaItemSelect(AutocompleteSelect):
    url_name = "%s:guests_talk_agenda_item_autocomplete"

    def optgroups(self, name, value, attr=None):
        # The selected item's label, as the autocomplete gives it.
        groups = super().optgroups(name, value, attr)
        for _group, options, _index in groups:
            for option in options:
                item = getattr(option["value"], "instance", None)
                if item is not None:
                    option["label"] = agenda_item_label(item)
        return groups


class TalkInline(admin.TabularInline):
    model = Talk
    extra = 0
    fields = ["agenda_item", "guest", "organisation", "order"]
    autocomplete_fields = ["guest", "organisation"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            kwargs["widget"] = AgendaItemSelect(db_field, self.admin_site)
            kwargs["queryset"] = db_field.related_model.objects.select_related("meeting")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("agenda_item__meeting", "guest", "organisation")
        )


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_sv", "name_en", "short_name_sv", "short_name_en"]
    fields = ["name", "short_name", "slug", "kind", "website"]
    inlines = [TalkInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ("name_sv",)}


@admin.register(Guest)
class GuestAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "role", "organisation", "publicly_named"]
    list_filter = ["publicly_named", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "role_sv", "role_en", "organisation__name_sv"]
    fields = ["name", "role", "organisation", "publicly_named", "email"]
    autocomplete_fields = ["organisation"]
    inlines = [TalkInline]

    # Deleting a guest is erasing them: no trace in the history, the organisation's talk stays.
    def delete_model(self, request, obj):
        guest_erase(guest=obj)

    def delete_queryset(self, request, queryset):
        for guest in queryset:
            guest_erase(guest=guest)


def _slides_link_action(code: str, language):
    """The admin action that sends the selected talks' guests the slides link in the
    language ``code`` (``language``: its name), for those who may change talks."""

    @admin.action(
        permissions=["change"],
        description=lazy(
            lambda: (
                _("Send the guest the link for their slides (in %(language)s)")
                % {"language": language}
            ),
            str,
        )(),
    )
    def send_slides_link(modeladmin, request, queryset):
        modeladmin._send_slides_link(request, queryset, code)

    send_slides_link.__name__ = f"send_slides_link_{code}"
    return send_slides_link


@admin.register(Talk)
class TalkAdmin(HistoryAdmin, admin.ModelAdmin):
    list_display = ["__str__", "meeting_date", "guest", "organisation"]
    list_select_related = ["agenda_item__meeting", "guest", "organisation"]
    search_fields = ["guest__name", "organisation__name_sv", "agenda_item__title_sv"]
    list_filter = ["organisation__kind"]
    fields = ["agenda_item", "guest", "organisation", "order"]
    autocomplete_fields = ["guest", "organisation"]
    ordering = ["-agenda_item__meeting__date", "agenda_item__order", "order"]
    # One per language of settings.LANGUAGES: the e-mail is in the language chosen.
    actions = [_slides_link_action(code, language) for code, language in settings.LANGUAGES]

    def _send_slides_link(self, request, queryset, language):
        talks = queryset.select_related("agenda_item__meeting", "guest")
        sent = sum(slides_link_send(talk=talk, language=language) for talk in talks)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "The link for sending slides went to %(count)d guest.",
                    "The link for sending slides went to %(count)d guests.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if sent < len(talks):
            self.message_user(
                request,
                _(
                    "%(count)d of the selected talks have no person with an e-mail address: "
                    "add the address on the guest, then send again."
                )
                % {"count": len(talks) - sent},
                messages.WARNING,
            )

    @admin.display(description=_("date"), ordering="agenda_item__meeting__date")
    def meeting_date(self, obj):
        return obj.agenda_item.meeting.date

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            kwargs["widget"] = AgendaItemSelect(db_field, self.admin_site)
            kwargs["queryset"] = db_field.related_model.objects.select_related("meeting")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "agenda-item-autocomplete/",
                self.admin_site.admin_view(
                    AgendaItemAutocompleteView.as_view(admin_site=self.admin_site)
                ),
                name="guests_talk_agenda_item_autocomplete",
            ),
            *super().get_urls(),
        ]


@admin.register(SlideUpload)
class SlideUploadAdmin(admin.ModelAdmin):
    """Slides guests sent: the coordinator chooses the visibility and publishes or rejects."""

    list_display = ["title", "talk", "uploaded_at", "state", "visibility"]
    list_editable = ["visibility"]
    list_filter = ["state", "visibility"]
    list_select_related = ["talk__agenda_item__meeting", "talk__guest", "talk__organisation"]
    fields = ["talk", "title", "file_link", "visibility", "state", "document", "decided_at"]
    readonly_fields = ["talk", "file_link", "state", "document", "decided_at"]
    actions = ["publish", "reject"]

    @admin.display(description=_("file"))
    def file_link(self, obj):
        url = reverse("admin:guests_slideupload_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, os.path.basename(obj.file.name))

    def get_urls(self):
        return [
            path(
                "<int:pk>/file/",
                self.admin_site.admin_view(self.file_view),
                name="guests_slideupload_file",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, pk):
        """The uploaded file, for the coordinator to look at before deciding (private
        storage has no URL)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(SlideUpload, pk=pk)
        return protected_file_response(upload.file, filename=os.path.basename(upload.file.name))

    def has_add_permission(self, request):
        return False  # guests send them through their link

    @admin.action(description=_("Publish with the meeting's documents"), permissions=["change"])
    def publish(self, request, queryset):
        pending = list(
            queryset.filter(state=SlideUpload.State.PENDING).select_related(
                "talk__agenda_item__meeting"
            )
        )
        for upload in pending:
            slides_publish(upload=upload)
        self.message_user(
            request,
            ngettext(
                "%(count)d set of slides was published with its meeting's documents.",
                "%(count)d sets of slides were published with their meetings' documents.",
                len(pending),
            )
            % {"count": len(pending)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject (not published)"), permissions=["change"])
    def reject(self, request, queryset):
        for upload in queryset.filter(state=SlideUpload.State.PENDING):
            slides_reject(upload=upload)

"""The coordinator keeps the guests here: organisations, people and their talks."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.urls import path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.history import HistoryAdmin

from .models import Guest, Organisation, Talk
from .services import guest_erase


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


@admin.register(Talk)
class TalkAdmin(HistoryAdmin, admin.ModelAdmin):
    list_display = ["__str__", "meeting_date", "guest", "organisation"]
    list_select_related = ["agenda_item__meeting", "guest", "organisation"]
    search_fields = ["guest__name", "organisation__name_sv", "agenda_item__title_sv"]
    list_filter = ["organisation__kind"]
    fields = ["agenda_item", "guest", "organisation", "order"]
    autocomplete_fields = ["guest", "organisation"]
    ordering = ["-agenda_item__meeting__date", "agenda_item__order", "order"]

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

"""The coordinator's side: registration settings and parts on the meeting's page, the list of
registrations with filters, exports, name badges and e-mail to those registered."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_filters import ChoiceListFilter, is_row_id
from core.mail import failed_mail_message, skipped_mail_message
from meetings.models import Meeting

from . import badges, emails, exports
from .models import Entry, Part, Registration, RegistrationWindow
from .services import (
    part_waiting_list_promote,
    registration_coordinator_cancel,
    registration_coordinator_delete,
    registration_setup,
)


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- On the meeting's admin page ------------------------------------------------------------


class RegistrationWindowInline(admin.StackedInline):
    model = RegistrationWindow
    extra = 0
    max_num = 1
    fields = ["opens_at", "closes_at"]
    verbose_name_plural = _("registration")


class PartFormSet(BaseInlineFormSet):
    """After saving, a part with more places gives them to its waiting list."""

    def save(self, commit=True):
        saved = super().save(commit=commit)
        request = getattr(self, "request", None)
        for part in saved:
            if part.pk and "capacity" in self._changed(part):
                part_waiting_list_promote(part=part, base_url=_base_url(request) if request else "")
        return saved

    def _changed(self, part) -> list[str]:
        for form in self.forms:
            if form.instance.pk == part.pk:
                return form.changed_data
        return []


class PartInline(admin.TabularInline):
    model = Part
    formset = PartFormSet
    extra = 0
    fields = [
        "kind",
        "study_visit",
        "capacity",
        "starts_at",
        "ends_at",
        "position",
        "confirmed",
        "waiting",
    ]
    readonly_fields = ["confirmed", "waiting"]
    verbose_name_plural = _("registration: parts, places and counts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("study_visit").with_counts()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "study_visit":
            meeting_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = db_field.related_model.objects.filter(meeting_id=meeting_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("confirmed"))
    def confirmed(self, part):
        return getattr(part, "confirmed_count", "–")

    @admin.display(description=_("waiting list"))
    def waiting(self, part):
        return getattr(part, "waiting_count", "–")


@admin.action(
    description=_("Open registration (a part per study visit, dinner and meeting)"),
    permissions=["registration_setup"],
)
def open_registration(modeladmin, request, queryset):
    created = sum(len(registration_setup(meeting=meeting)) for meeting in queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Registration is open; %(count)d part was added. Set the places and times on the "
            "meeting's page.",
            "Registration is open; %(count)d parts were added. Set the places and times on "
            "the meeting's page.",
            created,
        )
        % {"count": created},
        messages.SUCCESS,
    )


def _may_set_up_registration(request) -> bool:
    """``open_registration`` adds the registration period and the parts."""
    return request.user.has_perms(["registration.add_registrationwindow", "registration.add_part"])


def _extend_meeting_admin() -> None:
    """Add registration to the meeting admin without the meetings app knowing about it."""
    meeting_admin = admin.site._registry.get(Meeting)
    if meeting_admin is None or PartInline in meeting_admin.inlines:
        return
    # The check behind the action's permissions=["registration_setup"].
    meeting_admin.has_registration_setup_permission = _may_set_up_registration
    meeting_admin.inlines = [*meeting_admin.inlines, RegistrationWindowInline, PartInline]
    meeting_admin.actions = [*(meeting_admin.actions or []), open_registration]


_extend_meeting_admin()


# --- The registrations ------------------------------------------------------------------------


class EntryInline(admin.TabularInline):
    model = Entry
    extra = 0
    fields = [
        "part",
        "status",
        "queued_at",
        "promoted_at",
        "attendance",
        "attendance_marked_by",
        "attendance_marked_at",
    ]
    readonly_fields = ["queued_at", "promoted_at", "attendance_marked_by", "attendance_marked_at"]

    def has_add_permission(self, request, obj=None):
        # A cancelled registration holds no places; the person registers again instead.
        if obj is not None and obj.is_cancelled:
            return False
        return super().has_add_permission(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("part__study_visit", "attendance_marked_by")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "part":
            registration_id = request.resolver_match.kwargs.get("object_id")
            meeting = Registration.objects.filter(pk=registration_id).values("meeting_id")
            kwargs["queryset"] = Part.objects.filter(meeting_id__in=meeting).select_related(
                "study_visit"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PartFilter(ChoiceListFilter):
    """Those on one part: the parts of the meeting chosen in the meeting filter."""

    title = _("part")
    parameter_name = "part"

    def lookups(self, request, model_admin):
        meeting_id = request.GET.get("meeting__id__exact")
        parts = Part.objects.select_related("study_visit", "meeting")
        if meeting_id and meeting_id.isdigit():
            parts = parts.filter(meeting_id=meeting_id)
        else:
            parts = parts.filter(meeting__date__gte=timezone.localdate())
        return [
            (part.pk, part.name if meeting_id else f"{part.meeting.date:%Y-%m-%d} {part.name}")
            for part in parts.order_by("meeting__date", "position", "pk")
        ]

    def value_allowed(self, value: str) -> bool:
        # Any part, also one the list does not offer now (a past meeting's, linked to).
        return is_row_id(value) and Part.objects.filter(pk=value).exists()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(entries__part_id=self.value()).distinct()
        return queryset


class StatusFilter(ChoiceListFilter):
    title = _("waiting list")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", _("on a waiting list")), ("no", _("only confirmed places"))]

    def queryset(self, request, queryset):
        waiting = queryset.filter(entries__status=Entry.Status.WAITLISTED)
        if self.value() == "yes":
            return queryset.filter(pk__in=waiting.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=waiting.values("pk"))
        return queryset


class StateFilter(ChoiceListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Registration.State.choices

    def queryset(self, request, queryset):
        if self.value() == Registration.State.REGISTERED:
            return queryset.active()
        if self.value() == Registration.State.CANCELLED:
            return queryset.cancelled()
        return queryset


class AttendanceFilter(ChoiceListFilter):
    title = _("attendance")
    parameter_name = "attendance"

    def lookups(self, request, model_admin):
        return [("yes", _("attended a part")), ("no", _("attended no part"))]

    def queryset(self, request, queryset):
        attended = queryset.filter(entries__attendance=Entry.Attendance.ATTENDED)
        if self.value() == "yes":
            return queryset.filter(pk__in=attended.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=attended.values("pk"))
        return queryset


class MessageForm(forms.Form):
    subject_sv = forms.CharField(label=_("Subject in Swedish"), max_length=200)
    body_sv = forms.CharField(label=_("Message in Swedish"), widget=forms.Textarea)
    subject_en = forms.CharField(label=_("Subject in English"), max_length=200, required=False)
    body_en = forms.CharField(
        label=_("Message in English"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Those who chose English get this; empty: they get the Swedish text."),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("subject_en")) != bool(cleaned.get("body_en")):
            raise ValidationError(_("Write both the English subject and message, or neither."))
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "institution",
        "meeting",
        "part_summary",
        "state",
        "is_substitute",
        "language",
        "listing_consent",
        "created_at",
    ]
    list_filter = [
        ("meeting", admin.RelatedOnlyFieldListFilter),
        StateFilter,
        PartFilter,
        StatusFilter,
        AttendanceFilter,
        "added_at_door",
        "is_substitute",
        "language",
        "listing_consent",
    ]
    search_fields = ["person__name", "person__institution__name_sv", "person__email"]
    # "institution": the registration's own, where the person came from then.
    list_select_related = ["person__institution", "institution", "meeting"]
    autocomplete_fields = ["person", "registered_by"]
    readonly_fields = ["created_at", "updated_at", "cancelled_at", "notes_erased_at"]
    fields = [
        "meeting",
        "person",
        "registered_by",
        "is_substitute",
        "language",
        "listing_consent",
        "added_at_door",
        "diet",
        "accessibility",
        "created_at",
        "updated_at",
        "cancelled_at",
        "notes_erased_at",
    ]
    inlines = [EntryInline]
    actions = [
        "export_csv",
        "export_xlsx",
        "diet_list",
        "name_badges",
        "send_message",
        "cancel_with_waiting_list",
        "delete_with_waiting_list",
    ]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("entries", queryset=Entry.objects.select_related("part__study_visit"))
            )
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting must move the waiting lists up: our own action does.
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("parts"))
    def part_summary(self, registration):
        return "; ".join(
            f"{entry.part.name}"
            + ("" if entry.is_confirmed else f" ({_('waiting list')})")
            + (f" – {entry.get_attendance_display()}" if entry.attendance else "")
            for entry in registration.entries.all()
        )

    @admin.display(description=_("state"), ordering="cancelled_at")
    def state(self, registration):
        if registration.is_cancelled:
            return _("cancelled %(when)s") % {
                "when": date_format(timezone.localtime(registration.cancelled_at), "j M Y H:i")
            }
        return registration.get_state_display()

    def delete_model(self, request, obj):
        registration_coordinator_delete(registration=obj, base_url=_base_url(request))

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            registration_coordinator_delete(registration=registration, base_url=_base_url(request))

    @admin.action(
        description=_("Cancel (kept as cancelled); the waiting lists move up"),
        permissions=["change"],
    )
    def cancel_with_waiting_list(self, request, queryset):
        if request.POST.get("confirm") == "yes":
            count = 0
            for registration in queryset.active():
                registration_coordinator_cancel(
                    registration=registration, base_url=_base_url(request)
                )
                count += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was cancelled.",
                    "%(count)d registrations were cancelled.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request,
            queryset.active(),
            "admin/registration/registration/cancel_confirmation_action.html",
            _("Cancel registrations"),
            action="cancel_with_waiting_list",
        )

    @admin.action(description=_("Delete; the waiting lists move up"), permissions=["delete"])
    def delete_with_waiting_list(self, request, queryset):
        if request.POST.get("confirm") == "yes":
            count = len(queryset)
            self.delete_queryset(request, queryset)
            self.message_user(
                request,
                ngettext(
                    "%(count)d registration was deleted.",
                    "%(count)d registrations were deleted.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return self._intermediate(
            request,
            queryset,
            "admin/registration/registration/delete_confirmation_action.html",
            _("Delete registrations"),
            action="delete_with_waiting_list",
        )

    @admin.action(description=_("Export as CSV"))
    def export_csv(self, request, queryset):
        return _download(exports.participants_csv(queryset), "text/csv; charset=utf-8", "csv")

    @admin.action(description=_("Export as Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        return _download(
            exports.participants_xlsx(queryset),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )

    @admin.action(description=_("Diet list for the dinner"))
    def diet_list(self, request, queryset):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Diet list for the dinner"),
            "groups": exports.dinner_diets(queryset),
        }
        return TemplateResponse(request, "admin/registration/registration/diets.html", context)

    @admin.action(description=_("Name badges (print on A4)"))
    def name_badges(self, request, queryset):
        return TemplateResponse(
            request,
            "registration/badges.html",
            {
                "registrations": badges.badges_with_qr(
                    request=request, registrations=exports.badge_registrations(queryset)
                )
            },
        )

    @admin.action(description=_("Send an e-mail to the selected"), permissions=["change"])
    def send_message(self, request, queryset):
        form = MessageForm(request.POST if "subject_sv" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            texts = {"sv": (data["subject_sv"], data["body_sv"])}
            if data["subject_en"]:
                texts["en"] = (data["subject_en"], data["body_en"])
            # One task for them all: the worker writes and queues each person's e-mail, so
            # the request takes as long for 500 as for 5 (make benchmark).
            pks = list(queryset.values_list("pk", flat=True))
            tally = emails.registrations_message_queue(
                registration_pks=pks, texts=texts, reply_to=request.user.email or ""
            )
            if tally is None:  # waits for the worker
                self.message_user(
                    request,
                    ngettext(
                        "The e-mail to %(count)d registered person is being sent in the "
                        "background. Any the mail server does not take are kept under Failed "
                        "e-mails; those who switched such e-mails off do not get it.",
                        "The e-mail to %(count)d registered people is being sent in the "
                        "background. Any the mail server does not take are kept under Failed "
                        "e-mails; those who switched such e-mails off do not get it.",
                        len(pks),
                    )
                    % {"count": len(pks)},
                    messages.SUCCESS,
                )
                return None
            sent, failed = tally.sent, tally.failed
            self.message_user(
                request,
                # On its way: handed to the task queue (sent at once where tasks run at once).
                ngettext(
                    "%(count)d e-mail is on its way. Any the mail server does not take are kept "
                    "under Failed e-mails.",
                    "%(count)d e-mails are on their way. Any the mail server does not take are "
                    "kept under Failed e-mails.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
            if tally.skipped:
                self.message_user(request, skipped_mail_message(tally.skipped), messages.INFO)
            if failed:
                self.message_user(request, failed_mail_message(failed), messages.ERROR)
            return None
        return self._intermediate(
            request,
            queryset,
            "admin/registration/registration/message.html",
            _("Send an e-mail to those registered"),
            action="send_message",
            form=form,
        )

    def _intermediate(self, request, queryset, template, title, **extra):
        registrations = list(queryset.select_related("person"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "registrations": registrations,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **extra,
        }
        return TemplateResponse(request, template, context)


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="registrations-{stamp}.{extension}"'
    return response

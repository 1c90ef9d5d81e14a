"""The coordinator's side: the default messages, each meeting's plan (on its own list and on
the meeting's page), the preview with the exact recipients, approving and sending, one-off
messages, and the read-only record of who got what."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_filters import SafeChangeListMixin
from core.models import OutgoingMail
from meetings.models import Meeting
from meetings.registration.models import Part

from .models import DELIVERY_HEADER, Communication, Delivery, MessageTemplate, Moment
from .preview import communication_preview
from .services import communication_approve, communication_moment, communication_send_enqueue
from .services import plan_make as _plan_make


def _days_moment(obj) -> str:
    if obj.moment in (Moment.BEFORE_CLOSING, Moment.BEFORE_MEETING, Moment.AFTER_MEETING):
        return f"{obj.get_moment_display()}: {obj.days}"
    return str(obj.get_moment_display())


@admin.register(MessageTemplate)
class MessageTemplateAdmin(SafeChangeListMixin, TabbedTranslationAdmin):
    list_display = ["__str__", "audience", "moment_display", "is_active", "position"]
    list_editable = ["is_active", "position"]
    fields = ["kind", "audience", "moment", "days", "subject", "body", "is_active", "position"]

    @admin.display(description=_("moment"))
    def moment_display(self, obj):
        return _days_moment(obj)


class PartChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, part):
        return f"{part.meeting} – {part.name}"


@admin.register(Communication)
class CommunicationAdmin(SafeChangeListMixin, TabbedTranslationAdmin):
    change_form_template = "admin/communications/communication/change_form.html"
    list_display = [
        "__str__",
        "audience",
        "moment_display",
        "goes",
        "state",
        "delivery_count",
        "preview_link",
    ]
    list_filter = ["kind", "audience", "is_enabled"]
    list_select_related = ["meeting__registration_window", "part__study_visit"]
    search_fields = ["meeting__title_sv", "meeting__title_en", "subject_sv", "subject_en"]
    autocomplete_fields = ["meeting"]
    fields = [
        "meeting",
        "kind",
        "audience",
        "part",
        "moment",
        "days",
        "subject",
        "body",
        "is_enabled",
        "position",
        "approved_at",
        "approved_by",
        "started_at",
        "finished_at",
    ]
    readonly_fields = ["approved_at", "approved_by", "started_at", "finished_at"]
    actions = ["approve", "send_now"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(deliveries_total=Count("deliveries"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("moment", Moment.ON_SEND)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "part":
            parts = Part.objects.select_related("meeting", "study_visit")
            object_id = request.resolver_match.kwargs.get("object_id")
            meeting = Communication.objects.filter(pk=object_id).values("meeting_id")
            if object_id:
                parts = parts.filter(meeting_id__in=meeting)
            else:
                parts = parts.filter(meeting__date__gte=timezone.localdate())
            kwargs["queryset"] = parts.order_by("meeting__date", "position", "pk")
            kwargs["form_class"] = PartChoiceField
        if db_field.name == "approved_by":
            kwargs["queryset"] = db_field.related_model.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="communications_communication_preview"),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # A new message is checked before it goes: straight to its preview.
        return HttpResponseRedirect(_preview_url(obj))

    @admin.display(description=_("moment"))
    def moment_display(self, obj):
        return _days_moment(obj)

    @admin.display(description=_("goes"))
    def goes(self, obj):
        moment = communication_moment(communication=obj)
        return date_format(timezone.localtime(moment), "j N Y H:i") if moment else "–"

    @admin.display(description=_("state"))
    def state(self, obj):
        return communication_state(obj)

    @admin.display(description=_("e-mails"))
    def delivery_count(self, obj):
        return getattr(obj, "deliveries_total", "–")

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html('<a href="{}">{}</a>', _preview_url(obj), _("Preview and send"))

    # Approving and sending --------------------------------------------------------------------

    @admin.action(description=_("Approve: send at the moment planned"), permissions=["change"])
    def approve(self, request, queryset):
        count = 0
        one_off = queryset.filter(moment=Moment.ON_SEND)
        if one_off.exists():
            self.message_user(
                request,
                _(
                    "A message that goes when you press send has no moment to wait for: "
                    "use “Send now” for it."
                ),
                messages.WARNING,
            )
        for communication in queryset.exclude(moment=Moment.ON_SEND):
            communication_approve(communication=communication, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d message is approved and goes at its moment.",
                "%(count)d messages are approved and go at their moments.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Send now"), permissions=["change"])
    def send_now(self, request, queryset):
        count = 0
        for communication in queryset:
            _send_now(request, communication)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d message is on its way to its recipients.",
                "%(count)d messages are on their way to their recipients.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def preview_view(self, request, pk):
        communication = get_object_or_404(
            Communication.objects.select_related(
                "meeting__registration_window", "part__study_visit", "part__meeting"
            ),
            pk=pk,
        )
        if not self.has_view_permission(request, communication):
            raise PermissionDenied
        may_send = self.has_change_permission(request, communication)
        if request.method == "POST":
            if not may_send:
                raise PermissionDenied
            if "_send" in request.POST:
                _send_now(request, communication)
                self.message_user(
                    request, _("The message is on its way to its recipients."), messages.SUCCESS
                )
            elif "_approve" in request.POST and communication.moment != Moment.ON_SEND:
                communication_approve(communication=communication, user=request.user)
                self.message_user(
                    request, _("The message is approved and goes at its moment."), messages.SUCCESS
                )
            return HttpResponseRedirect(_preview_url(communication))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": communication,
            "title": _("Preview: %(message)s") % {"message": communication},
            "preview": communication_preview(communication=communication),
            "state": communication_state(communication),
            "goes": communication_moment(communication=communication),
            "may_send": may_send,
            "may_approve": may_send and communication.moment != Moment.ON_SEND,
        }
        return TemplateResponse(request, "admin/communications/communication/preview.html", context)


def _preview_url(communication) -> str:
    return reverse("admin:communications_communication_preview", args=[communication.pk])


def _send_now(request, communication) -> None:
    """Approve and queue the sending: the request only enqueues, however many recipients."""
    if communication.approved_at is None or not communication.is_enabled:
        communication_approve(communication=communication, user=request.user)
    communication_send_enqueue(communication_pk=communication.pk)


def communication_state(communication) -> str:
    if communication.finished_at:
        return _("sent %(when)s") % {
            "when": date_format(timezone.localtime(communication.finished_at), "j N Y H:i")
        }
    if communication.started_at:
        return _("sending")
    if not communication.is_enabled:
        return _("off")
    if communication.approved_at:
        return _("approved")
    return _("draft: not approved")


@admin.register(Delivery)
class DeliveryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """The record of who got what, when, and the outcome: read only."""

    list_display = ["person", "email", "language", "communication", "outcome", "created_at"]
    list_filter = ["status", "language", "communication__kind"]
    list_select_related = ["person", "communication__meeting"]
    search_fields = ["person__name", "email", "communication__meeting__title_sv"]
    date_hierarchy = "created_at"

    readonly_fields = ["outcome"]

    def get_queryset(self, request):
        kept = OutgoingMail.objects.annotate(
            delivery=KeyTextTransform(DELIVERY_HEADER, "headers")
        ).filter(delivery=Cast(OuterRef("pk"), CharField()))
        return super().get_queryset(request).annotate(kept=Exists(kept))

    @admin.display(description=_("outcome"), ordering="status")
    def outcome(self, delivery):
        if getattr(delivery, "kept", False):
            return _("not sent: the mail server refused it; kept under Failed e-mails")
        return delivery.get_status_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- On the meeting's page -------------------------------------------------------------------


class CommunicationInline(admin.TabularInline):
    """The meeting's plan, read here; each message is edited and previewed on its own page."""

    model = Communication
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["kind", "audience", "moment_display", "state", "preview_link"]
    readonly_fields = fields
    verbose_name_plural = _("communications: the plan of messages")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting")

    @admin.display(description=_("moment"))
    def moment_display(self, obj):
        return _days_moment(obj)

    @admin.display(description=_("state"))
    def state(self, obj):
        return communication_state(obj)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html('<a href="{}">{}</a>', _preview_url(obj), _("Preview and send"))


@admin.action(description=_("Make the plan of messages from the defaults"), permissions=["plan"])
def plan_make(modeladmin, request, queryset):
    created = sum(len(_plan_make(meeting=meeting)) for meeting in queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d message was added to the plans. Check and approve it on the meeting's page.",
            "%(count)d messages were added to the plans. Check and approve them on the "
            "meeting's page.",
            created,
        )
        % {"count": created},
        messages.SUCCESS,
    )


def _may_plan(request) -> bool:
    return request.user.has_perm("communications.add_communication")


def _extend_meeting_admin() -> None:
    """Show the plan on the meeting's page without the meetings app knowing about it."""
    meeting_admin = admin.site._registry.get(Meeting)
    if meeting_admin is None or CommunicationInline in meeting_admin.inlines:
        return
    meeting_admin.has_plan_permission = _may_plan
    meeting_admin.inlines = [*meeting_admin.inlines, CommunicationInline]
    meeting_admin.actions = [*(meeting_admin.actions or []), plan_make]


_extend_meeting_admin()

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.history import HistoryAdmin
from core.mail import mail_send_again
from core.mail_kinds import mail_kind
from core.models import MailOptOut, OutgoingMail, SuppressedAddress


class SingletonAdmin(HistoryAdmin, TabbedTranslationAdmin):
    """The admin of a one-row model (core.models.SingletonModel): no second row, no delete."""

    def has_add_permission(self, request):
        return not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """E-mails the mail server did not take; “Send again” once it works (core.mail)."""

    list_display = ["subject", "kind", "recipient_list", "attempts", "last_attempt_at", "error"]
    list_filter = ["kind"]
    search_fields = ["subject", "to", "cc"]
    date_hierarchy = "last_attempt_at"
    actions = ["send_again"]
    fields = [
        "kind",
        "language",
        "from_email",
        "to",
        "cc",
        "bcc",
        "reply_to",
        "subject",
        "body",
        "attachment_names",
        "created_at",
        "last_attempt_at",
        "attempts",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        # Only a failed send makes one.
        return False

    @admin.display(description=_("recipients"))
    def recipient_list(self, obj):
        return ", ".join(obj.recipients)

    @admin.display(description=_("attachments"))
    def attachment_names(self, obj):
        return ", ".join(attachment["filename"] for attachment in obj.attachments) or "–"

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        sent = failed = queued = skipped = 0
        for mail in queryset:
            outcome = mail_send_again(mail=mail)
            if outcome is None:
                queued += 1
            elif outcome.sent:
                sent += 1
            elif outcome.skipped:
                skipped += 1
            else:
                failed += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail is queued to be sent again; if it fails again, it "
                    "stays here.",
                    "%(count)d e-mails are queued to be sent again; those that fail again "
                    "stay here.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
        if sent:
            self.message_user(
                request,
                ngettext("%(count)d e-mail was sent.", "%(count)d e-mails were sent.", sent)
                % {"count": sent},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail could not be sent this time either; it is kept here.",
                    "%(count)d e-mails could not be sent this time either; they are kept here.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was not sent and is deleted: its recipient no longer "
                    "receives e-mails of its kind, or the address is blocked.",
                    "%(count)d e-mails were not sent and are deleted: their recipients no "
                    "longer receive e-mails of their kind, or the addresses are blocked.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(admin.ModelAdmin):
    """Addresses no e-mail a recipient may switch off goes to: the mail provider reported a
    bounce or a spam report (core.mail_tracking), or the coordinator added one. Deleting
    one lets such e-mail go to it again; receipts (confirmations, password resets) always go.
    """

    list_display = ["address", "reason", "provider", "created_at"]
    list_filter = ["reason", "provider"]
    search_fields = ["address"]
    date_hierarchy = "created_at"

    def get_fields(self, request, obj=None):
        if obj is None:  # the coordinator blocks an address by hand
            return ["address", "detail"]
        return ["address", "reason", "provider", "detail", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        # What a provider reported is a record: it is kept or deleted, not rewritten.
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.reason = SuppressedAddress.Reason.MANUAL
        super().save_model(request, obj, form, change)


@admin.register(MailOptOut)
class MailOptOutAdmin(admin.ModelAdmin):
    """The kinds of e-mail recipients switched off (their e-mail settings, or an
    unsubscribe link); only they switch them on again, the coordinator sees them."""

    list_display = ["recipient", "kind_label", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__email", "address"]
    fields = ["recipient", "kind_label", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.user.email if obj.user_id else obj.address

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return f"{mail_kind(obj.kind).label} ({obj.kind})"

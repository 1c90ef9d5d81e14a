"""The coordinator writes a meeting's record here, decides the attendees' comments and keeps
the questions carried forward.

A final record is locked: a change that does not say why (the "reason for the revision") is
refused, and one that does is saved as a new revision whose history comment is the reason.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from core.concurrency import TOKEN_FIELD, EditConflictForm
from core.history import HistoryAdmin
from core.mail import failed_mail_message, skipped_mail_message
from meetings.models import AgendaItem, Document, Photo

from .models import CarriedQuestion, Record, RecordComment, RecordSection
from .services import record_state_announce

LOCKED = _(
    "This record is final and locked. To change it, start a new revision: write what you "
    "change and why under “Reason for the revision”, then save."
)
PENDING_COMMENTS = _("Accept or reject every comment before the record is made final.")


def _stored_state(record: Record) -> str | None:
    if not record.pk:
        return None
    return Record.objects.filter(pk=record.pk).values_list("state", flat=True).first()


def _revision_reason(data) -> str:
    return (data.get("revision_reason") or "").strip()


class RecordAdminForm(EditConflictForm):
    revision_reason = forms.CharField(
        label=_("Reason for the revision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to change a final record: what changes and why. Kept in its history."),
    )

    class Meta:
        model = Record
        fields = ["meeting", "state", "documents", "photos"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting_id = self.instance.meeting_id if self.instance.pk else None
        # Only the meeting's own documents and photos can be linked.
        if "documents" in self.fields:
            self.fields["documents"].queryset = Document.objects.filter(meeting_id=meeting_id)
        if "photos" in self.fields:
            self.fields["photos"].queryset = Photo.objects.filter(meeting_id=meeting_id)

    def clean(self):
        cleaned = super().clean()
        stored = self.stored_state = _stored_state(self.instance)
        state = cleaned.get("state")
        changed = [
            name for name in self.changed_data if name not in {"revision_reason", TOKEN_FIELD}
        ]
        if stored == Record.State.FINAL and changed and not cleaned.get("revision_reason"):
            raise ValidationError(LOCKED, code="locked")
        if stored and state and state not in Record.TRANSITIONS[stored]:
            self.add_error(
                "state",
                _("A record goes from draft to review to final; a final record stays final."),
            )
        elif stored is None and state == Record.State.FINAL:
            self.add_error("state", _("A new record starts as a draft or in review."))
        return cleaned


class LockedRecordFormSet(forms.BaseInlineFormSet):
    """A final record's parts change only with a reason for the revision."""

    def clean(self):
        super().clean()
        if (
            _stored_state(self.instance) == Record.State.FINAL
            and self.has_changed()
            and not _revision_reason(self.data)
        ):
            raise ValidationError(LOCKED, code="locked")


class CommentFormSet(LockedRecordFormSet):
    def clean(self):
        super().clean()
        if self.data.get("state") != Record.State.FINAL:
            return
        for form in self.forms:
            decided = form.cleaned_data.get("status") if hasattr(form, "cleaned_data") else None
            if (decided or form.instance.status) == RecordComment.Status.PENDING:
                raise ValidationError(PENDING_COMMENTS, code="pending")


class RecordSectionInline(TranslationStackedInline):
    model = RecordSection
    formset = LockedRecordFormSet
    extra = 0
    fields = [
        "order",
        "kind",
        "visibility",
        "agenda_item",
        "speaker",
        "text",
        "institution",
        "person_name",
        "name_consent",
    ]
    autocomplete_fields = ["institution"]

    def get_formset(self, request, obj=None, **kwargs):
        # The parts' agenda items are those of the record's meeting.
        request._record_meeting_id = obj.meeting_id if obj is not None else None
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            meeting_id = getattr(request, "_record_meeting_id", None)
            kwargs["queryset"] = AgendaItem.objects.filter(meeting_id=meeting_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RecordCommentInline(admin.TabularInline):
    model = RecordComment
    formset = CommentFormSet
    extra = 0
    fields = ["created_at", "author", "kind", "section", "text", "status", "coordinator_note"]
    readonly_fields = ["created_at", "author", "kind", "section", "text"]
    verbose_name_plural = _("comments from the attendees")

    def has_add_permission(self, request, obj=None):
        return False  # the attendees write them in the members' area

    def has_delete_permission(self, request, obj=None):
        return False  # every correction and its decision stays on record


@admin.register(Record)
class RecordAdmin(HistoryAdmin, admin.ModelAdmin):
    """The record itself has no text of its own: its parts (inline) have a tab per language."""

    Media = TabbedTranslationAdmin.Media
    form = RecordAdminForm
    list_display = ["meeting", "state", "revision", "pending_comments", "updated_at"]
    list_filter = ["state"]
    search_fields = ["meeting__title_sv", "meeting__title_en", "sections__text_sv"]
    autocomplete_fields = ["meeting"]
    filter_horizontal = ["documents", "photos"]
    inlines = [RecordSectionInline, RecordCommentInline]
    readonly_fields = ["revision", "finalised_at"]
    fieldsets = [
        (None, {"fields": ["meeting", "state", "revision", "finalised_at"]}),
        (
            _("Links"),
            {
                "fields": ["documents", "photos"],
                "description": _("Save the record once to choose among the meeting's material."),
            },
        ),
        (None, {"fields": ["revision_reason"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting")
            .annotate(
                waiting=Count("comments", filter=Q(comments__status=RecordComment.Status.PENDING))
            )
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "meeting"] if obj is not None else fields

    @admin.display(description=_("comments waiting"), ordering="waiting")
    def pending_comments(self, obj):
        return obj.waiting

    def save_model(self, request, obj, form, change):
        stored = _stored_state(obj)
        reason = form.cleaned_data.get("revision_reason")
        if stored == Record.State.FINAL and reason:
            obj.revision += 1
        if obj.state == Record.State.FINAL and obj.finalised_at is None:
            obj.finalised_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines: the decisions on the comments are saved by now.
        tally = record_state_announce(record=form.instance, previous=form.stored_state)
        if tally is not None and tally.sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d member was told by e-mail.",
                    "%(count)d members were told by e-mail.",
                    tally.sent,
                )
                % {"count": tally.sent},
                messages.SUCCESS,
            )
        if tally is not None and tally.failed:
            self.message_user(request, failed_mail_message(tally.failed), messages.WARNING)
        if tally is not None and tally.skipped:
            self.message_user(request, skipped_mail_message(tally.skipped), messages.INFO)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reason = _revision_reason(request.POST)
        if reason and reversion.is_active():
            # The history shows why the final record was changed.
            reversion.set_comment(
                _("Revision %(number)d: %(reason)s") % {"number": obj.revision, "reason": reason}
            )
        return entry


@admin.register(CarriedQuestion)
class CarriedQuestionAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["text", "raised_at", "status", "resolved_at", "visibility"]
    list_filter = ["status", "visibility", "themes"]
    search_fields = ["text_sv", "text_en", "raised_at__title_sv"]
    autocomplete_fields = ["raised_at", "resolved_at", "themes"]
    fields = [
        "raised_at",
        "order",
        "text",
        "themes",
        "visibility",
        "status",
        "resolved_at",
        "note",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("raised_at", "resolved_at")

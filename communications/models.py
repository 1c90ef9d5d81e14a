"""The mail cycle around a meeting: default texts, each meeting's plan, and who got what.

A ``MessageTemplate`` is the coordinator's default for one kind of message (save the date,
registration open, …): its audience, its moment and its text in Swedish and English. Each
meeting gets a plan made from them (``Communication`` rows, ``services.plan_make``) that the
coordinator edits, previews and approves; an approved item goes at its moment
(``services.communications_send_due``). A one-off message is a ``Communication`` of the kind
``meeting/message`` that goes when the coordinator presses send.

``Delivery`` is one message to one person: the row is written (claimed) before the e-mail is
handed to the mail queue, under a unique constraint, so a person never gets the same message
twice, even when two workers or a retry send it at the same moment.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.languages import localized_fieldnames
from meetings.models import Meeting
from meetings.registration.models import Part
from members.models import Person

from .placeholders import unknown_placeholders


class Kind(models.TextChoices):
    # The codes are the kinds handed to core.mail.mail_send (members switch them off there).
    SAVE_THE_DATE = "meeting/save_the_date", _("save the date")
    REGISTRATION_OPEN = "meeting/registration_open", _("registration is open")
    REGISTRATION_CLOSING = "meeting/registration_closing", _("registration closes soon")
    PRACTICAL_INFORMATION = "meeting/practical_information", _("practical information")
    FOLLOW_UP = "meeting/follow_up", _("thank you and follow-up")
    MESSAGE = "meeting/message", _("message from the coordinator")


class Audience(models.TextChoices):
    MEMBERS = "members", _("all members")
    NOT_REGISTERED = "not_registered", _("members not yet registered for the meeting")
    REGISTERED = "registered", _("those registered for the meeting")
    PART = "part", _("those registered for one part")
    ATTENDEES = "attendees", _("those who attended the meeting")
    STEERING_GROUP = "steering_group", _("the steering group")


# Audiences that are about one meeting and need it named.
MEETING_AUDIENCES = {
    Audience.NOT_REGISTERED,
    Audience.REGISTERED,
    Audience.PART,
    Audience.ATTENDEES,
}


class Moment(models.TextChoices):
    PUBLISHED = "published", _("when the meeting is published")
    REGISTRATION_OPENS = "registration_opens", _("when registration opens")
    BEFORE_CLOSING = "before_closing", _("the number of days before registration closes")
    BEFORE_MEETING = "before_meeting", _("the number of days before the meeting")
    AFTER_MEETING = "after_meeting", _("the number of days after the meeting")
    ON_SEND = "on_send", _("when the coordinator presses send")


class MessageFields(models.Model):
    """What a default and a planned message share: audience, moment and text."""

    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    moment = models.CharField(_("moment"), max_length=30, choices=Moment.choices)
    days = models.PositiveSmallIntegerField(
        _("days"),
        default=0,
        help_text=_("For a moment counted in days: how many days before or after."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("message"),
        help_text=_(
            "Plain text. Blank lines separate paragraphs. Placeholders in braces are filled "
            "in for each recipient: {meeting}, {date}, {dates}, {place}, {name}, "
            "{registration_link}, {registration_closes}, {meeting_link}, {materials_link}, "
            "{parts}."
        ),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        # Each language's text (modeltranslation's subject_sv, body_en, …).
        names = [
            name
            for base in ("subject", "body")
            for name in localized_fieldnames(base)
            if hasattr(self, name)
        ]
        for name in names or ["subject", "body"]:
            unknown = unknown_placeholders(getattr(self, name) or "")
            if unknown:
                errors[name] = _(
                    "Unknown placeholder: %(names)s. Use only those listed under the message."
                ) % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
        if errors:
            raise ValidationError(errors)


class MessageTemplate(MessageFields):
    """The coordinator's default for one kind of message; new plans are made from these."""

    # Never on a public page: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    kind = models.CharField(_("kind"), max_length=50, choices=Kind.choices, unique=True)
    is_active = models.BooleanField(
        _("in new plans"),
        default=True,
        help_text=_("Untick to leave this message out of the plans made from now on."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("default message")
        verbose_name_plural = _("default messages")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.get_kind_display()).capitalize()


class CommunicationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_enabled=True, approved_at__isnull=False)


class Communication(MessageFields):
    """One message of a meeting's plan, or a one-off message, with its audience and moment."""

    # Never on a public page: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="communications",
        help_text=_("Empty only for a message to all members or the steering group."),
    )
    kind = models.CharField(_("kind"), max_length=50, choices=Kind.choices, default=Kind.MESSAGE)
    part = models.ForeignKey(
        Part,
        verbose_name=_("part"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="communications",
        help_text=_("For the audience “those registered for one part”: which part."),
    )
    is_enabled = models.BooleanField(
        _("on"), default=True, help_text=_("Untick to leave this message out of the plan.")
    )
    approved_at = models.DateTimeField(
        _("approved"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Once approved the message goes at its moment."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-meeting__date", "position", "pk"]
        constraints = [
            # A plan holds each kind once; one-off messages are as many as the coordinator
            # writes.
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=~Q(kind="meeting/message"),
                name="communication_kind_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(audience="part", part__isnull=False)
                | (~Q(audience="part") & Q(part__isnull=True)),
                name="communication_part_iff_part_audience",
            ),
        ]

    def __str__(self):
        label = str(self.get_kind_display()).capitalize()
        return f"{label}: {self.meeting}" if self.meeting_id else label

    def clean(self):
        super().clean()
        if self.audience in MEETING_AUDIENCES and not self.meeting_id:
            raise ValidationError({"meeting": _("This audience needs a meeting.")})
        if self.audience == Audience.PART and not self.part_id:
            raise ValidationError({"part": _("Choose the part.")})
        if self.audience != Audience.PART and self.part_id:
            raise ValidationError({"part": _("Only the audience of one part names a part.")})
        if self.part_id and self.meeting_id and self.part.meeting_id != self.meeting_id:
            raise ValidationError({"part": _("That part belongs to another meeting.")})
        if self.moment != Moment.ON_SEND and not self.meeting_id:
            raise ValidationError(
                {"moment": _("Without a meeting a message goes when you press send.")}
            )

    @property
    def is_sent(self) -> bool:
        return self.finished_at is not None


# Names the delivery in its e-mail, so a message the mail server finally refused (kept by
# core.mail among the failed e-mails, headers and all) is found from the record.
DELIVERY_HEADER = "X-KLOSSnet-Delivery"


class Delivery(models.Model):
    """One message to one person: claimed before it is handed to the mail queue."""

    # Never on a public page: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    class Status(models.TextChoices):
        QUEUED = "queued", _("handed to the mail queue")
        SKIPPED = "skipped", _("not sent: the recipient switched this kind off")
        FAILED = "failed", _("not sent: the mail queue did not take it")

    communication = models.ForeignKey(
        Communication,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # PROTECT: a person goes only through person_erase, which removes these rows first.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="deliveries"
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    status = models.CharField(_("outcome"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "person"], name="delivery_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.communication} → {self.person}"

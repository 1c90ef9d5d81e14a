"""The record of a meeting and the questions it carries forward.

After a meeting the coordinator writes its record: a summary of the day, a summary per agenda
item and per invited speaker, key insights, agreements and decisions, quotes attributed by
institution. It goes from draft to review (the members who attended read it in the members'
area and send corrections or additions) to final, which locks it: a final record changes only
through a new revision with a reason, kept in the history. Each part is public or for members
only (members only unless the coordinator says otherwise).

Questions the meeting had no time for are carried forward: each stays open, shown on every
later meeting's page and on its themes' pages, until it is taken up at a later meeting or
closed with a note.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.richtext import RICH_TEXT_HELP
from meetings.models import AgendaItem, Document, Meeting, Photo, Theme
from members.models import Institution


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")


class RecordQuerySet(models.QuerySet):
    def final(self):
        return self.filter(state=Record.State.FINAL)


class Record(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        FINAL = "final", _("final")

    # The states a record may move to from each state (a final one stays final: it changes
    # only through a new revision).
    TRANSITIONS = {
        State.DRAFT: {State.DRAFT, State.REVIEW},
        State.REVIEW: {State.DRAFT, State.REVIEW, State.FINAL},
        State.FINAL: {State.FINAL},
    }

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="record"
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
        help_text=_(
            "Draft: only you see it. In review: the members who attended read it in the "
            "members' area and send corrections. Final: published as far as each part's "
            "visibility allows, and locked."
        ),
    )
    documents = models.ManyToManyField(
        Document,
        verbose_name=_("documents"),
        related_name="records",
        blank=True,
        help_text=_("The meeting's documents the record refers to."),
    )
    photos = models.ManyToManyField(
        Photo,
        verbose_name=_("photos"),
        related_name="records",
        blank=True,
        help_text=_("The meeting's photos shown with the record."),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=0, editable=False)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        ordering = ["-meeting__date"]

    def __str__(self):
        return str(self.meeting)

    def get_absolute_url(self):
        return reverse("records:record_detail", kwargs={"slug": self.meeting.slug})

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_in_review(self) -> bool:
        return self.state == self.State.REVIEW


class RecordSection(models.Model):
    """One part of a record, with its own visibility."""

    class Kind(models.TextChoices):
        SUMMARY = "summary", _("summary of the day")
        AGENDA_ITEM = "agenda_item", _("summary of an agenda item")
        SPEAKER = "speaker", _("summary of an invited speaker")
        INSIGHT = "insight", _("key insight")
        DECISION = "decision", _("agreement or decision")
        QUOTE = "quote", _("quote")

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="record_sections",
        null=True,
        blank=True,
        help_text=_("For the summary of an agenda item or of a speaker: the item."),
    )
    speaker = models.CharField(
        _("speaker"),
        max_length=300,
        blank=True,
        help_text=_("For the summary of an invited speaker: name, role, organisation."),
    )
    text = models.TextField(_("text"), help_text=RICH_TEXT_HELP)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="record_quotes",
        null=True,
        blank=True,
        help_text=_("For a quote: the institution it is attributed to."),
    )
    person_name = models.CharField(
        _("person's name"),
        max_length=200,
        blank=True,
        help_text=_("For a quote: shown only when the person consented to being named."),
    )
    name_consent = models.BooleanField(
        _("the person consented to being named"),
        default=False,
        help_text=_("Tick only when the person agreed that their name is shown with the quote."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )

    class Meta:
        verbose_name = _("part of the record")
        verbose_name_plural = _("parts of the record")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(name_consent=True) | Q(person_name=""),
                name="record_quote_name_only_with_consent",
            )
        ]

    def __str__(self):
        kind = self.get_kind_display()
        return f"{kind}: {self.heading}" if self.heading else str(kind)

    def clean(self):
        super().clean()
        errors = {}
        kind = self.Kind
        if self.kind == kind.AGENDA_ITEM and not self.agenda_item_id:
            errors["agenda_item"] = _("Choose the agenda item this part summarises.")
        if self.kind == kind.SPEAKER and not self.speaker:
            errors[NON_FIELD_ERRORS] = _("Name the invited speaker this part summarises.")
        if self.kind == kind.QUOTE and not self.institution_id:
            errors["institution"] = _("A quote is attributed to an institution.")
        if self.person_name and not self.name_consent:
            errors["person_name"] = _(
                "A person is named only with their consent: tick the consent or leave the "
                "name empty."
            )
        if (
            self.agenda_item_id
            and self.record_id
            and self.agenda_item.meeting_id != self.record.meeting_id
        ):
            errors["agenda_item"] = _("Choose an agenda item of this meeting.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def heading(self) -> str:
        if self.kind == self.Kind.AGENDA_ITEM and self.agenda_item_id:
            return self.agenda_item.title
        if self.kind == self.Kind.SPEAKER:
            return self.speaker
        return ""

    @property
    def named_person(self) -> str:
        """The quoted person's name, only when they consented to it."""
        return self.person_name if self.name_consent else ""


class RecordComment(models.Model):
    """A correction or addition an attendee sends while the record is in review."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        ADDITION = "addition", _("addition")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the coordinator")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        RecordSection,
        verbose_name=_("part of the record"),
        on_delete=models.SET_NULL,
        related_name="comments",
        null=True,
        blank=True,
    )
    # SET_NULL: erasing a person keeps what they sent without their name.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        related_name="record_comments",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("decision"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    coordinator_note = models.TextField(
        _("note to the sender"),
        blank=True,
        help_text=_("Optional: why the comment was accepted or rejected."),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("comment on a record")
        verbose_name_plural = _("comments on records")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.status != self.Status.PENDING and self.decided_at is None:
            self.decided_at = timezone.now()
        elif self.status == self.Status.PENDING:
            self.decided_at = None
        super().save(*args, **kwargs)


class CarriedQuestionQuerySet(models.QuerySet):
    def open_at(self, meeting: Meeting):
        """Questions raised before ``meeting`` and not yet taken up or closed when it took
        place (those taken up at ``meeting`` itself included)."""
        return self.filter(raised_at__date__lt=meeting.date).filter(
            Q(status=CarriedQuestion.Status.OPEN) | Q(resolved_on__gte=meeting.date)
        )

    def visible_to(self, *, member: bool):
        return self if member else self.filter(visibility=Visibility.PUBLIC)


class CarriedQuestion(models.Model):
    """A question raised at a meeting and not answered there."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN_UP = "taken_up", _("taken up at a later meeting")
        CLOSED = "closed", _("closed")

    raised_at = models.ForeignKey(
        Meeting,
        verbose_name=_("raised at"),
        on_delete=models.CASCADE,
        related_name="carried_questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question"))
    themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="carried_questions",
        blank=True,
        help_text=_("The question is listed on these themes' pages."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_at = models.ForeignKey(
        Meeting,
        verbose_name=_("taken up or closed at"),
        on_delete=models.PROTECT,
        related_name="questions_resolved",
        null=True,
        blank=True,
        help_text=_("The later meeting where the question was taken up (or closed)."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("How it was answered, or why it was closed (required to close it)."),
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)

    objects = CarriedQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question carried forward")
        verbose_name_plural = _("questions carried forward")
        ordering = ["raised_at__date", "order", "pk"]

    def __str__(self):
        return self.text[:100]

    def save(self, *args, **kwargs):
        if self.status == self.Status.OPEN:
            self.resolved_on = None
        elif self.resolved_at_id:
            self.resolved_on = self.resolved_at.date
        elif self.resolved_on is None:
            self.resolved_on = timezone.localdate()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.OPEN and self.resolved_at_id:
            errors["resolved_at"] = _("An open question has not been taken up yet.")
        if self.status == self.Status.TAKEN_UP and not self.resolved_at_id:
            errors["resolved_at"] = _("Choose the meeting where the question was taken up.")
        if self.status == self.Status.CLOSED and not self.note:
            # A form for the note's languages (the admin's) has no field "note".
            errors[NON_FIELD_ERRORS] = _("Say why the question is closed.")
        if (
            self.resolved_at_id
            and self.raised_at_id
            and self.resolved_at.date <= self.raised_at.date
        ):
            errors["resolved_at"] = _("Choose a meeting after the one where it was raised.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

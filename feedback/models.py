"""Feedback after a meeting: survey templates, the survey of a meeting, and its answers.

The coordinator keeps survey templates (``SurveyTemplate`` with its ``Question``s and their
``Choice``s, in Swedish and English). A template is reused for every meeting, so a question
(by its stable ``key``) is comparable across meetings. A ``Survey`` puts a template to a
meeting's attendees for a window of days (``opens_on``–``closes_on``).

Anonymity: what is stored and why
---------------------------------
With 20–40 attendees who know each other, an answer is easily traced back to its author, so
the answers are stored apart from the people:

* ``Response`` is one person's set of answers to one survey, and ``Answer`` each answer in
  it. Neither has a foreign key to a person or a login, nor any column derived from one
  (no HMAC of the person's id: the server holds the key and could compute it for everyone,
  so such a column would re-identify every answer for whoever runs the server). Their
  primary keys are random UUIDs, so ordering by them follows no one's order (not the
  invitation list, not the time of answering), and the only date is the day
  (``submitted_on``), shared by everyone who answered that day.
* ``Respondent`` records only that a person has answered a survey: so that each answers
  once and the reminder skips them. It has no date at all (a day on it, matched with the day
  of a response, would join the two when one person answered alone that day) and no link to
  the ``Response``; its primary key is random too.
* To change their answer the respondent needs the response's change token: a random secret
  made when they first answer, handed only to them (in an HttpOnly cookie of their browser
  named for the survey, until the survey closes) and never stored: the ``Response`` keeps
  only its SHA-256 hash (``change_token_hash``). The server can look a response up by the
  token it is shown, but holds no mapping from a person to a token or to a hash. A token
  opens a response only for someone recorded as having answered (another person in the same
  browser starts their own). A person who answered in another browser (or lost the cookie)
  is told that they have answered and cannot change it from there.

Threat model, briefly: the design protects the stored answers as data (every column, key
and value, and every order by a column) against the coordinator, members, exports and
anyone who later reads the database or a backup of it; a test joins the tables in SQL on
SQLite and PostgreSQL and finds no path. It does not protect against someone who controls
the running server while the survey is open (who could log requests as they arrive), nor
against reading the storage engine's physical row order (PostgreSQL's ``ctid``, SQLite's
``rowid``), which follows insertion order in both tables; the results themselves are shown
only from ``FEEDBACK_MIN_RESPONSES`` answers on, and free text only when the coordinator
publishes it.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from members.models import Person


class SurveyTemplate(models.Model):
    """A set of questions reused for every meeting (title and intro in both languages)."""

    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown above the questions: what the survey is for, that it is anonymous."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question of a template. ``key`` stays the same when the wording is improved, so the
    question's answers compare across meetings (the trend follows ``template`` + ``key``)."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("scale 1–5")
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TEXT = "text", _("free text")

    SCALE_VALUES = range(1, 6)

    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short stable name (e.g. “overall-value”). Keep it when you change the wording: "
            "answers with the same key are compared across meetings."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    low_label = models.CharField(
        _("label of 1"),
        max_length=100,
        blank=True,
        help_text=_("Scale questions: what 1 means, e.g. “not at all”."),
    )
    high_label = models.CharField(
        _("label of 5"),
        max_length=100,
        blank=True,
        help_text=_("Scale questions: what 5 means, e.g. “very much”."),
    )
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="feedback_question_key")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def clean(self):
        if self.kind == self.Kind.SCALE and not (self.low_label and self.high_label):
            raise ValidationError(
                _("A scale question needs the labels of both ends (1 and 5)."),
                code="scale_labels",
            )


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


def _default_survey_days() -> int:
    return settings.FEEDBACK_SURVEY_DAYS


class SurveyQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def released(self):
        return self.filter(results_released=True)


class Survey(models.Model):
    """A template put to the attendees of a meeting, open from ``opens_on`` to ``closes_on``
    (both days included). Members see its results only once ``results_released``."""

    # Never on a public page: answering leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="surveys"
    )
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    opens_on = models.DateField(
        _("opens on"), blank=True, help_text=_("Empty: the day after the meeting.")
    )
    closes_on = models.DateField(
        _("closes on"),
        blank=True,
        help_text=_(
            "The last day to answer. Empty: the portal's usual number of days after it opens."
        ),
    )
    results_released = models.BooleanField(
        _("results released to members"),
        default=False,
        help_text=_("Members see the results only when this is on. The public never does."),
    )
    # When the invitation and the one reminder went out (each goes once).
    invited_on = models.DateField(_("invitation sent on"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "template"], name="feedback_survey_meeting_template"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="feedback_survey_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} – {self.meeting}"

    def save(self, *args, **kwargs):
        self.fill_window()
        super().save(*args, **kwargs)

    def fill_window(self) -> None:
        """Empty days get their defaults: the day after the meeting, then the set number of
        days (``FEEDBACK_SURVEY_DAYS``) later."""
        if self.opens_on is None and self.meeting_id is not None:
            self.opens_on = self.meeting.date + datetime.timedelta(days=1)
        if self.closes_on is None and self.opens_on is not None:
            self.closes_on = self.opens_on + datetime.timedelta(days=_default_survey_days())

    def clean(self):
        self.fill_window()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The survey cannot close before it opens.")}, code="window"
            )
        if self.meeting_id is not None and self.opens_on and self.opens_on <= self.meeting.date:
            raise ValidationError(
                {
                    "opens_on": _(
                        "A survey opens after the meeting (at the earliest the day after)."
                    )
                },
                code="opens_before_meeting",
            )

    def state_on(self, day: datetime.date) -> str:
        """``"not_open"``, ``"open"`` or ``"closed"`` on ``day``."""
        if day < self.opens_on:
            return "not_open"
        if day > self.closes_on:
            return "closed"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state_on(timezone.localdate()) == "open"


def change_token_hash(token: str) -> str:
    """The stored form of a response's change token (SHA-256, hex): the token is a random
    secret of 256 bits, so a plain hash cannot be reversed by trying tokens."""
    return hashlib.sha256(token.encode()).hexdigest()


class Response(models.Model):
    """One person's answers to a survey, stored without who gave them (see the module
    docstring): a random primary key, the day only, and the hash of the change token only
    the respondent holds."""

    # Never on a public page: answering leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    change_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # No default order by anything that follows the people (there is nothing to).
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.survey} ({self.submitted_on})"


class Answer(models.Model):
    """One answer of a response. A scale question's answer is ``value`` (1–5); a single
    choice is one row with its ``choice``; a multiple choice is one row per chosen choice
    (no row when none is chosen); a free-text answer is ``text``, shown to members only when
    the coordinator ``published`` it. An unanswered question has no row."""

    # Never on a public page: answering leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Free text: shown with the results to members once they are released."),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question", "id"]
        constraints = [
            # One answer per question, except one per chosen choice.
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(choice__isnull=True),
                name="feedback_answer_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="feedback_answer_choice_once",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="feedback_answer_scale",
            ),
        ]

    def __str__(self) -> str:
        if self.choice_id:
            return str(self.choice)
        if self.value is not None:
            return str(self.value)
        return self.text[:60]


class Respondent(models.Model):
    """That ``person`` has answered ``survey``: so each answers once and the reminder skips
    them. Deliberately no date and no link to the ``Response`` (see the module docstring)."""

    # Never on a public page: answering leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="respondents"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="survey_respondents",
    )

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="feedback_respondent_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.survey}"

"""Registration for a meeting: when it is open, its parts with their capacity, and who comes.

A meeting has parts: each parallel study visit, the dinner and the all-day meeting. A
registration is one person at one meeting; it has one entry per part the person attends,
confirmed or on that part's waiting list. Places are counted from the entries, under a row
lock on the part (see ``services``), so the last place goes to exactly one person.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.models import Meeting, StudyVisit
from members.models import Person


class RegistrationWindow(models.Model):
    """That a meeting takes registrations, and between which times."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registration_window",
    )
    opens_at = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Empty: open as soon as the meeting is published."),
    )
    closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_(
            "The deadline for registering, changing and cancelling. "
            "Empty: midnight before the first day (the study visits' day, if any)."
        ),
    )

    class Meta:
        verbose_name = _("registration period")
        verbose_name_plural = _("registration periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="registration_window_ordered",
            )
        ]

    def __str__(self):
        return str(self.meeting)


class PartQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate ``confirmed_count`` and ``waiting_count`` (one query for all parts)."""
        return self.annotate(
            confirmed_count=Count("entries", filter=Q(entries__status=Entry.Status.CONFIRMED)),
            waiting_count=Count("entries", filter=Q(entries__status=Entry.Status.WAITLISTED)),
        )


class Part(models.Model):
    """One part of a meeting people register for, with its own capacity and times."""

    class Kind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("study visit")
        DINNER = "dinner", _("dinner")
        MEETING = "meeting", pgettext_lazy("part of a meeting", "all-day meeting")

    # Default times (settings.TIME_ZONE) if the coordinator sets none: (day offset, from, to).
    DEFAULT_TIMES = {
        Kind.STUDY_VISIT: (-1, datetime.time(13, 0), datetime.time(17, 0)),
        Kind.DINNER: (-1, datetime.time(19, 0), datetime.time(22, 0)),
        Kind.MEETING: (0, datetime.time(9, 0), datetime.time(16, 0)),
    }

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="registration_parts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    study_visit = models.OneToOneField(
        StudyVisit,
        verbose_name=_("study visit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registration_part",
        help_text=_("For a study visit: which one. Parallel study visits are separate parts."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    starts_at = models.DateTimeField(
        _("starts"),
        null=True,
        blank=True,
        help_text=_("Empty: 13:00 the day before for study visits, 19:00 for the dinner, 9:00."),
    )
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Empty: 17:00, 22:00 and 16:00.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PartQuerySet.as_manager()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="study_visit", study_visit__isnull=False)
                | (~Q(kind="study_visit") & Q(study_visit__isnull=True)),
                name="registration_part_study_visit_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=~Q(kind="study_visit"),
                name="registration_part_one_dinner_and_meeting",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="registration_part_times_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.kind == self.Kind.STUDY_VISIT and self.study_visit_id:
            return _("Study visit: %(name)s") % {"name": self.study_visit.name}
        return str(self.get_kind_display()).capitalize()

    def clean(self):
        if self.kind == self.Kind.STUDY_VISIT and not self.study_visit_id:
            raise ValidationError({"study_visit": _("Choose which study visit this part is.")})
        if self.kind != self.Kind.STUDY_VISIT and self.study_visit_id:
            raise ValidationError({"study_visit": _("Only a study visit part names a visit.")})
        if self.study_visit_id and self.study_visit.meeting_id != self.meeting_id:
            raise ValidationError(
                {"study_visit": _("That study visit belongs to another meeting.")}
            )

    def _default(self, index: int) -> datetime.datetime:
        offset, *times = self.DEFAULT_TIMES[self.kind]
        day = self.meeting.date + datetime.timedelta(days=offset)
        if offset and self.meeting.eve_date:
            day = self.meeting.eve_date
        return datetime.datetime.combine(day, times[index], tzinfo=timezone.get_default_timezone())

    @property
    def start(self) -> datetime.datetime:
        """When the part begins, in the site's time zone (the coordinator's or the default)."""
        return timezone.localtime(self.starts_at) if self.starts_at else self._default(0)

    @property
    def end(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at) if self.ends_at else self._default(1)

    def is_full(self, confirmed: int) -> bool:
        return self.capacity is not None and confirmed >= self.capacity


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that stand: not cancelled."""
        return self.filter(cancelled_at__isnull=True)

    def cancelled(self):
        return self.filter(cancelled_at__isnull=False)


class Registration(models.Model):
    """One person at one meeting, registered by themselves or by a colleague.

    Cancelling keeps the registration as a trace, with the time (``cancelled_at``): its
    places go to the waiting lists and its personal notes are deleted at once. The person
    may register again; that is a new registration.
    """

    class State(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("registration state", "registered")
        CANCELLED = "cancelled", pgettext_lazy("registration state", "cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="registrations"
    )
    # PROTECT: a person goes only through person_erase, which removes registrations first.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="registrations"
    )
    # The institution the person came from, as it stood when they registered: what an
    # institution's participation counts, so it stays right after a person moves on.
    institution = models.ForeignKey(
        "members.Institution",
        verbose_name=_("institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        Person,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations_made",
    )
    is_substitute = models.BooleanField(
        _("substitute"), default=False, help_text=_("Registered by a colleague in their place.")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the person gets about the meeting."),
    )
    listing_consent = models.BooleanField(
        _("listed among those coming"),
        default=False,
        help_text=_("Other members may see the name and institution in “who is coming”."),
    )
    added_at_door = models.BooleanField(
        _("added at the door"),
        default=False,
        help_text=_("Came without registering; the coordinator added them on the day."),
    )
    diet = models.TextField(_("dietary requirements"), blank=True)
    accessibility = models.TextField(_("accessibility needs"), blank=True)
    notes_erased_at = models.DateTimeField(
        _("notes deleted"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "person__name"]
        constraints = [
            # Once per meeting while it stands; cancelled ones stay beside a new one.
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="registration_once_per_meeting",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.institution_id is None:
            self.institution_id = self.person.institution_id  # where they come from now
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        return self.State.CANCELLED if self.cancelled_at else self.State.REGISTERED

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def email(self) -> str:
        return self.person.email or (self.person.user.email if self.person.user_id else "") or ""


class Entry(models.Model):
    """A registration's place in one part: confirmed, or on the part's waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("waiting list")

    class Attendance(models.TextChoices):
        """What the coordinator noted on the day; empty until then."""

        ATTENDED = "attended", _("attended")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("did not come")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    part = models.ForeignKey(
        Part, verbose_name=_("part"), on_delete=models.CASCADE, related_name="entries"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The waiting list is served in this order (then by id).
    queued_at = models.DateTimeField(_("signed up"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    # Attendance is personal data like the registration it belongs to: it goes with it
    # (erasure, retention) and is shown only to the coordinator and the person themself.
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, blank=True, default=""
    )
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    attendance_marked_at = models.DateTimeField(
        _("attendance marked"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("part attended")
        verbose_name_plural = _("parts attended")
        ordering = ["part__position", "part_id"]
        permissions = [("mark_attendance", _("Can mark attendance on the day"))]
        constraints = [
            models.UniqueConstraint(fields=["registration", "part"], name="entry_once_per_part"),
            models.CheckConstraint(
                condition=Q(attendance="")
                | Q(attendance__in=["attended", "excused", "absent"], status="confirmed"),
                name="entry_attendance_only_confirmed",
            ),
        ]
        indexes = [
            models.Index(fields=["part", "status", "queued_at"], name="entry_queue"),
            models.Index(fields=["attendance", "part"], name="entry_attendance"),
        ]

    def __str__(self):
        return f"{self.part}: {self.get_status_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def attended(self) -> bool:
        return self.attendance == self.Attendance.ATTENDED


def retention_days() -> int:
    return settings.REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS

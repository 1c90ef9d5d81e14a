"""Making a meeting's plan, approving it, finding what is due and sending it exactly once.

Sending claims a ``Delivery`` row per recipient before the e-mail is handed to the mail
queue (``core.mail.mail_send``), in one transaction with it: the unique constraint on
(message, person) lets exactly one of two workers (or a retry racing the first attempt)
write the row, and the other skips that person. On PostgreSQL the second insert waits for
the first transaction and then fails; SQLite lets one transaction write at a time.

Nothing here runs by itself: ``communications_send_due`` is run periodically (the command
``communications_send_due``, README: Background work), and the admin's “send now”
enqueues ``communication_send_task``. The tasks are defined at the end, beside the work
they do.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django_tasks import task

from core.content import content_read, seed_get_or_create
from core.languages import localized_fieldnames
from core.mail import MailOutcome, mail_send
from core.tasks import enqueue_on_commit
from meetings.models import Meeting
from meetings.registration.models import Part
from meetings.registration.services import registration_deadline

from .audiences import Recipient, audience_recipients
from .models import Communication, Delivery, Kind, MessageTemplate, Moment
from .rendering import Values, language_values, message_for

logger = logging.getLogger("communications")

# When messages counted in days go on their day (the site's time zone).
SEND_TIME = datetime.time(9, 0)


# --- Defaults and plans ------------------------------------------------------------------------


def message_templates_load() -> None:
    """Create the default messages that are missing (``content/communications.json``); the
    coordinator's edits stay. ``load_klossnet`` calls it, and so does the first plan."""
    for entry in content_read("communications")["message_templates"]:
        values = dict(entry)
        seed_get_or_create(MessageTemplate, lookup={"kind": values.pop("kind")}, values=values)


_COPIED = ("audience", "moment", "days", "position")


def plan_make(*, meeting: Meeting) -> list[Communication]:
    """Give ``meeting`` the messages of the defaults it does not have yet (not approved:
    nothing goes before the coordinator approves it). Returns the new ones."""
    if not MessageTemplate.objects.exists():
        message_templates_load()
    have = set(meeting.communications.values_list("kind", flat=True))
    translated = [*localized_fieldnames("subject"), *localized_fieldnames("body")]
    created = []
    with transaction.atomic():
        for template in MessageTemplate.objects.filter(is_active=True):
            if template.kind in have:
                continue
            communication = Communication(
                meeting=meeting,
                kind=template.kind,
                **{name: getattr(template, name) for name in (*_COPIED, *translated)},
            )
            communication.full_clean()
            communication.save()
            created.append(communication)
    return created


def plans_make(*, today: datetime.date | None = None) -> int:
    """Plans for the upcoming meetings that have none yet; returns how many messages."""
    today = today or timezone.localdate()
    meetings = Meeting.objects.filter(date__gte=today, communications__isnull=True)
    return sum(len(plan_make(meeting=meeting)) for meeting in meetings)


def communication_approve(
    *, communication: Communication, user, now: datetime.datetime | None = None
) -> Communication:
    """The coordinator approves: the message goes at its moment (or at once, if due)."""
    communication.approved_at = now or timezone.now()
    communication.approved_by = user
    communication.is_enabled = True
    communication.save(update_fields=["approved_at", "approved_by", "is_enabled"])
    return communication


# --- When a message is due -------------------------------------------------------------------


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, SEND_TIME, tzinfo=timezone.get_default_timezone())


def communication_moment(*, communication: Communication) -> datetime.datetime | None:
    """When the message goes, as far as it is known (None: when the meeting is published, or
    when the coordinator presses send)."""
    meeting = communication.meeting
    if meeting is None or communication.moment == Moment.ON_SEND:
        return None
    window = getattr(meeting, "registration_window", None)
    days = datetime.timedelta(days=communication.days)
    match communication.moment:
        case Moment.PUBLISHED:
            return meeting.publish_from
        case Moment.REGISTRATION_OPENS:
            return (window.opens_at or meeting.publish_from) if window else None
        case Moment.BEFORE_CLOSING:
            if window is None:
                return None
            return registration_deadline(meeting=meeting, window=window) - days
        case Moment.BEFORE_MEETING:
            return _at(meeting.start_date - days)
        case Moment.AFTER_MEETING:
            return _at(meeting.date + days)
    return None


def communication_is_due(*, communication: Communication, now: datetime.datetime) -> bool:
    """Whether an approved message's moment has come (and has not passed for good)."""
    meeting = communication.meeting
    if (
        meeting is None
        or communication.moment == Moment.ON_SEND
        or not communication.is_enabled
        or communication.approved_at is None
        or communication.finished_at is not None
    ):
        return False
    today = timezone.localdate(now)
    moment = communication_moment(communication=communication)
    window = getattr(meeting, "registration_window", None)
    public = meeting.is_public_at(now)
    match communication.moment:
        case Moment.PUBLISHED:
            return public and meeting.date >= today
        case Moment.REGISTRATION_OPENS | Moment.BEFORE_CLOSING:
            if window is None or not public:
                return False
            deadline = registration_deadline(meeting=meeting, window=window)
            return (moment is None or moment <= now) and now < deadline
        case Moment.BEFORE_MEETING:
            return moment <= now and today <= meeting.date
        case Moment.AFTER_MEETING:
            return moment <= now and meeting.date < today
    return False


def _candidates():
    return Communication.objects.approved().select_related(
        "meeting__registration_window", "part__study_visit", "part__meeting"
    )


def communications_due(*, now: datetime.datetime | None = None) -> list[Communication]:
    now = now or timezone.now()
    waiting = _candidates().filter(finished_at__isnull=True, meeting__isnull=False)
    return [c for c in waiting if communication_is_due(communication=c, now=now)]


def _catching_up(*, now: datetime.datetime, meeting_id: int | None = None):
    """Practical information already sent for a meeting still ahead: those who registered
    since get it too."""
    sent = _candidates().filter(
        kind=Kind.PRACTICAL_INFORMATION,
        finished_at__isnull=False,
        meeting__date__gte=timezone.localdate(now),
    )
    if meeting_id is not None:
        sent = sent.filter(meeting_id=meeting_id)
    return list(sent)


def _has_new_recipients(communication: Communication, *, now: datetime.datetime) -> bool:
    had = set(communication.deliveries.values_list("person_id", flat=True))
    return any(r.person.pk not in had for r in audience_recipients(communication, now=now))


def communications_send_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic run: plans for new meetings, then a send task for every approved message
    whose moment has come and for practical information to late registrants. Returns how
    many send tasks were queued."""
    now = now or timezone.now()
    plans_make(today=timezone.localdate(now))
    # A registration queues its own catch-up (signals); the round finds any it missed, but
    # queues no task for a message that has nobody new to go to.
    behind = [c for c in _catching_up(now=now) if _has_new_recipients(c, now=now)]
    due = communications_due(now=now) + behind
    for communication in due:
        communication_send_enqueue(communication_pk=communication.pk, now=now)
    return len(due)


def late_registrants_catch_up(*, meeting_id: int, now: datetime.datetime | None = None) -> int:
    """Practical information at once to those who registered after it went out."""
    now = now or timezone.now()
    return sum(
        communication_send(communication_pk=communication.pk, now=now)
        for communication in _catching_up(now=now, meeting_id=meeting_id)
    )


# --- Sending ---------------------------------------------------------------------------------


def meeting_parts(meeting: Meeting | None) -> list[Part]:
    if meeting is None:
        return []
    return list(
        Part.objects.filter(meeting=meeting)
        .select_related("study_visit", "meeting")
        .order_by("position", "pk")
    )


_STATUS = {
    MailOutcome.SENT: Delivery.Status.QUEUED,
    MailOutcome.SKIPPED: Delivery.Status.SKIPPED,
    MailOutcome.FAILED: Delivery.Status.FAILED,
}


def _deliver(communication: Communication, recipient: Recipient, values: Values) -> bool:
    """Claim the delivery and hand the e-mail to the mail queue, in one transaction; False
    when another worker had claimed it."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                communication=communication,
                person=recipient.person,
                email=recipient.email,
                language=recipient.language,
                status=Delivery.Status.QUEUED,
            )
            with translation.override(recipient.language):
                message = message_for(communication, recipient, values, delivery_pk=delivery.pk)
            outcome = mail_send(
                message,
                kind=communication.kind,
                language=recipient.language,
                # The login (its opt-outs), or the address of someone without one.
                recipient=recipient.person.user or recipient.email,
            )
            if not outcome.sent:
                delivery.status = _STATUS[outcome]
                delivery.save(update_fields=["status"])
    except IntegrityError:
        return False
    return True


def communication_send(*, communication_pk: int, now: datetime.datetime | None = None) -> int:
    """Send an approved message to everyone in its audience who has not had it; returns how
    many were handed to the mail queue now. Safe to run twice at once."""
    now = now or timezone.now()
    communication = _candidates().filter(pk=communication_pk).first()
    if communication is None:  # deleted, switched off or not approved
        return 0
    Communication.objects.filter(pk=communication.pk, started_at__isnull=True).update(
        started_at=now
    )
    recipients = audience_recipients(communication, now=now)
    done = set(communication.deliveries.values_list("person_id", flat=True))
    values = language_values(communication, meeting_parts(communication.meeting))
    count = 0
    for recipient in recipients:
        if recipient.person.pk in done:
            continue
        count += _deliver(communication, recipient, values[recipient.language])
    Communication.objects.filter(pk=communication.pk, finished_at__isnull=True).update(
        finished_at=timezone.now()
    )
    logger.info("Message %s (%s): %d e-mail(s) queued", communication.pk, communication, count)
    return count


# --- The tasks (Django's tasks API) ----------------------------------------------------------


def _moment(now: datetime.datetime | None) -> str | None:
    return now.isoformat() if now else None


def _parsed(now: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(now) if now else None


def communication_send_enqueue(
    *, communication_pk: int, now: datetime.datetime | None = None
) -> None:
    """``now``: the moment the message was found due (its audience as it was then)."""
    # Enqueued so that a worker never reads an approval that is not committed yet. A task
    # the queue could not take is logged: a message with a moment is found again by the
    # next periodic run; a one-off one stays unsent (its state says so) to send again.
    enqueue_on_commit(communication_send_task, communication_pk=communication_pk, now=_moment(now))


def late_registrants_enqueue(*, meeting_id: int) -> None:
    enqueue_on_commit(late_registrants_task, meeting_id=meeting_id)


@task()
def communication_send_task(*, communication_pk: int, now: str | None = None) -> int:
    """Send an approved message to its audience (each person once)."""
    return communication_send(communication_pk=communication_pk, now=_parsed(now))


@task()
def late_registrants_task(*, meeting_id: int) -> int:
    """Practical information already sent goes to those who registered since."""
    return late_registrants_catch_up(meeting_id=meeting_id)

"""E-mails about registrations, each in the registrant's language, with an .ics attachment.

Called after the commit (``transaction.on_commit``) with primary keys, so they read what
was committed. They go through ``core.mail``: a mail server that fails never undoes nor
hides a registration; the e-mail waits among the failed e-mails to be sent again.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from icalendar import Calendar, Event

from core.mail import MailTally, mail_send, mail_send_many
from core.tasks import enqueue_on_commit

from .models import Registration


def _registration(pk: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "meeting", "meeting__registration_window", "person", "person__user", "registered_by"
        )
        .prefetch_related("entries__part__study_visit", "entries__part__meeting")
        .filter(pk=pk)
        .first()
    )


def _calendar(registration: Registration, *, cancel: bool = False) -> bytes:
    """The confirmed parts as separate events (in settings.TIME_ZONE, with VTIMEZONE); with
    ``cancel``, the same events (same UIDs) cancelled, so calendar programs remove them."""
    meeting = registration.meeting
    calendar = Calendar()
    calendar.add("prodid", "-//KLOSSnet//klossnet registration//" + registration.language.upper())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancel else "PUBLISH")
    stamp = timezone.now().astimezone(datetime.UTC)
    for entry in registration.entries.all():
        if not entry.is_confirmed:
            continue
        part = entry.part
        event = Event()
        event.add("uid", f"registration-{registration.pk}-part-{part.pk}@klossnet")
        event.add("summary", f"{part.name} – {meeting.title}")
        event.add("dtstart", part.start)
        event.add("dtend", part.end)
        event.add("dtstamp", stamp)
        location = part.study_visit.place if part.study_visit_id else ""
        if location or meeting.place:
            event.add("location", location or meeting.place)
        if cancel:
            event.add("sequence", 1)
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _page_url(registration: Registration, base_url: str) -> str:
    if not base_url:
        return ""
    return base_url.rstrip("/") + reverse(
        "registration:meeting", kwargs={"slug": registration.meeting.slug}
    )


def _recipients(registration: Registration) -> tuple[list[str], list[str]]:
    """The person registered; the colleague who registered them gets a copy."""
    to = [registration.email] if registration.email else []
    copy = []
    registrar = registration.registered_by
    if registration.is_substitute and registrar is not None and registrar.email:
        copy.append(registrar.email)
    return to, copy


def _message(
    registration: Registration,
    template: str,
    base_url: str,
    *,
    calendar_file: str | None = "klossnet.ics",
    cancel: bool = False,
    **context,
) -> EmailMessage | None:
    """``registration/email/<template>.txt`` (and ``_subject.txt``) in the registrant's
    language, to them with a copy to the colleague who registered them, and the calendar."""
    to, copy = _recipients(registration)
    if not to and not copy:
        return None
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "meeting": registration.meeting,
            "entries": list(registration.entries.all()),
            "page_url": _page_url(registration, base_url),
            **context,
        }
        subject = render_to_string(f"registration/email/{template}_subject.txt", context)
        body = render_to_string(f"registration/email/{template}.txt", context)
        message = EmailMessage(
            " ".join(subject.split()), body, to=to or copy, cc=copy if to else []
        )
        if calendar_file:
            # Inside the language: the parts' names are translated fields.
            message.attach(calendar_file, _calendar(registration, cancel=cancel), "text/calendar")
    return message


def registration_confirmation_send(
    *, registration_pk: int, base_url: str = "", changed: bool = False
) -> bool:
    registration = _registration(registration_pk)
    if registration is None:
        return False
    message = _message(registration, "confirmation", base_url, changed=changed)
    return message is not None and mail_send(
        message, kind="registration/confirmation", language=registration.language
    )


def registration_cancellation_message(
    *, registration_pk: int, base_url: str = ""
) -> EmailMessage | None:
    """The e-mail confirming a cancellation, in the registrant's language.

    Built while the registration still exists; the caller sends it once the deletion is
    committed.
    """
    registration = _registration(registration_pk)
    if registration is None:
        return None
    confirmed = any(entry.is_confirmed for entry in registration.entries.all())
    return _message(
        registration,
        "cancelled",
        base_url,
        calendar_file="klossnet-cancelled.ics" if confirmed else None,
        cancel=True,
    )


class _Names:
    """The parts' names joined, read when the template renders (in its language)."""

    def __init__(self, entries):
        self.entries = entries

    def __str__(self):
        return ", ".join(str(entry.part.name) for entry in self.entries)


def registration_promoted_send(
    *, registration_pk: int, entry_pks: list[int], base_url: str = ""
) -> bool:
    """One e-mail for the places ``entry_pks`` of the registration got from waiting lists."""
    registration = _registration(registration_pk)
    if registration is None:
        return False
    promoted = [e for e in registration.entries.all() if e.pk in set(entry_pks)]
    if not promoted:
        return False
    message = _message(
        registration,
        "promoted",
        base_url,
        promoted=promoted,
        # Translated fields: read in the registrant's language, inside _message's override.
        promoted_names=_Names(promoted),
    )
    return message is not None and mail_send(
        message, kind="registration/promoted", language=registration.language
    )


def registration_cancellation_send(*, message: EmailMessage, language: str) -> bool:
    """Send the message ``registration_cancellation_message`` built (after the commit)."""
    return mail_send(message, kind="registration/cancelled", language=language)


def registrations_message_send(
    *, registrations, texts: dict[str, tuple[str, str]], reply_to: str = ""
) -> MailTally:
    """The coordinator's message to many: ``texts`` maps a language to (subject, body).

    Each person gets the text in their language (Swedish when theirs is missing). One
    message per person, so nobody sees the others' addresses. Returns how many were sent,
    how many the mail server did not take (kept to send again) and how many were skipped
    (the person switched these messages off, or the address is blocked). Each message
    goes to the person's login, or to their address when they have none.
    """
    messages = []
    for registration in registrations:
        if not registration.email:
            continue
        language = registration.language if registration.language in texts else None
        subject, body = texts[language or settings.LANGUAGE_CODE]
        message = EmailMessage(
            subject,
            body,
            to=[registration.email],
            reply_to=[reply_to] if reply_to else None,
        )
        person = registration.person
        recipient = person.user if person.user_id else registration.email
        messages.append((message, language or settings.LANGUAGE_CODE, recipient))
    return mail_send_many(messages, kind="registration/mailing")


def registrations_message_queue(
    *, registration_pks: list[int], texts: dict[str, tuple[str, str]], reply_to: str = ""
) -> MailTally | None:
    """Hand the coordinator's message to many to the worker as one task
    (``registrations_message_task``): the request writes one row, however many recipients,
    and the worker writes and queues each person's message. The tally when the task ran at
    once (the immediate backend), None while it waits for a worker."""
    result = enqueue_on_commit(
        registrations_message_task,
        registration_pks=sorted(registration_pks),
        texts={language: list(text) for language, text in texts.items()},
        reply_to=reply_to,
    )
    if result is not None and result.status == TaskResultStatus.SUCCESSFUL:
        return MailTally(**result.return_value)
    return None


# Defined beside the work it does, as core/mail.py's tasks.
@task()
def registrations_message_task(
    *, registration_pks: list[int], texts: dict[str, list[str]], reply_to: str = ""
) -> dict[str, int]:
    """Send the coordinator's message to these registrations (``registrations_message_send``),
    each person's e-mail a task of its own; all queued at once, or none."""
    registrations = (
        Registration.objects.active()
        .filter(pk__in=registration_pks)
        .select_related("person__user")
        .order_by("pk")
    )
    with transaction.atomic():
        tally = registrations_message_send(
            registrations=registrations,
            texts={language: tuple(text) for language, text in texts.items()},
            reply_to=reply_to,
        )
    return dataclasses.asdict(tally)

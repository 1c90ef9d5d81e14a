"""Sending e-mail in the background: a mail server that fails never turns a saved action
into an error page, and no request waits for it; and each recipient gets only what they
chose to receive.

How to send
-----------
::

    from core.mail import mail_send
    from core.mail_preferences import mail_language

    language = mail_language(user)            # the member's chosen language
    with translation.override(language):      # render subject and body in it
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")   # optional; text stays the body
    outcome = mail_send(message, kind="meeting/save_the_date", language=language,
                        recipient=user)
    outcome.sent / outcome.skipped / outcome.failed     # bool(outcome) is outcome.sent

* ``kind`` is required and must be declared by an app (``core.mail_kinds``: an
  ``AppConfig.mail_kinds`` list of ``MailKind(code, label, transactional)``); an undeclared
  kind raises ``UnknownMailKind`` in development and the tests.
* A transactional kind (a confirmation, a password reset, an invitation) always goes;
  ``recipient`` is optional there.
* Any other kind needs ``recipient``: the login it goes to, or the e-mail address of
  someone without one, and exactly that one address in To (one message per person). It
  is skipped, and logged, when the recipient switched the kind off
  (``core.mail_preferences``) or the address is blocked (bounces and spam reports,
  ``SuppressedAddress``): ``MailOutcome.SKIPPED``. Otherwise it gets ``List-Unsubscribe``
  (a signed one-click link, no login) and ``List-Unsubscribe-Post:
  List-Unsubscribe=One-Click`` (RFC 8058), and a footer in ``language`` with that link
  and the preference page, in the text body and before ``</body>`` of an HTML
  alternative.
* Every message gets a ``Message-ID`` on ``settings.MAIL_DOMAIN``, ``From`` the configured
  sender (``DEFAULT_FROM_EMAIL``; another sender a caller named becomes ``Reply-To``) and
  Django's ``Date``. Bodies are rendered by the caller inside
  ``translation.override(language)``; they must not load images from other hosts.
* ``mail_send_many`` takes ``(message, language, recipient)`` triples and returns a
  ``MailTally`` (``sent``, ``failed``, ``skipped``) for the caller's message; it hands them
  to the worker ``BATCH_SIZE`` to a task (``deliver_batch_task``), sent over one
  connection to the mail server.
* ``core.mail_preferences.site_url(path)`` makes absolute links where no request is
  (``settings.SITE_URL``).

Delivery
--------
``mail_send`` hands one message to the task ``deliver_task`` (README:
Background work), which the worker runs once the transaction commits. When the server
refuses or cannot be reached (``smtplib.SMTPException``, ``OSError``), the task tries again
later, ``MAIL_SEND_ATTEMPTS`` times in all with growing waits (``MAIL_RETRY_SECONDS``, then
4×, 16×…); after the last it logs the failure and keeps the whole message as an
``OutgoingMail`` row, which the coordinator sends again from the admin (Failed e-mails ›
“Send again”, ``mail_send_again``, through a task too). Each attempt is logged with its
outcome (``core.mail``). Every e-mail the portal sends goes through it: registration
confirmations, promotions and cancellations, the coordinator's mailings, invitations, the
sign-up notice and allauth's own messages (``AccountAdapter.send_mail``).

The worker checks a message a recipient may switch off again before each attempt (its
``List-Unsubscribe`` token names the recipient and the kind): an unsubscribe or a bounce
that arrived while it waited holds.

The task takes the message as JSON, the same fields an ``OutgoingMail`` row holds
(``_payload``/``_message``). With the immediate backend (the tests) a task runs when it is
enqueued and cannot be deferred, so a failure is kept at once, without further attempts.
"""

import base64
import enum
import logging
import re
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from email.mime.base import MIMEBase
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django_tasks import TaskResultStatus, task

from core.mail_kinds import MailKind, mail_kind
from core.mail_preferences import (
    mail_language,
    mail_preferences_erase,
    mail_receives,
    preferences_url,
    unsubscribe_token_read,
    unsubscribe_url,
)
from core.models import OutgoingMail
from core.tasks import enqueue_on_commit

logger = logging.getLogger("core.mail")

# What a mail server that is down, refusing or unreachable raises (SMTPException is an
# OSError; both are named for the reader).
SEND_ERRORS = (smtplib.SMTPException, OSError)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _attachments(message: EmailMessage) -> list[dict]:
    stored = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            content = attachment.get_payload(decode=True) or b""
            filename = attachment.get_filename() or ""
            mimetype = attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        stored.append(
            {
                "filename": filename or "",
                "mimetype": mimetype or "application/octet-stream",
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    return stored


def _payload(message: EmailMessage) -> dict:
    """The message as the JSON a task takes and an ``OutgoingMail`` row holds."""
    return {
        "from_email": message.from_email or "",
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "subject": str(message.subject),
        "body": str(message.body),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": _attachments(message),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
    }


def _message(mail: OutgoingMail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email or None,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
        alternatives=[tuple(alternative) for alternative in mail.alternatives],
        connection=connection,
    )
    for attachment in mail.attachments:
        content = base64.b64decode(attachment["content"])
        message.attach(attachment["filename"] or None, content, attachment["mimetype"])
    return message


def _recipients(mail: OutgoingMail) -> str:
    return ", ".join(mail.recipients)


def _enqueue(task, *, on_error: Callable[[BaseException], None], **kwargs):
    """Hand ``task`` to ``core.tasks.enqueue_on_commit``: what the task returned when it ran
    at once (False when the queue could not take it, or the task failed: ``on_error`` is
    called), None when it waits for a worker."""
    errors: list[BaseException] = []

    def failed(error: BaseException) -> None:
        errors.append(error)
        on_error(error)

    result = enqueue_on_commit(task, on_error=failed, **kwargs)
    if errors:
        return False
    if result is not None and result.status == TaskResultStatus.SUCCESSFUL:
        return result.return_value
    return None


class MailOutcome(enum.Enum):
    """What became of one message handed to ``mail_send``; true only when it left (or waits
    for the worker)."""

    SENT = "sent"
    FAILED = "failed"  # known not to have left: kept among the failed e-mails
    SKIPPED = "skipped"  # the recipient switched the kind off, or the address is blocked

    def __bool__(self) -> bool:
        return self is MailOutcome.SENT

    @property
    def sent(self) -> bool:
        return self is MailOutcome.SENT

    @property
    def failed(self) -> bool:
        return self is MailOutcome.FAILED

    @property
    def skipped(self) -> bool:
        return self is MailOutcome.SKIPPED


@dataclass
class MailTally:
    """How many messages of a batch left, failed and were skipped."""

    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, outcome: MailOutcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)


def _footer(*, kind: MailKind, recipient, language: str) -> tuple[str, str, str]:
    """(text, HTML, unsubscribe URL) of the footer of a message a recipient may switch off."""
    unsubscribe = unsubscribe_url(recipient=recipient, kind=kind.code, language=language)
    with translation.override(language):
        about = gettext("You receive this e-mail from KLOSSnet: %(kind)s.") % {"kind": kind.label}
        lines = [about, gettext("No more e-mails of this kind: %(url)s") % {"url": unsubscribe}]
        links = [(unsubscribe, gettext("No more e-mails of this kind"))]
        if not isinstance(recipient, str):  # a login: the members' area has their choices
            preferences = preferences_url(language=language)
            lines.append(
                gettext("Choose which e-mails you receive: %(url)s") % {"url": preferences}
            )
            links.append((preferences, gettext("Choose which e-mails you receive")))
    text = "\n\n-- \n" + "\n".join(lines) + "\n"
    html = format_html(
        '<hr><p style="font-size:small">{}<br>{}</p>',
        about,
        format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>', links),
    )
    return text, html, unsubscribe


def _with_footer(payload: dict, *, kind: MailKind, recipient, language: str) -> None:
    text, html, unsubscribe = _footer(kind=kind, recipient=recipient, language=language)
    payload["body"] = payload["body"].rstrip("\n") + text
    alternatives = []
    for content, mimetype in payload["alternatives"]:
        if mimetype == "text/html":
            at = content.lower().rfind("</body>")
            content = content[:at] + html + content[at:] if at >= 0 else content + html
        alternatives.append([content, mimetype])
    payload["alternatives"] = alternatives
    payload["headers"]["List-Unsubscribe"] = f"<{unsubscribe}>"
    payload["headers"]["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"


def _headers(payload: dict) -> None:
    """The spam-check minimum: a Message-ID on the site's domain, the configured sender
    (Django adds Date when the message is built)."""
    headers = {k: v for k, v in payload["headers"].items() if k.lower() != "message-id"}
    headers["Message-ID"] = make_msgid(domain=settings.MAIL_DOMAIN)
    if payload["from_email"] != settings.DEFAULT_FROM_EMAIL:
        if payload["from_email"] and not payload["reply_to"]:
            payload["reply_to"] = [payload["from_email"]]
        payload["from_email"] = settings.DEFAULT_FROM_EMAIL
    payload["headers"] = headers


def _prepared(
    message: EmailMessage, *, kind: str, language: str, recipient
) -> tuple[MailOutcome | None, dict, str]:
    """``(outcome, payload, language)`` of a message to hand to the worker: outcome None when
    it is to go, else why not (no recipient, or skipped); the payload has its footer and
    headers."""
    declared = mail_kind(kind)
    if recipient is not None:
        language = language or mail_language(recipient)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not message.recipients():
        return MailOutcome.FAILED, {}, language
    payload = _payload(message)
    if declared.optional:
        if recipient is None or len(message.recipients()) != 1:
            raise ValueError(
                f"An e-mail of kind {kind!r} goes to one recipient: pass recipient= (a login "
                f"or an address) and address the message to that one address only"
            )
        address = message.recipients()[0].strip().lower()
        receives, why = mail_receives(recipient, kind, address=address)
        if not receives:
            logger.info(
                "E-mail skipped (%s) to %s: %s (%s)", kind, address, payload["subject"], why
            )
            return MailOutcome.SKIPPED, payload, language
        _with_footer(payload, kind=declared, recipient=recipient, language=language)
    _headers(payload)
    return None, payload, language


def mail_send(
    message: EmailMessage, *, kind: str, language: str = "", recipient=None
) -> MailOutcome:
    """Send ``message`` through the mail task (``deliver_task``), queued so that it leaves
    only once the transaction commits (the module's docstring: how to use it).

    Never raises for a mail server's failure: the task tries again with backoff, then logs
    the failure and keeps the message as an ``OutgoingMail`` to send again. ``kind`` says
    what it is (``registration/confirmation``, declared in ``core.mail_kinds``),
    ``language`` the language it was written in (default: the recipient's), ``recipient``
    the login (or the address of someone without one) a kind they may switch off goes to.
    """
    outcome, payload, language = _prepared(
        message, kind=kind, language=language, recipient=recipient
    )
    if outcome is not None:
        return outcome
    sent = _enqueue(
        deliver_task,
        on_error=lambda error: mail_keep(
            mail=payload, kind=kind, language=language, attempts=1, error=error
        ),
        mail=payload,
        kind=kind,
        language=language,
    )
    # Sent, or waiting for a worker.
    return MailOutcome.FAILED if sent is False else MailOutcome.SENT


def _still_wanted(mail: dict) -> tuple[bool, str]:
    """Whether the recipient of a message they may switch off still wants it when the worker
    gets to it (a retry comes hours later): its unsubscribe link names them and the kind."""
    link = re.search(r"/([^/<>]+)/>", mail["headers"].get("List-Unsubscribe", ""))
    found = unsubscribe_token_read(link.group(1)) if link else None
    if found is None or not mail["to"]:
        return True, ""
    recipient, kind = found
    return mail_receives(recipient, kind, address=mail["to"][0])


def _send_over(connection, message: EmailMessage) -> int:
    """Send one message over ``connection``, left open for the next (``send_messages``
    closes only a connection it opened); one the server dropped (idle, or closed after
    refusing the last message) is opened again once."""
    try:
        connection.open()
        return connection.send_messages([message]) or 0
    except smtplib.SMTPServerDisconnected:
        _close(connection)
        connection.open()
        return connection.send_messages([message]) or 0


def _close(connection) -> None:
    """Close a connection to the mail server, whatever state the server left it in."""
    try:
        connection.close()
    except SEND_ERRORS:  # a QUIT the server did not answer: the connection is gone all the same
        logger.warning("The mail server's connection did not close cleanly")


def mail_deliver(*, mail: dict, kind: str, language: str, attempt: int, connection=None) -> bool:
    """The mail task's work: send one message, or plan the next attempt, or keep it; a
    message its recipient switched off (or whose address was blocked) since is skipped.
    ``connection``: the mail server's connection of a batch (``mail_deliver_many``), left
    open for the next message; without it the message opens and closes its own."""
    record = OutgoingMail(**mail, kind=kind, language=language)
    wanted, why = _still_wanted(mail)
    if not wanted:
        logger.info(
            "E-mail skipped (%s) to %s: %s (%s, attempt %d)",
            kind,
            _recipients(record),
            record.subject,
            why,
            attempt,
        )
        return False
    own = connection is None
    try:
        connection = get_connection() if own else connection
        sent = _send_over(connection, _message(record, connection))
    except SEND_ERRORS as error:
        # A refusal may leave the connection half-way through a message: the next one of
        # a batch starts on a fresh one.
        if connection is not None:
            _close(connection)
        if attempt < settings.MAIL_SEND_ATTEMPTS and deliver_task.get_backend().supports_defer:
            delay = settings.MAIL_RETRY_SECONDS * 4 ** (attempt - 1)
            try:
                deliver_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                    mail=mail, kind=kind, language=language, attempt=attempt + 1
                )
            except Exception:
                logger.exception("The next attempt of an e-mail could not be queued")
            else:
                logger.warning(
                    "E-mail not sent (%s) to %s: %s (%s); attempt %d of %d, next in %d s",
                    kind or "e-mail",
                    _recipients(record),
                    record.subject,
                    _describe(error),
                    attempt,
                    settings.MAIL_SEND_ATTEMPTS,
                    delay,
                )
                return False
        mail_keep(mail=mail, kind=kind, language=language, attempts=attempt, error=error)
        return False
    except Exception as error:  # a message that cannot be sent at all: no point retrying
        logger.exception("E-mail could not be built or sent (%s)", kind or "e-mail")
        mail_keep(mail=mail, kind=kind, language=language, attempts=attempt, error=error)
        return False
    finally:
        if own and connection is not None:
            _close(connection)
    logger.info(
        "E-mail sent (%s) to %s: %s (attempt %d)",
        kind or "e-mail",
        _recipients(record),
        record.subject,
        attempt,
    )
    return sent > 0


def mail_deliver_many(*, mails: list[dict]) -> int:
    """The batch task's work: send ``mails`` (each ``{"mail", "kind", "language"}``) over
    one connection to the mail server, each with its own outcome: one the server refuses
    is tried again later on its own (or kept), and the others still go. Returns how many
    left."""
    connection = get_connection()
    try:
        return sum(mail_deliver(**item, attempt=1, connection=connection) is True for item in mails)
    finally:
        _close(connection)


def mail_keep(
    *, mail: dict, kind: str, language: str, attempts: int, error: BaseException
) -> OutgoingMail | None:
    """Keep a message that finally failed among the failed e-mails, and log it."""
    record = OutgoingMail(
        **mail,
        kind=kind,
        language=language,
        attempts=attempts,
        last_attempt_at=timezone.now(),
        error=_describe(error),
    )
    try:
        with transaction.atomic():
            record.save()
    except DatabaseError:
        logger.exception(
            "E-mail NOT sent (%s) to %s: %s (%s), and it could not be kept to send again",
            kind or "e-mail",
            _recipients(record),
            record.subject,
            record.error,
        )
        return None
    logger.error(
        "E-mail NOT sent (%s) to %s: %s (%s) after %d attempt(s); kept as failed e-mail %s "
        "to send again",
        kind or "e-mail",
        _recipients(record),
        record.subject,
        record.error,
        attempts,
        record.pk,
    )
    return record


# Messages of one mail_send_many per task, sent over one connection: the worker's time
# goes to each task and each connection (10 messages/s one by one to a server on loopback).
BATCH_SIZE = 50


def mail_send_many(messages: Iterable[tuple], *, kind: str) -> MailTally:
    """Send ``(message, language)`` or ``(message, language, recipient)`` tuples; returns
    how many were sent or queued, failed, and were skipped (``mail_send``).

    They go to the worker ``BATCH_SIZE`` at a time, a task (``deliver_batch_task``) each,
    which sends its messages over one connection to the mail server. Each message keeps
    its own outcome: one that fails is tried again and kept on its own; the others still go.
    """
    tally = MailTally()
    batch: list[dict] = []

    def flush() -> None:
        mails = list(batch)
        batch.clear()
        sent = _enqueue(
            deliver_batch_task,
            on_error=lambda error: [mail_keep(**item, attempts=1, error=error) for item in mails],
            mails=mails,
        )
        if sent is False:
            tally.failed += len(mails)
        elif sent is None:  # waiting for a worker
            tally.sent += len(mails)
        else:  # sent at once (the immediate backend)
            tally.sent += sent
            tally.failed += len(mails) - sent

    for message, language, *recipient in messages:
        outcome, payload, language = _prepared(
            message, kind=kind, language=language, recipient=recipient[0] if recipient else None
        )
        if outcome is not None:
            tally.add(outcome)
            continue
        batch.append({"mail": payload, "kind": kind, "language": language})
        if len(batch) == BATCH_SIZE:
            flush()
    if batch:
        flush()
    return tally


def mail_send_again(*, mail: OutgoingMail) -> MailOutcome | None:
    """Try a failed e-mail again through the task ``send_again_task``: sent, it is
    deleted; failed again, its attempt is noted; skipped (and deleted) when its recipient
    switched its kind off or the address was blocked since. None while it waits for a
    worker."""
    outcome = _enqueue(
        send_again_task, on_error=lambda error: _noted(mail, error), outgoing_mail_pk=mail.pk
    )
    if outcome is None:
        return None
    return MailOutcome(outcome) if outcome else MailOutcome.FAILED


def mail_redeliver(*, outgoing_mail_pk: int) -> str:
    """The send-again task's work: a ``MailOutcome`` value. The recipient's choices are read
    again first, as before every attempt (``_still_wanted``): an unsubscribe that came
    after the first send holds."""
    mail = OutgoingMail.objects.filter(pk=outgoing_mail_pk).first()
    if mail is None:  # sent again already (a second click, a second worker)
        return MailOutcome.SENT.value
    wanted, why = _still_wanted({"headers": mail.headers, "to": mail.to})
    if not wanted:
        logger.info(
            "E-mail not sent again (%s) to %s: %s (%s); deleted",
            mail.kind or "e-mail",
            _recipients(mail),
            mail.subject,
            why,
        )
        mail.delete()
        return MailOutcome.SKIPPED.value
    try:
        connection = get_connection()
        connection.send_messages([_message(mail, connection)])
    except Exception as error:
        _noted(mail, error)
        return MailOutcome.FAILED.value
    logger.info(
        "E-mail sent again (%s) to %s: %s",
        mail.kind or "e-mail",
        _recipients(mail),
        mail.subject,
    )
    mail.delete()
    return MailOutcome.SENT.value


def _noted(mail: OutgoingMail, error: BaseException) -> None:
    mail.attempts += 1
    mail.last_attempt_at = timezone.now()
    mail.error = _describe(error)
    mail.save(update_fields=["attempts", "last_attempt_at", "error"])
    logger.error(
        "E-mail NOT sent again (%s) to %s: %s (%s); attempt %d",
        mail.kind or "e-mail",
        _recipients(mail),
        mail.subject,
        mail.error,
        mail.attempts,
    )


def failed_mail_message(count: int) -> str:
    """What the coordinator is told when e-mails of an action were not sent."""
    return ngettext(
        "%(count)d e-mail could not be sent: the mail server did not take it. It is kept "
        "under Failed e-mails, to send again from there.",
        "%(count)d e-mails could not be sent: the mail server did not take them. They are "
        "kept under Failed e-mails, to send again from there.",
        count,
    ) % {"count": count}


def skipped_mail_message(count: int) -> str:
    """What the coordinator is told when recipients of an action did not get its e-mail."""
    return ngettext(
        "%(count)d recipient did not get this e-mail: they have switched such e-mails off, "
        "or their address is blocked (Blocked e-mail addresses).",
        "%(count)d recipients did not get this e-mail: they have switched such e-mails off, "
        "or their address is blocked (Blocked e-mail addresses).",
        count,
    ) % {"count": count}


def mail_person_erase(*, person) -> dict[str, int]:
    """Part of erasing a person (members.services.person_erase): the e-mails still owed to
    or about them, the kinds they switched off and their blocked addresses. (Their login's
    opt-outs go with the login.)"""
    return {**outgoing_mail_erase(person=person), **mail_preferences_erase(person=person)}


def outgoing_mail_erase(*, person) -> dict[str, int]:
    """Part of erasing a person (members.services.person_erase): e-mails still owed that are
    addressed to them or name them go; a copy to someone else that named them goes too."""
    emails = {person.email, getattr(person.user, "email", None) if person.user_id else None}
    emails = {email for email in emails if email}
    mentions = Q(subject__icontains=person.name) | Q(body__icontains=person.name)
    for email in emails:
        for field in ("to", "cc", "bcc", "reply_to"):
            mentions |= Q(**{f"{field}__icontains": email})
        mentions |= Q(body__icontains=email)
    count, _deleted = OutgoingMail.objects.filter(mentions).delete()
    return {str(OutgoingMail._meta.verbose_name_plural): count} if count else {}


# The tasks (Django's tasks API): thin wrappers, defined beside the work they do, which
# enqueues them again (a retry) or is enqueued by them.
@task()
def deliver_task(*, mail: dict, kind: str = "", language: str = "", attempt: int = 1) -> bool:
    """Send one e-mail (``mail_send``); on a mail server's failure, queue the next attempt
    with backoff, and after the last keep it among the failed e-mails."""
    return mail_deliver(mail=mail, kind=kind, language=language, attempt=attempt)


@task()
def deliver_batch_task(*, mails: list[dict]) -> int:
    """Send e-mails over one connection (``mail_send_many``), each with its own retries."""
    return mail_deliver_many(mails=mails)


@task()
def send_again_task(*, outgoing_mail_pk: int) -> str:
    """Send a failed e-mail again (the admin's “Send again”) unless its recipient no longer
    wants it."""
    return mail_redeliver(outgoing_mail_pk=outgoing_mail_pk)

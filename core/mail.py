"""Sending e-mail from a request: a mail server that fails never turns a saved action into an
error page.

``mail_send(message)`` sends one message. When the server refuses or cannot be reached
(``smtplib.SMTPException``, ``OSError``), it logs the failure and keeps the whole message as
an ``OutgoingMail`` row, which the coordinator sends again from the admin (Failed e-mails ›
“Send again”, ``mail_send_again``). Every e-mail the portal sends goes through it:
registration confirmations, promotions and cancellations, the coordinator's mailings,
invitations, the sign-up notice and allauth's own messages (``AccountAdapter.send_mail``).

A message is turned into a row and back by ``_record``/``_message``, so a background task
can later take the same rows (or call ``mail_send`` itself) without another format.
"""

import base64
import logging
import smtplib
from collections.abc import Iterable
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext

from core.models import OutgoingMail

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


def _record(message: EmailMessage, *, kind: str, language: str, error: str) -> OutgoingMail:
    return OutgoingMail(
        last_attempt_at=timezone.now(),
        error=error,
        kind=kind,
        language=language,
        from_email=message.from_email or "",
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        subject=str(message.subject),
        body=str(message.body),
        alternatives=[
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        attachments=_attachments(message),
        headers={str(k): str(v) for k, v in message.extra_headers.items()},
    )


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


def _send(message: EmailMessage, connection) -> int:
    if connection is not None:
        return connection.send_messages([message]) or 0
    return message.send() or 0


def _recipients(message: EmailMessage) -> str:
    return ", ".join(message.recipients())


def mail_send(
    message: EmailMessage, *, kind: str = "", language: str = "", connection=None
) -> bool:
    """Send ``message``; True when the server took it.

    Never raises for a mail server's failure: the failure is logged and the message kept as
    an ``OutgoingMail`` to send again. ``kind`` says what it is (``registration/confirmation``)
    and ``language`` the language it was written in, both for the coordinator's list.
    """
    if not message.recipients():
        return False
    try:
        sent = _send(message, connection)
    except SEND_ERRORS as error:
        _failed(message, kind=kind, language=language, error=error)
        return False
    logger.info(
        "E-mail sent (%s) to %s: %s", kind or "e-mail", _recipients(message), message.subject
    )
    return sent > 0


def _failed(message: EmailMessage, *, kind: str, language: str, error: BaseException) -> None:
    record = _record(message, kind=kind, language=language, error=_describe(error))
    try:
        with transaction.atomic():
            record.save()
    except DatabaseError:
        logger.exception(
            "E-mail NOT sent (%s) to %s: %s (%s), and it could not be kept to send again",
            kind or "e-mail",
            _recipients(message),
            message.subject,
            _describe(error),
        )
        return
    logger.error(
        "E-mail NOT sent (%s) to %s: %s (%s); kept as failed e-mail %s to send again",
        kind or "e-mail",
        _recipients(message),
        message.subject,
        _describe(error),
        record.pk,
    )


def mail_send_many(messages: Iterable[tuple[EmailMessage, str]], *, kind: str = "") -> int:
    """Send (message, language) pairs over one connection; returns how many were sent.

    Each message that fails is kept on its own; the others still go.
    """
    connection = get_connection()
    sent = 0
    try:
        for message, language in messages:
            sent += mail_send(message, kind=kind, language=language, connection=connection)
    finally:
        try:
            connection.close()
        except SEND_ERRORS:
            logger.warning("Closing the mail connection failed", exc_info=True)
    return sent


def mail_send_again(*, mail: OutgoingMail) -> bool:
    """Try a failed e-mail again: sent, it is deleted; failed again, its attempt is noted."""
    message = _message(mail)
    try:
        _send(message, None)
    except SEND_ERRORS as error:
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        mail.error = _describe(error)
        mail.save(update_fields=["attempts", "last_attempt_at", "error"])
        logger.error(
            "E-mail NOT sent again (%s) to %s: %s (%s); attempt %d",
            mail.kind or "e-mail",
            _recipients(message),
            mail.subject,
            mail.error,
            mail.attempts,
        )
        return False
    logger.info(
        "E-mail sent again (%s) to %s: %s",
        mail.kind or "e-mail",
        _recipients(message),
        mail.subject,
    )
    mail.delete()
    return True


def failed_mail_message(count: int) -> str:
    """What the coordinator is told when e-mails of an action were not sent."""
    return ngettext(
        "%(count)d e-mail could not be sent: the mail server did not take it. It is kept "
        "under Failed e-mails, to send again from there.",
        "%(count)d e-mails could not be sent: the mail server did not take them. They are "
        "kept under Failed e-mails, to send again from there.",
        count,
    ) % {"count": count}


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

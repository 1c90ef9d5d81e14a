"""What a recipient receives: the kinds they switched off, the addresses no e-mail may
reach, and the signed unsubscribe links that switch a kind off without a login.

A recipient is a login (``settings.AUTH_USER_MODEL``) or, for someone without one (a
colleague registered by a member), their e-mail address. ``core.mail.mail_send`` asks
``mail_receives`` before it queues a message a recipient may switch off.

The unsubscribe token (``unsubscribe_token``) is ``django.core.signing`` over the
recipient and the kind, salted for this use alone: changing either, or taking a token of
another use, breaks the signature. It does not expire: RFC 8058 asks that the link of an
old message still works.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from core.mail_kinds import mail_kind, optional_mail_kinds
from core.models import MailOptOut, SuppressedAddress

UNSUBSCRIBE_SALT = "core.mail_preferences.unsubscribe"


def recipient_address(recipient) -> str:
    """The address of a recipient: a login's e-mail, or the address itself."""
    address = recipient if isinstance(recipient, str) else getattr(recipient, "email", "")
    return (address or "").strip().lower()


def mail_language(recipient) -> str:
    """The language a recipient reads e-mail in: a login's chosen language (the user
    model's ``language``, set on the preference page), else the site's."""
    language = "" if isinstance(recipient, str) else getattr(recipient, "language", "")
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def _opt_outs(recipient, address: str = ""):
    """The opt-outs of a login (and of the address it is mailed at), or of an address."""
    address = (address or recipient_address(recipient)).strip().lower()
    by_address = Q(user__isnull=True, address__iexact=address) if address else Q(pk__in=[])
    if isinstance(recipient, str):
        return MailOptOut.objects.filter(by_address)
    return MailOptOut.objects.filter(Q(user=recipient) | by_address)


def mail_switched_off(recipient) -> set[str]:
    """The kinds ``recipient`` switched off."""
    return set(_opt_outs(recipient).values_list("kind", flat=True))


def address_suppressed(address: str) -> SuppressedAddress | None:
    address = address.strip().lower()
    return SuppressedAddress.objects.filter(address=address).first() if address else None


def mail_receives(recipient, kind: str, *, address: str = "") -> tuple[bool, str]:
    """Whether ``recipient``, mailed at ``address`` (default: theirs), gets e-mail of
    ``kind``, and if not why (for the log)."""
    if mail_kind(kind).transactional:
        return True, ""
    address = address or recipient_address(recipient)
    if _opt_outs(recipient, address).filter(kind=kind).exists():
        return False, "switched off by the recipient"
    suppressed = address_suppressed(address)
    if suppressed is not None:
        return False, f"address blocked ({suppressed.reason})"
    return True, ""


def mail_switch(*, recipient, kind: str, on: bool) -> None:
    """Switch one kind off (``on=False``) or on again for ``recipient``."""
    if mail_kind(kind).transactional:
        raise ValueError(f"{kind!r} is transactional: it cannot be switched off")
    if on:
        _opt_outs(recipient).filter(kind=kind).delete()
        return
    if isinstance(recipient, str):
        values = {"user": None, "address": recipient_address(recipient)}
    else:
        values = {"user": recipient, "address": ""}
    if _opt_outs(recipient).filter(kind=kind).exists():
        return
    try:
        with transaction.atomic():
            MailOptOut.objects.create(kind=kind, **values)
    except IntegrityError:  # switched off at the same moment by a second click
        pass


def mail_preferences_set(*, user, receives: set[str]) -> None:
    """The preference page's save: every optional kind in ``receives`` on, the others off."""
    with transaction.atomic():
        for kind in optional_mail_kinds():
            mail_switch(recipient=user, kind=kind.code, on=kind.code in receives)


def unsubscribe_token(*, recipient, kind: str) -> str:
    if isinstance(recipient, str):
        value = {"a": recipient_address(recipient), "k": kind}
    else:
        value = {"u": recipient.pk, "k": kind}
    return signing.dumps(value, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_token_read(token: str) -> tuple[object, str] | None:
    """(recipient, kind) of a genuine token whose recipient still exists, else None."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("k"), str):
        return None
    kind = value["k"]
    if mail_kind(kind).transactional:
        return None
    if isinstance(value.get("u"), int):
        user = get_user_model().objects.filter(pk=value["u"], is_active=True).first()
        return (user, kind) if user is not None else None
    if isinstance(value.get("a"), str) and value["a"]:
        return value["a"], kind
    return None


def site_url(path: str = "") -> str:
    """An absolute address on the portal (``settings.SITE_URL``), for e-mails sent where no
    request tells the host (the worker)."""
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(*, recipient, kind: str, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "mail_unsubscribe", kwargs={"token": unsubscribe_token(recipient=recipient, kind=kind)}
        )
    return site_url(path)


def preferences_url(*, language: str) -> str:
    """The members' area page where a member chooses what they receive
    (``settings.MAIL_PREFERENCES_URL_NAME``: the configuration names it, core knows no app)."""
    with translation.override(language):
        return site_url(reverse(settings.MAIL_PREFERENCES_URL_NAME))


def mail_preferences_erase(*, person) -> dict[str, int]:
    """Part of erasing a person: the kinds switched off by their address and the blocks of
    their addresses go (their login's own opt-outs are deleted with the login)."""
    emails = {person.email, getattr(person.user, "email", None) if person.user_id else None}
    emails = {email.strip().lower() for email in emails if email}
    removed = {}
    for model, lookup in ((MailOptOut, "address__iexact"), (SuppressedAddress, "address")):
        query = Q(pk__in=[])
        for email in emails:
            query |= Q(**{lookup: email})
        if person.user_id and model is MailOptOut:
            query |= Q(user_id=person.user_id)
        count, _deleted = model.objects.filter(query).delete()
        if count:
            removed[str(model._meta.verbose_name_plural)] = count
    return removed

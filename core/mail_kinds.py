"""The kinds of e-mail the portal sends, and which of them a member may switch off.

Every message leaves with a kind (``core.mail.mail_send(message, kind=...)``). A kind is a
code (``"registration/confirmation"``), a label a member reads on the preference page, and
whether it is transactional: a confirmation, a password reset, an invitation, which always
go, or one a member may switch off (a save-the-date, a reminder, a mailing), which then
carries a one-click unsubscribe (``core.mail``).

Core knows no kind itself. Each app declares its kinds on its ``AppConfig``::

    mail_kinds = "meetings.registration.emails.MAIL_KINDS"

the dotted path to a sequence of ``MailKind``. A code ending in ``/*`` covers every code
with that prefix (allauth's messages, ``account/password_reset_key`` and the others, are
``account/*``). An exact code wins over a prefix.

A kind nobody declared is a programming error: ``mail_kind()`` raises ``UnknownMailKind``
when ``settings.MAIL_UNKNOWN_KIND_RAISES`` is true (development and the tests); in
production it logs the error and treats the kind as transactional, so the message still
goes, without list headers.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("core.mail")


@dataclass(frozen=True)
class MailKind:
    code: str
    # What a member reads on the preference page (gettext_lazy).
    label: str
    # Always sent, never switched off, no unsubscribe (RFC 8058 is for lists, not receipts).
    transactional: bool
    # For the preference page: what these e-mails are about.
    help_text: str = ""

    @property
    def optional(self) -> bool:
        return not self.transactional


class UnknownMailKind(LookupError):
    """An e-mail was sent with a kind no app declared (``AppConfig.mail_kinds``)."""


@cache
def _registry() -> dict[str, MailKind]:
    kinds: dict[str, MailKind] = {}
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "mail_kinds", None)
        if not path:
            continue
        declared: Sequence[MailKind] = import_string(path)
        for kind in declared:
            if kind.code in kinds:
                raise ValueError(f"Mail kind {kind.code!r} is declared twice ({path})")
            kinds[kind.code] = kind
    return kinds


def mail_kinds() -> list[MailKind]:
    """Every declared kind, in app order, then declaration order."""
    return list(_registry().values())


def optional_mail_kinds() -> list[MailKind]:
    """The kinds a member may switch off, for the preference page."""
    return [kind for kind in mail_kinds() if kind.optional and not kind.code.endswith("/*")]


def mail_kind(code: str) -> MailKind:
    """The declared kind of ``code`` (an exact code, else its ``prefix/*``)."""
    registry = _registry()
    if code in registry:
        return registry[code]
    prefix, _slash, _rest = code.rpartition("/")
    while prefix:
        if f"{prefix}/*" in registry:
            return registry[f"{prefix}/*"]
        prefix, _slash, _rest = prefix.rpartition("/")
    if settings.MAIL_UNKNOWN_KIND_RAISES:
        raise UnknownMailKind(
            f"E-mail kind {code!r} is declared by no app (AppConfig.mail_kinds); "
            f"known: {', '.join(sorted(registry))}"
        )
    logger.error("E-mail kind %r is declared by no app; sent as transactional", code)
    return MailKind(code=code, label=code, transactional=True)


def mail_kinds_forget() -> None:
    """Read the apps' declarations again (tests that add an app or a kind)."""
    _registry.cache_clear()

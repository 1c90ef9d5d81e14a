"""Bounces and spam reports from a mail provider block the address (``SuppressedAddress``).

Where the operator sends through a provider (``DJANGO_ANYMAIL_ESP``, README: Configuration),
django-anymail's tracking webhook for that provider is served at
``/anymail/<provider>/tracking/`` and its normalised events arrive here. A bounce or a spam
report blocks the address for every e-mail a recipient may switch off
(``core.mail_preferences.mail_receives``); the coordinator sees the block under Blocked
e-mail addresses and deletes it to let mail go again. Receipts (confirmations, password
resets) still go: the member asked for them.

The webhook is served only with its secret (``DJANGO_ANYMAIL_WEBHOOK_SECRET``, the
``user:password`` the provider sends as HTTP basic authentication): anymail itself would
accept unauthenticated posts with a warning, and anyone could then block any address.
Without a provider, e-mail leaves by SMTP and no webhook is served.
"""

import logging

from anymail import urls as anymail_urls
from anymail.signals import EventType, tracking
from django.conf import settings
from django.core import checks
from django.db import IntegrityError, transaction
from django.urls import path

from core.models import SuppressedAddress

logger = logging.getLogger("core.mail")

# What blocks an address: the provider could not deliver to it, or its owner said spam.
BLOCKING_EVENTS = {
    EventType.BOUNCED: SuppressedAddress.Reason.BOUNCED,
    EventType.COMPLAINED: SuppressedAddress.Reason.COMPLAINED,
}


def webhook_enabled() -> bool:
    return bool(settings.ANYMAIL_ESP and settings.ANYMAIL.get("WEBHOOK_SECRET"))


def webhook_urls() -> list:
    """The configured provider's tracking webhook (anymail's own view), or nothing."""
    if not webhook_enabled():
        return []
    name = f"{settings.ANYMAIL_ESP}_tracking_webhook"
    for pattern in anymail_urls.urlpatterns:
        if pattern.name == name:
            return [path(f"anymail/{pattern.pattern}", pattern.callback, name="mail_tracking")]
    return []


def address_block(*, address: str, reason: str, provider: str = "", detail: str = ""):
    """Block ``address`` (once: a second report keeps the first row)."""
    address = (address or "").strip().lower()
    if not address:
        return None
    blocked = SuppressedAddress.objects.filter(address=address).first()
    if blocked is not None:
        return blocked
    try:
        with transaction.atomic():
            blocked = SuppressedAddress.objects.create(
                address=address, reason=reason, provider=provider, detail=detail[:2000]
            )
    except IntegrityError:  # the same report twice at once
        return SuppressedAddress.objects.filter(address=address).first()
    logger.warning("E-mail address %s blocked: %s (%s)", address, reason, provider or "-")
    return blocked


def tracking_received(sender, event, esp_name: str = "", **kwargs) -> None:
    """anymail's ``tracking`` signal: a bounce or a spam report blocks the address."""
    reason = BLOCKING_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    detail = " ".join(
        str(part) for part in (event.reject_reason, event.description, event.mta_response) if part
    )
    address_block(address=event.recipient, reason=reason, provider=esp_name, detail=detail)


def connect() -> None:
    tracking.connect(tracking_received, dispatch_uid="core.mail_tracking")


@checks.register(checks.Tags.security)
def check_webhook_secret(app_configs=None, **kwargs) -> list:
    if settings.ANYMAIL_ESP and not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return [
            checks.Warning(
                "DJANGO_ANYMAIL_ESP is set without DJANGO_ANYMAIL_WEBHOOK_SECRET: the bounce "
                "and complaint webhook is not served, so bounces block no address.",
                id="core.W001",
            )
        ]
    return []

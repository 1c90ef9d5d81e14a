"""Every e-mail any test sends meets the spam-check minimum (core.mail): a Date, a
Message-ID on the site's domain, From the configured sender, no image from another host,
a plain-text body, and list headers exactly on the kinds a member may switch off.

The tests' mail backend (``CheckingBackend``, set for every test in tests/conftest.py) is
Django's in-memory outbox that also notes what a message lacks, checked when the message
is sent (under the test's own settings); the test fails at its end if anything was noted.
"""

import re

from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend

BACKEND = "tests.mail_checks.CheckingBackend"

# An <img> whose src is an address on another host (http:, https:, protocol-relative).
EXTERNAL_IMAGE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)

problems: list[str] = []


def message_problems(message) -> list[str]:
    wire = message.message()
    found = []
    subject = message.subject
    if not wire["Date"]:
        found.append("no Date")
    message_id = wire["Message-ID"] or ""
    if not re.fullmatch(rf"<[^@<>]+@{re.escape(settings.MAIL_DOMAIN)}>", message_id):
        found.append(f"Message-ID {message_id!r} not on {settings.MAIL_DOMAIN}")
    if message.from_email != settings.DEFAULT_FROM_EMAIL:
        found.append(f"From {message.from_email!r}, not {settings.DEFAULT_FROM_EMAIL!r}")
    if not isinstance(message.body, str) or not message.body.strip():
        found.append("no plain-text body")
    for content in [message.body, *(c for c, _t in getattr(message, "alternatives", []))]:
        if isinstance(content, str) and EXTERNAL_IMAGE.search(content):
            found.append("an image from another host")
    if ("List-Unsubscribe" in wire) != ("List-Unsubscribe-Post" in wire):
        found.append("List-Unsubscribe without List-Unsubscribe-Post (RFC 8058), or back")
    return [f"{subject!r}: {problem}" for problem in found]


class CheckingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            problems.extend(message_problems(message))
        return super().send_messages(messages)

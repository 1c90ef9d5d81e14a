"""Name badges: each carries a QR code of a signed check-in link for its registration.

The link holds the registration's id signed with the secret key and a salt of its own
(``django.core.signing``), so it cannot be guessed or altered, and it is no credential:
only a logged-in coordinator who may mark attendance can use it (``attendance_views``).
"""

import segno
from django.core import signing
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Registration

CHECK_IN_SALT = "meetings.registration.check-in"


def check_in_token(*, registration: Registration) -> str:
    return signing.Signer(salt=CHECK_IN_SALT).sign(str(registration.pk))


def check_in_registration_id(*, token: str) -> int | None:
    """The registration id the token was made for; None for a token not signed by us."""
    try:
        value = signing.Signer(salt=CHECK_IN_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def check_in_url(*, request, registration: Registration) -> str:
    path = reverse(
        "registration:check_in", kwargs={"token": check_in_token(registration=registration)}
    )
    return request.build_absolute_uri(path)


def qr_svg(*, data: str, title: str) -> SafeString:
    """An inline SVG of ``data`` as a QR code, named ``title`` for assistive technology."""
    svg = segno.make(data, error="m").svg_inline(
        scale=1, border=2, omitsize=True, title=title, svgclass="qr-code"
    )
    # segno writes fixed markup and numbers, and escapes the title itself.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def badges_with_qr(*, request, registrations: list[Registration]) -> list[Registration]:
    """The registrations, each with ``check_in_qr``: the QR code of its check-in link."""
    for registration in registrations:
        registration.check_in_qr = qr_svg(
            data=check_in_url(request=request, registration=registration),
            title=_("QR code: check-in of %(person)s") % {"person": registration.person.name},
        )
    return registrations

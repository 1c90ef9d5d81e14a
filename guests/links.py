"""The signed link through which a guest sends the slides of their talk, without logging in.

The link holds the talk's id, signed with the secret key and a salt of its own (so no other
signed value of the portal is accepted here) and timestamped: it expires after
``settings.GUEST_SLIDES_LINK_DAYS`` days.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from core.mail_preferences import site_url

from .models import Talk

SALT = "guests.slides-link"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def slides_token(talk: Talk) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(talk.pk))


def slides_url(talk: Talk, *, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("guests:slides_upload", kwargs={"token": slides_token(talk)}))


def talk_from_token(token: str) -> Talk:
    """The talk the link is for; ``LinkExpired`` or ``LinkInvalid`` (tampered, or its talk
    is gone) otherwise."""
    signer = signing.TimestampSigner(salt=SALT)
    max_age = datetime.timedelta(days=settings.GUEST_SLIDES_LINK_DAYS)
    try:
        pk = signer.unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    talk = (
        Talk.objects.select_related("agenda_item__meeting", "guest", "organisation")
        .filter(pk=pk)
        .first()
    )
    if talk is None:
        raise LinkInvalid
    return talk

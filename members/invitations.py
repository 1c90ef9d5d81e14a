"""Invitations: the coordinator invites a person, the person sets a password and is in.

The token exists only in the e-mailed link; the database keeps its SHA-256 hash, so a
leaked database cannot be turned into logins. The one exception: an invitation whose e-mail
the mail server did not take waits, link and all, among the failed e-mails
(``core.mail``) until it is sent again, which deletes it.
"""

import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from core.mail import mail_send

from .models import Invitation, Person, User


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_language_for(person: Person) -> str:
    """The site's language unless the person belongs to a foreign member institution: then
    English, the network's language with members abroad."""
    if person.institution_id and person.institution.country not in {"", "SE"}:
        return "en"
    return settings.LANGUAGE_CODE


def invitation_find(*, token: str) -> Invitation | None:
    """The still usable invitation behind ``token``, or None."""
    return (
        Invitation.objects.usable()
        .select_related("person")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _email_taken(email: str) -> bool:
    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def invitation_check(*, person: Person, email: str) -> None:
    """Raise ValidationError if ``person`` cannot be invited at ``email``."""
    if not email:
        raise ValidationError(_("%(person)s has no e-mail address.") % {"person": person})
    if person.user_id is not None:
        raise ValidationError(_("%(person)s already has a login.") % {"person": person})
    if _email_taken(email):
        raise ValidationError(
            _("A login with the e-mail address %(email)s already exists; link it to the person.")
            % {"email": email}
        )


@transaction.atomic
def invitation_send(
    *,
    person: Person,
    base_url: str,
    invited_by: User | None = None,
    email: str = "",
    language: str = "",
) -> Invitation:
    """Create an invitation for ``person`` and e-mail them the link.

    ``base_url`` is the site's scheme and host (``https://klossnet.example.org``).
    Earlier unused invitations for the person stop working. A mail server that fails does not
    undo the invitation: ``invitation.email_sent`` is False and the e-mail waits to be sent
    again.
    """
    email = (email or person.email).strip()
    language = language or invitation_language_for(person)
    invitation_check(person=person, email=email)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    person.invitations.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    invitation = Invitation(
        person=person,
        email=email,
        language=language,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + Invitation.LIFETIME,
        invited_by=invited_by,
    )
    invitation.full_clean()
    invitation.save()
    with translation.override(language):
        link = base_url.rstrip("/") + reverse(
            "members_area:invitation_accept", kwargs={"token": token}
        )
        context = {"invitation": invitation, "person": person, "link": link}
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation_message.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [email])
    # Whether the mail server took it (else it waits among the failed e-mails), for the
    # coordinator's message; not stored.
    invitation.email_sent = mail_send(message, kind="members/invitation", language=language).sent
    return invitation


def invitation_resend(*, invitation: Invitation, base_url: str, invited_by: User | None = None):
    """E-mail the person a new link, to the same address and in the same language; the
    earlier link stops working (only its hash is stored, so it cannot be sent again)."""
    if invitation.used_at is not None:
        raise ValidationError(
            _("The invitation of %(person)s has already been used.") % {"person": invitation.person}
        )
    return invitation_send(
        person=invitation.person,
        email=invitation.email,
        language=invitation.language,
        base_url=base_url,
        invited_by=invited_by,
    )


@transaction.atomic
def invitation_renew(*, invitation: Invitation) -> Invitation:
    """Make the link already e-mailed work for another ``Invitation.LIFETIME`` from now.

    Only the person's latest invitation, unused, and while the person has no login: an
    earlier one was replaced by a newer link, and renewing it would make two links work.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("person").get(pk=invitation.pk)
    )
    person = invitation.person
    if invitation.used_at is not None:
        raise ValidationError(
            _("The invitation of %(person)s has already been used.") % {"person": person}
        )
    invitation_check(person=person, email=invitation.email)
    latest = person.invitations.order_by("-created_at", "-pk").first()
    if latest.pk != invitation.pk:
        raise ValidationError(
            _("%(person)s has a newer invitation (sent %(sent)s): renew or resend that one.")
            % {
                "person": person,
                "sent": formats.date_format(
                    timezone.localtime(latest.created_at), "SHORT_DATETIME_FORMAT"
                ),
            }
        )
    invitation.expires_at = timezone.now() + Invitation.LIFETIME
    invitation.save(update_fields=["expires_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Create the person's login with a verified e-mail address; the invitation is spent.

    Raises ValidationError if the invitation can no longer be used or the password is weak.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("person").get(pk=invitation.pk)
    )
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has already been used or has expired."))
    person = invitation.person
    if person.user_id is not None or _email_taken(invitation.email):
        raise ValidationError(_("There is already a login for this person. Log in instead."))
    user = get_user_model()(
        username=invitation.email,
        email=invitation.email,
        first_name="",
        approved_at=timezone.now(),
        # The language they were invited in is the one they read.
        language=invitation.language,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
    person.user = user
    person.save(update_fields=["user"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user

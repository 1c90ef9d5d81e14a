"""What a recipient receives (core.mail_kinds, core.mail_preferences, core.mail): the
registry of kinds, switched-off kinds and blocked addresses skipped, the one-click
unsubscribe (RFC 8058) with its signed token, and the spam-check minimum of every kind."""

import logging
import re
from email.utils import parsedate_to_datetime

import pytest
from django.core import mail, signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.test import Client
from django.utils import translation

from core.mail import MailOutcome, mail_send, mail_send_many
from core.mail_kinds import MailKind, UnknownMailKind, mail_kind, mail_kinds, mail_kinds_forget
from core.mail_preferences import (
    UNSUBSCRIBE_SALT,
    mail_receives,
    mail_switch,
    unsubscribe_token,
)
from core.models import MailOptOut, SuppressedAddress
from tests import mail_checks
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OPTIONAL = "registration/mailing"


def _message(to="ada@medlem.se", **kwargs) -> EmailMessage:
    return EmailMessage("Ämne", "Hej!", to=[to], **kwargs)


def _unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    url = re.fullmatch(r"<(https?://[^>]+)>", header).group(1)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def ada(db):
    return UserFactory(username="ada@medlem.se", language="en")


# --- The registry -----------------------------------------------------------------------


def test_every_kind_the_portal_sends_is_declared():
    codes = {kind.code for kind in mail_kinds()}
    assert {
        "registration/confirmation",
        "registration/promoted",
        "registration/cancelled",
        "registration/mailing",
        "members/invitation",
        "members/signup_pending",
        "account/*",
    } <= codes


def test_receipts_invitations_and_account_mail_are_transactional():
    for code in (
        "registration/confirmation",
        "registration/promoted",
        "registration/cancelled",
        "members/invitation",
        "members/signup_pending",
        "account/password_reset_key",
        "account/email_confirmation_signup",
    ):
        assert mail_kind(code).transactional, code
    assert not mail_kind(OPTIONAL).transactional


def test_an_undeclared_kind_fails_loudly():
    with pytest.raises(UnknownMailKind):
        mail_kind("meeting/no_such_kind")
    with pytest.raises(UnknownMailKind):
        mail_send(_message(), kind="invitation")
    assert mail.outbox == []


def test_in_production_an_undeclared_kind_is_logged_and_still_sent(settings, caplog):
    settings.MAIL_UNKNOWN_KIND_RAISES = False
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        assert mail_send(_message(), kind="meeting/no_such_kind")
    assert "declared by no app" in caplog.text
    assert len(mail.outbox) == 1
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_kind_declared_twice_is_refused(settings, monkeypatch):
    from django.apps import apps

    config = apps.get_app_config("core")
    monkeypatch.setattr(config, "mail_kinds", "tests.klossnet.test_mail_kinds.DUPLICATE", False)
    mail_kinds_forget()
    try:
        with pytest.raises(ValueError, match="declared twice"):
            mail_kinds()
    finally:
        monkeypatch.undo()
        mail_kinds_forget()


DUPLICATE = [MailKind("registration/mailing", "again", False)]


# --- Skipping -----------------------------------------------------------------------------


def test_a_kind_a_member_may_switch_off_needs_its_recipient(ada):
    with pytest.raises(ValueError, match="recipient"):
        mail_send(_message(), kind=OPTIONAL)
    with pytest.raises(ValueError, match="one recipient"):
        mail_send(
            EmailMessage("Ämne", "Hej", to=["a@x.se", "b@x.se"]), kind=OPTIONAL, recipient=ada
        )


def test_a_switched_off_kind_is_skipped_and_logged(ada, caplog):
    mail_switch(recipient=ada, kind=OPTIONAL, on=False)
    with caplog.at_level(logging.INFO, logger="core.mail"):
        outcome = mail_send(_message(), kind=OPTIONAL, recipient=ada)
    assert outcome is MailOutcome.SKIPPED and not outcome
    assert mail.outbox == []
    assert "E-mail skipped (registration/mailing) to ada@medlem.se" in caplog.text
    assert "switched off" in caplog.text


def test_switched_on_again_it_is_sent(ada):
    mail_switch(recipient=ada, kind=OPTIONAL, on=False)
    mail_switch(recipient=ada, kind=OPTIONAL, on=True)
    assert mail_send(_message(), kind=OPTIONAL, recipient=ada) is MailOutcome.SENT
    assert len(mail.outbox) == 1


def test_switching_off_one_kind_leaves_transactional_mail(ada):
    mail_switch(recipient=ada, kind=OPTIONAL, on=False)
    assert mail_send(_message(), kind="registration/confirmation", recipient=ada)
    assert len(mail.outbox) == 1
    with pytest.raises(ValueError, match="transactional"):
        mail_switch(recipient=ada, kind="registration/confirmation", on=False)


def test_a_blocked_address_gets_no_optional_mail_but_its_receipts(ada):
    SuppressedAddress.objects.create(address="ADA@medlem.se", reason="bounced")
    assert mail_receives(ada, OPTIONAL) == (False, "address blocked (bounced)")
    assert mail_send(_message(), kind=OPTIONAL, recipient=ada).skipped
    assert mail_send(_message(), kind="registration/confirmation")
    assert len(mail.outbox) == 1


def test_a_recipient_without_a_login_is_known_by_address():
    mail_switch(recipient="Colleague@Medlem.se", kind=OPTIONAL, on=False)
    assert mail_send(
        _message("colleague@medlem.se"), kind=OPTIONAL, recipient="colleague@medlem.se"
    ).skipped
    assert mail_send(_message("other@medlem.se"), kind=OPTIONAL, recipient="other@medlem.se")


def test_a_batch_counts_sent_failed_and_skipped(ada, settings):
    bob = UserFactory(username="bob@medlem.se")
    mail_switch(recipient=bob, kind=OPTIONAL, on=False)
    tally = mail_send_many(
        [(_message(), "sv", ada), (_message("bob@medlem.se"), "sv", bob)], kind=OPTIONAL
    )
    assert (tally.sent, tally.failed, tally.skipped) == (1, 0, 1)
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    tally = mail_send_many([(_message(), "sv", ada)], kind=OPTIONAL)
    assert (tally.sent, tally.failed, tally.skipped) == (0, 1, 0)


# --- What an optional message carries --------------------------------------------------------


def test_an_optional_message_carries_one_click_unsubscribe(ada, settings):
    settings.SITE_URL = "https://klossnet.example.org"
    mail_send(_message(), kind=OPTIONAL, recipient=ada)
    (sent,) = mail.outbox
    assert re.fullmatch(
        r"<https://klossnet\.example\.org/en/unsubscribe/[^/>]+/>",
        sent.extra_headers["List-Unsubscribe"],
    )
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Both headers reach the wire, as RFC 8058 wants them.
    raw = sent.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


def test_the_footer_is_in_the_recipients_language_with_both_links(ada, settings):
    settings.SITE_URL = "https://klossnet.example.org"
    with translation.override("sv"):  # the coordinator's request is Swedish; Ada reads English
        mail_send(_message(), kind=OPTIONAL, recipient=ada)
    body = mail.outbox[0].body
    assert body.startswith("Hej!")
    assert "No more e-mails of this kind: https://klossnet.example.org/en/unsubscribe/" in body
    assert (
        "Choose which e-mails you receive: https://klossnet.example.org/en/members/e-mail-settings/"
        in body
    )
    assert "Messages to those registered for a meeting" in body


def test_a_swedish_recipient_gets_a_swedish_footer(db, settings):
    settings.SITE_URL = "https://klossnet.example.org"
    eva = UserFactory(username="eva@medlem.se", language="sv")
    with translation.override("en"):
        mail_send(_message("eva@medlem.se"), kind=OPTIONAL, recipient=eva)
    body = mail.outbox[0].body
    assert "Inga fler e-postmeddelanden av det här slaget: https://klossnet.example.org/sv/" in body
    assert "/sv/medlemmar/" in body


def test_the_html_alternative_gets_the_footer_before_its_end(ada):
    message = EmailMultiAlternatives("Ämne", "Hej!", to=["ada@medlem.se"])
    message.attach_alternative("<html><body><p>Hej!</p></body></html>", "text/html")
    mail_send(message, kind=OPTIONAL, recipient=ada)
    html, mimetype = mail.outbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert re.search(
        r'<a href="http[^"]+/unsubscribe/[^"]+">No more e-mails of this kind</a>', html
    )
    assert html.endswith("</p></body></html>")


def test_a_transactional_message_has_no_list_headers(ada):
    mail_send(_message(), kind="registration/confirmation", recipient=ada)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert "unsubscribe" not in mail.outbox[0].body


# --- The one-click unsubscribe ------------------------------------------------------------------


@pytest.fixture
def strict_client():
    """A client that checks CSRF tokens, as a browser's request is checked."""
    return Client(enforce_csrf_checks=True)


def test_the_one_click_post_unsubscribes_without_login_or_csrf(ada, strict_client):
    mail_send(_message(), kind=OPTIONAL, recipient=ada)
    path = _unsubscribe_path(mail.outbox[0])
    response = strict_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert MailOptOut.objects.filter(user=ada, kind=OPTIONAL).exists()
    assert mail_send(_message(), kind=OPTIONAL, recipient=ada).skipped
    # Twice is the same as once.
    assert strict_client.post(path).status_code == 200
    assert MailOptOut.objects.filter(user=ada, kind=OPTIONAL).count() == 1


def test_a_get_only_asks_and_never_unsubscribes(ada, client):
    mail_send(_message(), kind=OPTIONAL, recipient=ada)
    path = _unsubscribe_path(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 200
    assert b'<form method="post">' in response.content
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not MailOptOut.objects.exists()


def test_other_views_still_check_csrf(ada, strict_client):
    strict_client.force_login(ada)
    assert strict_client.post("/en/members/e-mail-settings/", {}).status_code == 403


def test_a_tampered_token_is_refused(ada, client):
    token = unsubscribe_token(recipient=ada, kind=OPTIONAL)
    payload, _sep, signature = token.rpartition(":")
    tampered = payload + ":" + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert client.post(f"/sv/avprenumerera/{tampered}/").status_code == 404
    assert client.post("/sv/avprenumerera/not-a-token/").status_code == 404
    assert not MailOptOut.objects.exists()


def test_a_token_cannot_be_forged_for_someone_else(ada, client, settings):
    bob = UserFactory(username="bob@medlem.se")
    # The same value signed without the salt, or with the key of another site, is refused.
    for forged in (
        signing.dumps({"u": bob.pk, "k": OPTIONAL}, compress=True),
        signing.dumps({"u": bob.pk, "k": OPTIONAL}, key="another-key", salt=UNSUBSCRIBE_SALT),
    ):
        assert client.post(f"/en/unsubscribe/{forged}/").status_code == 404
    assert not MailOptOut.objects.filter(user=bob).exists()
    # Ada's own token switches off only her own mail.
    client.post(f"/en/unsubscribe/{unsubscribe_token(recipient=ada, kind=OPTIONAL)}/")
    assert list(MailOptOut.objects.values_list("user", "kind")) == [(ada.pk, OPTIONAL)]


def test_a_token_names_its_kind_and_no_other(ada, client):
    token = unsubscribe_token(recipient=ada, kind=OPTIONAL)
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    assert value == {"u": ada.pk, "k": OPTIONAL}
    # A genuine token for a transactional kind (never issued) switches nothing off.
    receipt = unsubscribe_token(recipient=ada, kind="registration/confirmation")
    assert client.post(f"/en/unsubscribe/{receipt}/").status_code == 404


def test_the_unsubscribe_page_is_bilingual(ada, client):
    token = unsubscribe_token(recipient=ada, kind=OPTIONAL)
    sv = client.get(f"/sv/avprenumerera/{token}/").content.decode()
    assert "Ja, sluta skicka dessa" in sv
    done = client.post(f"/en/unsubscribe/{token}/").content.decode()
    assert "You are unsubscribed" in done
    assert "/en/members/e-mail-settings/" in done


# --- The spam-check minimum, for every kind ------------------------------------------------------

EXTERNAL_IMAGE = mail_checks.EXTERNAL_IMAGE


def _concrete(kind: MailKind) -> str:
    return kind.code.replace("*", "password_reset_key")


@pytest.mark.parametrize("kind", mail_kinds(), ids=lambda kind: kind.code)
def test_every_kind_leaves_with_date_message_id_on_the_site_and_the_configured_sender(
    kind, ada, settings
):
    settings.SITE_URL = "https://klossnet.example.org"
    settings.MAIL_DOMAIN = "klossnet.example.org"
    settings.DEFAULT_FROM_EMAIL = "KLOSSnet <klossnet@kth.se>"
    message = EmailMultiAlternatives("Ämne", "Hej!", "someone.else@example.com", ["ada@medlem.se"])
    message.attach_alternative("<p>Hej!</p>", "text/html")
    assert mail_send(message, kind=_concrete(kind), recipient=ada)
    (sent,) = mail.outbox
    wire = sent.message()
    assert parsedate_to_datetime(wire["Date"])
    assert re.fullmatch(r"<[^@<>]+@klossnet\.example\.org>", wire["Message-ID"])
    assert wire["From"] == "KLOSSnet <klossnet@kth.se>"
    assert wire["Reply-To"] == "someone.else@example.com"
    assert ("List-Unsubscribe" in wire) is kind.optional
    assert ("List-Unsubscribe-Post" in wire) is kind.optional
    for body in [sent.body, *(content for content, _type in sent.alternatives)]:
        assert not EXTERNAL_IMAGE.search(body)


def test_the_image_check_finds_an_external_image():
    assert EXTERNAL_IMAGE.search('<p><img alt="" src="https://tracker.example/p.gif"></p>')
    assert EXTERNAL_IMAGE.search("<img src=//cdn.example/x.png>")
    assert not EXTERNAL_IMAGE.search('<img alt="" src="cid:logo">')


def test_the_check_every_test_runs_on_its_e_mails_finds_what_a_message_lacks(settings):
    """tests/mail_checks.py checks every message any test sends; here it must object to a
    message that bypassed core.mail."""
    settings.MAIL_DOMAIN = "klossnet.example.org"
    bypassed = EmailMultiAlternatives("Reklam", "", "spam@example.com", ["ada@medlem.se"])
    bypassed.attach_alternative('<img alt="" src="https://tracker.example/p.gif">', "text/html")
    bypassed.extra_headers["List-Unsubscribe"] = "<https://example.com/u>"
    found = " ".join(mail_checks.message_problems(bypassed))
    for problem in (
        "not on klossnet.example.org",
        "From 'spam@example.com'",
        "no plain-text body",
        "an image from another host",
        "List-Unsubscribe without List-Unsubscribe-Post",
    ):
        assert problem in found


def test_each_message_gets_its_own_message_id(ada):
    mail_send(_message(), kind="registration/confirmation")
    mail_send(_message(), kind="registration/confirmation")
    first, second = (m.extra_headers["Message-ID"] for m in mail.outbox)
    assert first != second

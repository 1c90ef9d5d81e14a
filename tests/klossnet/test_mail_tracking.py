"""A mail provider's bounces and spam reports block the address (core.mail_tracking), through
anymail's real webhook for Postmark, served only where a provider and its secret are
configured; the coordinator sees and removes blocks in the admin."""

import base64
import hashlib
import hmac
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse, set_urlconf

import klossnet.urls
from core.mail import mail_send
from core.mail_preferences import mail_switch
from core.mail_tracking import check_webhook_secret
from core.models import SuppressedAddress
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SECRET = "postmark:kvistrup-hemlig-nyckel"
WEBHOOK = "/anymail/postmark/tracking/"

# Postmark's own examples (postmarkapp.com/developer/webhooks/bounce-webhook and
# spam-complaint-webhook).
BOUNCE = {
    "RecordType": "Bounce",
    "MessageStream": "outbound",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "Test",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {"a_key": "a_value"},
    "ServerID": 23,
    "Description": "The server was unable to deliver your message (ex: unknown user, "
    "mailbox not found).",
    "Details": "Test bounce details",
    "Email": "Ada@Medlem.se",
    "From": "klossnet@kth.se",
    "BouncedAt": "2019-11-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Test subject",
    "Content": "<Full dump of bounce>",
}
COMPLAINT = {
    **BOUNCE,
    "RecordType": "SpamComplaint",
    "ID": 42,
    "Type": "SpamComplaint",
    "TypeCode": 512,
    "Name": "Spam complaint",
    "Description": "",
    "Details": "Test spam complaint details",
    "Email": "bob@medlem.se",
    "CanActivate": False,
    "Content": "<Abuse report dump>",
}
DELIVERY = {
    "RecordType": "Delivery",
    "ServerID": 23,
    "MessageStream": "outbound",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Recipient": "eva@medlem.se",
    "Tag": "welcome-email",
    "DeliveredAt": "2019-11-05T16:33:54.9070259Z",
    "Details": "Test delivery webhook details",
    "Metadata": {},
}


def _reload_urls():
    clear_url_caches()
    importlib.reload(klossnet.urls)
    set_urlconf(None)


@pytest.fixture
def provider():
    """The portal as an operator configures it with Postmark and the webhook's secret."""
    with override_settings(
        ANYMAIL_ESP="postmark",
        ANYMAIL={"POSTMARK_SERVER_TOKEN": "test-token", "WEBHOOK_SECRET": SECRET},
    ):
        _reload_urls()
        yield
    _reload_urls()


def _post(client, payload, auth: str | None = SECRET):
    headers = {}
    if auth is not None:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return client.post(WEBHOOK, json.dumps(payload), content_type="application/json", **headers)


def test_a_bounce_blocks_the_address(provider, client):
    assert reverse("mail_tracking") == WEBHOOK
    response = _post(client, BOUNCE)
    assert response.status_code == 200
    blocked = SuppressedAddress.objects.get()
    assert blocked.address == "ada@medlem.se"
    assert blocked.reason == SuppressedAddress.Reason.BOUNCED
    assert blocked.provider == "Postmark"
    assert "unable to deliver" in blocked.detail
    # A second report keeps the one block.
    assert _post(client, BOUNCE).status_code == 200
    assert SuppressedAddress.objects.count() == 1


def test_a_spam_report_blocks_the_address_and_a_delivery_does_not(provider, client):
    assert _post(client, COMPLAINT).status_code == 200
    assert _post(client, DELIVERY).status_code == 200
    assert list(SuppressedAddress.objects.values_list("address", "reason")) == [
        ("bob@medlem.se", "complained")
    ]


def test_a_blocked_address_gets_no_more_mailings(provider, client):
    ada = UserFactory(username="ada@medlem.se")
    _post(client, BOUNCE)
    message = EmailMessage("Ämne", "Hej", to=["ada@medlem.se"])
    assert mail_send(message, kind="registration/mailing", recipient=ada).skipped
    assert mail.outbox == []


@pytest.mark.parametrize("auth", [None, "postmark:wrong", "nobody:" + SECRET.split(":")[1]])
def test_the_webhook_refuses_a_post_without_the_secret(provider, client, auth):
    response = _post(client, BOUNCE, auth=auth)
    assert response.status_code in {400, 401, 403}
    assert not SuppressedAddress.objects.exists()


def test_without_a_provider_no_webhook_is_served(client, settings):
    assert settings.ANYMAIL_ESP == ""
    assert _post(client, BOUNCE).status_code == 404
    assert not SuppressedAddress.objects.exists()


def test_a_provider_without_a_secret_serves_no_webhook_and_the_check_says_so(client):
    with override_settings(ANYMAIL_ESP="postmark", ANYMAIL={"POSTMARK_SERVER_TOKEN": "t"}):
        _reload_urls()
        assert _post(client, BOUNCE, auth=None).status_code == 404
        assert [warning.id for warning in check_webhook_secret()] == ["core.W001"]
    _reload_urls()
    assert not SuppressedAddress.objects.exists()


def _configured(**environ) -> dict:
    """EMAIL_BACKEND and ANYMAIL as klossnet/settings.py reads them from ``environ``."""
    script = (
        "import json; from klossnet import settings as s; "
        "print(json.dumps([s.EMAIL_BACKEND, s.ANYMAIL, s.ANYMAIL_ESP]))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env={**base, "DJANGO_SECRET_KEY": "x" * 50, **environ},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    backend, anymail, esp = json.loads(out)
    return {"backend": backend, "anymail": anymail, "esp": esp}


def test_without_a_provider_smtp_stays_the_backend():
    assert _configured()["backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_a_provider_is_configured_from_the_environment():
    configured = _configured(
        DJANGO_ANYMAIL_ESP="Postmark",
        DJANGO_ANYMAIL_POSTMARK_SERVER_TOKEN="token",
        DJANGO_ANYMAIL_WEBHOOK_SECRET=SECRET,
    )
    assert configured["backend"] == "anymail.backends.postmark.EmailBackend"
    assert configured["esp"] == "postmark"
    assert configured["anymail"] == {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": SECRET}


# --- The coordinator's admin -----------------------------------------------------------------


def test_the_coordinator_sees_and_removes_a_blocked_address(coordinator_client):
    blocked = SuppressedAddress.objects.create(
        address="ada@medlem.se", reason="bounced", provider="Postmark", detail="550 no such user"
    )
    listing = coordinator_client.get(reverse("admin:core_suppressedaddress_changelist"))
    assert listing.status_code == 200
    assert "ada@medlem.se" in listing.content.decode()
    page = coordinator_client.get(reverse("admin:core_suppressedaddress_change", args=[blocked.pk]))
    assert "550 no such user" in page.content.decode()
    response = coordinator_client.post(
        reverse("admin:core_suppressedaddress_delete", args=[blocked.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not SuppressedAddress.objects.exists()


def test_the_coordinator_blocks_an_address_by_hand(coordinator_client):
    response = coordinator_client.post(
        reverse("admin:core_suppressedaddress_add"),
        {"address": "Gammal@Medlem.se", "detail": "Slutat på lärosätet"},
    )
    assert response.status_code == 302
    blocked = SuppressedAddress.objects.get()
    assert (blocked.address, blocked.reason) == ("gammal@medlem.se", "manual")


def test_the_coordinator_sees_what_members_switched_off(coordinator_client):
    ada = UserFactory(username="ada@medlem.se")
    mail_switch(recipient=ada, kind="registration/mailing", on=False)
    listing = coordinator_client.get(reverse("admin:core_mailoptout_changelist"))
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "ada@medlem.se" in content
    assert "Meddelanden till de anmälda till ett möte" in content


# --- A signed provider: Mailgun signs each post (HMAC-SHA256 of timestamp and token) -----------

SIGNING_KEY = "key-mailgun-webhook-signing"


def _mailgun(event: dict, *, key: str = SIGNING_KEY, timestamp: str = "1529006854") -> dict:
    token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0"
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature.hexdigest()},
        "event-data": event,
    }


# Mailgun's example of a permanent failure (documentation.mailgun.com, "Webhooks").
MAILGUN_FAILED = {
    "event": "failed",
    "severity": "permanent",
    "reason": "bounce",
    "recipient": "alice@medlem.se",
    "id": "G9Bn5sl1TC6nu79C8C0bwg",
    "timestamp": 1521233195.375624,
    "delivery-status": {"code": 550, "message": "No such mailbox", "description": ""},
    "message": {"headers": {"message-id": "20130503182626.18666.16540@klossnet.example.org"}},
}


@pytest.fixture
def mailgun():
    with override_settings(
        ANYMAIL_ESP="mailgun",
        ANYMAIL={
            "MAILGUN_API_KEY": "key-test",
            "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
            "WEBHOOK_SECRET": SECRET,
        },
    ):
        _reload_urls()
        yield "/anymail/mailgun/tracking/"
    _reload_urls()


def _post_mailgun(client, url, payload):
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    return client.post(
        url, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )


def test_a_signed_mailgun_bounce_blocks_the_address(mailgun, client):
    assert _post_mailgun(client, mailgun, _mailgun(MAILGUN_FAILED)).status_code == 200
    blocked = SuppressedAddress.objects.get()
    assert (blocked.address, blocked.reason, blocked.provider) == (
        "alice@medlem.se",
        "bounced",
        "Mailgun",
    )
    assert "No such mailbox" in blocked.detail


def test_a_mailgun_post_signed_with_another_key_is_refused(mailgun, client):
    forged = _mailgun(MAILGUN_FAILED, key="someone-elses-key")
    assert _post_mailgun(client, mailgun, forged).status_code == 400
    tampered = _mailgun(MAILGUN_FAILED)
    tampered["signature"]["timestamp"] = "1529006855"
    assert _post_mailgun(client, mailgun, tampered).status_code == 400
    assert not SuppressedAddress.objects.exists()


def test_a_temporary_mailgun_failure_blocks_nothing(mailgun, client):
    temporary = {**MAILGUN_FAILED, "severity": "temporary"}
    assert _post_mailgun(client, mailgun, _mailgun(temporary)).status_code == 200
    assert not SuppressedAddress.objects.exists()


# --- Query counts of the new admin lists: the same at 1× and 20× data ---------------------------


def _rows(n: int, start: int) -> None:
    for i in range(start, start + n):
        user = UserFactory(username=f"member{i}@medlem.se")
        mail_switch(recipient=user, kind="registration/mailing", on=False)
        mail_switch(recipient=f"colleague{i}@medlem.se", kind="meeting/save_the_date", on=False)
        SuppressedAddress.objects.create(address=f"studs{i}@medlem.se", reason="bounced")


@pytest.mark.parametrize("listing", ["core_suppressedaddress", "core_mailoptout"])
def test_the_admin_lists_cost_the_same_queries_at_twenty_times_the_data(
    coordinator_client, django_assert_num_queries, listing
):
    url = reverse(f"admin:{listing}_changelist")
    _rows(2, 0)
    coordinator_client.get(url)  # sessions, permissions and content types are cached after
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(url).status_code == 200
    _rows(38, 2)
    with django_assert_num_queries(len(small)):
        response = coordinator_client.get(url)
    assert response.status_code == 200
    newest = {
        "core_suppressedaddress": "studs39@medlem.se",
        "core_mailoptout": "member39@medlem.se",
    }
    assert newest[listing] in response.content.decode()

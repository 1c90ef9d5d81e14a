"""A mail server that fails after a registration is saved: the member sees the normal
success page, the registration stands, and the e-mail waits in the admin to be sent again.

Transactional, so the e-mails go when the registration commits inside the request, as in
production (not when a test helper runs the callbacks afterwards).
"""

import logging

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from core.models import OutgoingMail
from meetings.registration.models import Registration
from tests.failing_mail import BACKEND as FAILING

from .test_views import form_data, register, url

pytestmark = pytest.mark.django_db(transaction=True)

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = FAILING
    return settings


def test_registering_when_the_mail_server_fails_shows_the_success_page(
    client, failing_mail, meeting, parts, ada, caplog
):
    client.force_login(ada.user)
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        response = client.post(url("meeting", meeting), form_data(parts), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("meeting", meeting)
    assert "Ada Lovelace är anmäld" in response.content.decode()
    assert Registration.objects.get().person == ada
    failed = OutgoingMail.objects.get()
    assert failed.to == ["ada@test.se"]
    assert failed.kind == "registration/confirmation"
    assert failed.language == "sv"
    assert "SMTPServerDisconnected" in failed.error
    assert [a["filename"] for a in failed.attachments] == ["klossnet.ics"]
    (record,) = [r for r in caplog.records if r.name == "core.mail"]
    assert "NOT sent" in record.getMessage() and "ada@test.se" in record.getMessage()


def test_the_failed_confirmation_is_listed_in_the_admin_and_sent_again(
    client, admin_client, failing_mail, meeting, parts, ada
):
    client.force_login(ada.user)
    client.post(url("meeting", meeting), form_data(parts))
    failed = OutgoingMail.objects.get()
    changelist = reverse("admin:core_outgoingmail_changelist")
    listing = admin_client.get(changelist)
    assert listing.status_code == 200
    assert failed.subject in listing.content.decode()
    assert admin_client.get(failed.pk and f"{changelist}{failed.pk}/change/").status_code == 200

    failing_mail.EMAIL_BACKEND = LOCMEM
    response = admin_client.post(
        changelist, {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 e-postmeddelande skickades" in response.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["ada@test.se"] and sent.subject == failed.subject
    assert sent.body == failed.body
    filename, content, mimetype = sent.attachments[0]
    assert (filename, mimetype) == ("klossnet.ics", "text/calendar")
    assert len(Calendar.from_ical(content).walk("VEVENT")) == 3
    assert not OutgoingMail.objects.exists()


def test_sending_again_while_the_server_still_fails_keeps_the_e_mail(
    client, admin_client, failing_mail, meeting, parts, ada
):
    client.force_login(ada.user)
    client.post(url("meeting", meeting), form_data(parts))
    failed = OutgoingMail.objects.get()
    response = admin_client.post(
        reverse("admin:core_outgoingmail_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "kunde inte skickas den här gången heller" in response.content.decode()
    failed.refresh_from_db()
    assert failed.attempts == 2


def test_cancelling_when_the_mail_server_fails_cancels_and_keeps_the_e_mail(
    client, failing_mail, meeting, parts, ada
):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    OutgoingMail.objects.all().delete()
    client.force_login(ada.user)
    response = client.post(url("cancel", meeting, pk=registration.pk), follow=True)
    assert response.status_code == 200
    assert not Registration.objects.active().exists()
    failed = OutgoingMail.objects.get()
    assert failed.kind == "registration/cancelled"
    assert [a["filename"] for a in failed.attachments] == ["klossnet-cancelled.ics"]


def test_the_coordinators_mailing_reports_what_the_mail_server_did_not_take(
    admin_client, failing_mail, meeting, parts, ada, grace
):
    register(ada.user, meeting, ada, [parts["meeting"]])
    register(ada.user, meeting, grace, [parts["meeting"]])
    OutgoingMail.objects.all().delete()
    response = admin_client.post(
        reverse("admin:registration_registration_changelist"),
        {
            "action": "send_message",
            "_selected_action": list(Registration.objects.values_list("pk", flat=True)),
            "subject_sv": "Ändrad lokal",
            "body_sv": "Vi ses i aulan.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "2 e-postmeddelanden kunde inte skickas" in response.content.decode()
    assert sorted(m.to[0] for m in OutgoingMail.objects.all()) == ["ada@test.se", "grace@test.se"]
    assert {m.kind for m in OutgoingMail.objects.all()} == {"registration/mailing"}

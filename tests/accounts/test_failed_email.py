"""A mail server that fails never turns an invitation, a sign-up or a password reset into an
error page: the action stands and the e-mail waits among the failed e-mails."""

import pytest
from django.urls import reverse

from core.models import OutgoingMail
from members.models import Invitation
from tests.factories import PersonFactory
from tests.failing_mail import BACKEND as FAILING

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def failing_mail(settings):
    settings.EMAIL_BACKEND = FAILING


def test_an_invitation_is_kept_and_its_e_mail_waits_when_the_server_fails(
    coordinator_client, member_institution
):
    person = PersonFactory(institution=member_institution, email="grace@medlem.se")
    response = coordinator_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "invite_people", "_selected_action": [person.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 e-postmeddelande kunde inte skickas" in response.content.decode()
    assert Invitation.objects.get().person == person
    failed = OutgoingMail.objects.get()
    assert failed.to == ["grace@medlem.se"] and failed.kind == "members/invitation"
    assert "http://testserver/sv/" in failed.body


def test_a_password_reset_when_the_server_fails_answers_as_usual(client, member):
    response = client.post(reverse("account_reset_password"), {"email": member.email})
    assert response.status_code == 302
    failed = OutgoingMail.objects.get()
    assert failed.to == [member.email]
    assert failed.kind == "account/password_reset_key"


def test_a_sign_up_when_the_server_fails_answers_as_usual(client, member_institution):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@medlem.se",
            "password1": "a long and unusual passphrase 42",
            "password2": "a long and unusual passphrase 42",
        },
    )
    assert response.status_code == 302
    assert OutgoingMail.objects.filter(to=["ny@medlem.se"]).exists()

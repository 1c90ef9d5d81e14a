import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.invitations import invitation_send, token_hash
from members.models import Invitation
from members.permissions import is_member
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture
def person(member_institution):
    return PersonFactory(
        name="Grace Hopper", institution=member_institution, email="grace@medlem.se"
    )


def _invite(person, **kwargs) -> str:
    """Send an invitation and return the path of the link in the e-mail."""
    invitation_send(person=person, base_url="https://klossnet.example.org", **kwargs)
    link = re.search(r"https://klossnet\.example\.org(\S+)", mail.outbox[-1].body).group(1)
    return link


def _accept(client, link):
    return client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_invitation_email_is_in_swedish_by_default(person):
    link = _invite(person)
    message = mail.outbox[0]
    assert message.to == ["grace@medlem.se"]
    assert "medlemssidor" in message.subject
    assert "Hej Grace Hopper" in message.body
    assert link.startswith("/sv/medlemmar/")


def test_invitation_email_is_in_english_for_a_foreign_institution():
    foreign = InstitutionFactory(country="FI")
    person = PersonFactory(institution=foreign, email="someone@aalto.fi")
    link = _invite(person)
    assert "members' area" in mail.outbox[0].subject
    assert "Hello" in mail.outbox[0].body
    assert link.startswith("/en/members/")


def test_only_a_hash_of_the_token_is_stored(person):
    link = _invite(person)
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == token_hash(token)


def test_invitation_link_creates_a_verified_member_login_and_logs_in(client, person):
    link = _invite(person)
    assert client.get(link).status_code == 200
    response = _accept(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("members_area:start")
    person.refresh_from_db()
    user = person.user
    assert user.email == "grace@medlem.se"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert is_member(user)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Invitation.objects.get().used_at is not None


def test_invitation_link_works_only_once(client, person):
    link = _invite(person)
    _accept(client, link)
    client.logout()
    assert client.get(link).status_code == 404
    assert _accept(client, link).status_code == 404


def test_invitation_link_expires(client, person):
    link = _invite(person)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(link)
    assert response.status_code == 404
    assert "Inbjudningslänken fungerar inte" in response.content.decode()
    assert person.__class__.objects.get(pk=person.pk).user is None


def test_invitation_is_valid_for_fourteen_days(person):
    _invite(person)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)


def test_a_made_up_token_is_refused(client, person):
    _invite(person)
    assert (
        client.get(reverse("members_area:invitation_accept", args=["made-up"])).status_code == 404
    )


def test_weak_password_is_refused_and_the_invitation_stays_usable(client, person):
    link = _invite(person)
    response = client.post(link, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert Invitation.objects.get().used_at is None
    assert _accept(client, link).status_code == 302


def test_new_invitation_replaces_the_unused_one(client, person):
    first = _invite(person)
    second = _invite(person)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_person_with_a_login_cannot_be_invited(member):
    with pytest.raises(ValidationError):
        invitation_send(person=member.person, base_url="https://x.example")
    assert mail.outbox == []


def test_person_without_email_cannot_be_invited(member_institution):
    with pytest.raises(ValidationError):
        invitation_send(
            person=PersonFactory(institution=member_institution, email=""),
            base_url="https://x.example",
        )


def test_invitation_email_is_plain_text_without_html_escaping(member_institution):
    person = PersonFactory(name="Siobhán O'Brien & Co", institution=member_institution)
    _invite(person)
    assert "Siobhán O'Brien & Co" in mail.outbox[0].body

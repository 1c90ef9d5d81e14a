"""Approving a self sign-up makes the login a member in one action and tells them by e-mail,
in their language; as the coordinator, not a superuser."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from members.models import Person, User
from members.permissions import is_member
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signed_up(email: str, *, language: str = "", verified: bool = True, **extra) -> User:
    user = UserFactory(username=email, email=email, approved_at=None, language=language, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def _approve(coordinator_client, *users):
    return coordinator_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "approve_sign_ups", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_approving_a_sign_up_nobody_in_the_register_has_makes_them_a_member(
    coordinator_client, member_institution
):
    user = _signed_up("grace@medlem.se", first_name="Grace", last_name="Hopper")
    mail.outbox.clear()
    response = _approve(coordinator_client, user)
    user = User.objects.get(pk=user.pk)
    assert is_member(user)
    person = Person.objects.get(user=user)
    assert (person.name, person.email, person.institution) == (
        "Grace Hopper",
        "grace@medlem.se",
        member_institution,
    )
    assert "1 registrering godkändes: inloggningen är medlem nu" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["grace@medlem.se"]
    assert message.subject == "Du är medlem i KLOSSnets medlemsområde"
    assert "/sv/medlemmar/" in message.body


def test_the_e_mail_is_in_the_language_of_the_person(coordinator_client, member_institution):
    user = _signed_up("alan@student.medlem.se", language="en")
    PersonFactory(
        name="Alan Turing", institution=member_institution, email="alan@student.medlem.se"
    )
    mail.outbox.clear()
    _approve(coordinator_client, user)
    assert Person.objects.get(user=user).name == "Alan Turing"  # the one in the register
    assert is_member(User.objects.get(pk=user.pk))
    (message,) = mail.outbox
    assert message.subject == "You are a member of KLOSSnet's members' area"
    assert "/en/members/" in message.body


def test_a_login_linked_already_gets_its_person_kept(coordinator_client, member_institution):
    user = _signed_up("ada@medlem.se")
    person = PersonFactory(name="Ada Lovelace", institution=member_institution, user=user)
    _approve(coordinator_client, user)
    assert list(Person.objects.filter(user=user)) == [person]
    assert is_member(User.objects.get(pk=user.pk))


def test_an_unconfirmed_address_claims_nobody_and_is_not_told(
    coordinator_client, member_institution
):
    user = _signed_up("eve@medlem.se", verified=False)
    PersonFactory(institution=member_institution, email="eve@medlem.se")
    mail.outbox.clear()
    response = _approve(coordinator_client, user)
    assert User.objects.get(pk=user.pk).approved_at is not None
    assert not Person.objects.filter(user=user).exists()
    assert mail.outbox == []
    assert "inte medlem än" in response.content.decode()


def test_approving_twice_sends_one_e_mail(coordinator_client, member_institution):
    user = _signed_up("grace@medlem.se")
    mail.outbox.clear()
    _approve(coordinator_client, user)
    response = _approve(coordinator_client, user)
    assert len(mail.outbox) == 1
    assert "var redan godkända" in response.content.decode()

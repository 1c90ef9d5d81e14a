import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members.models import User
from members.permissions import is_member
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def _sign_up(client, email, language="sv"):
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_sign_up_with_an_outside_domain_is_refused_in_swedish(client, member_institution):
    response = _sign_up(client, "someone@gmail.com")
    assert response.status_code == 200
    assert "Endast anställda vid KLOSSnets medlemslärosäten" in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.com").exists()


def test_sign_up_with_an_outside_domain_is_refused_in_english(client, member_institution):
    response = _sign_up(client, "someone@gmail.com", "en")
    assert "member institutions can create an account" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_from_a_former_member_institution_is_refused(client, member_institution):
    member_institution.member_until = member_institution.member_since
    member_institution.save()
    _sign_up(client, "someone@medlem.se")
    assert not User.objects.exists()


def test_sign_up_with_a_member_domain_waits_for_verification_and_approval(
    client, member_institution
):
    person = PersonFactory(institution=member_institution, email="Grace@medlem.se")
    response = _sign_up(client, "grace@medlem.se")
    assert response.status_code == 302
    user = User.objects.get(email="grace@medlem.se")
    assert user.approved_at is None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1  # the verification e-mail
    person.refresh_from_db()
    assert person.user is None  # only a confirmed address claims the person
    assert not is_member(user)


def _confirm(client, email):
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(EmailAddress.objects.get(email=email)).key
    return client.post(reverse("account_confirm_email", args=[key]))


def test_confirming_the_address_links_the_person_with_that_address(client, member_institution):
    person = PersonFactory(institution=member_institution, email="Grace@medlem.se")
    _sign_up(client, "grace@medlem.se")
    _confirm(client, "grace@medlem.se")
    person.refresh_from_db()
    assert person.user == User.objects.get(email="grace@medlem.se")
    assert not is_member(person.user)


def test_pending_sign_up_gets_a_translated_403_in_the_members_area(client, member_institution):
    PersonFactory(institution=member_institution, email="grace@medlem.se")
    _sign_up(client, "grace@medlem.se")
    _confirm(client, "grace@medlem.se")
    user = User.objects.get(email="grace@medlem.se")
    client.force_login(user)
    response = client.get(reverse("members_area:start"))
    assert response.status_code == 403
    assert "väntar på koordinatorns godkännande" in response.content.decode()


def test_approved_sign_up_gets_into_the_members_area(client, member_institution):
    PersonFactory(institution=member_institution, email="grace@medlem.se")
    _sign_up(client, "grace@medlem.se")
    _confirm(client, "grace@medlem.se")
    user = User.objects.get(email="grace@medlem.se")
    user.approved_at = user.date_joined
    user.save()
    client.force_login(user)
    assert client.get(reverse("members_area:start")).status_code == 200


def test_sign_up_from_a_subdomain_listed_by_the_institution_works(client, member_institution):
    _sign_up(client, "student@student.medlem.se")
    assert User.objects.filter(email="student@student.medlem.se").exists()


def test_coordinators_hear_of_a_confirmed_sign_up(client, member_institution):
    from members.groups import coordinator_group_ensure
    from tests.factories import UserFactory

    coordinator = UserFactory(username="koordinator@kth.se", is_staff=True)
    coordinator.groups.add(coordinator_group_ensure())
    PersonFactory(name="Grace Hopper", institution=member_institution, email="grace@medlem.se")
    _sign_up(client, "grace@medlem.se")
    _confirm(client, "grace@medlem.se")
    assert EmailAddress.objects.get(email="grace@medlem.se").verified
    notice = mail.outbox[-1]
    assert notice.to == ["koordinator@kth.se"]
    assert "grace@medlem.se" in notice.subject
    assert "Grace Hopper" in notice.body
    assert "/admin/members/user/" in notice.body


def test_pending_user_is_told_at_login_that_approval_is_awaited(client, member_institution):
    _sign_up(client, "grace@medlem.se")
    EmailAddress.objects.filter(email="grace@medlem.se").update(verified=True)
    from django.contrib.messages import get_messages

    response = client.post(
        reverse("account_login"), {"login": "grace@medlem.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("väntar på koordinatorns godkännande" in notice for notice in notices), notices

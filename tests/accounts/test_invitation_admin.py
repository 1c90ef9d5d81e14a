"""The coordinator's invitation list: its status (an expired invitation clearly marked and
filterable) and the actions to send an invitation again or renew its link."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.invitations import invitation_send
from members.models import Invitation
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "admin:members_invitation_changelist"


@pytest.fixture
def invitation(member_institution):
    person = PersonFactory(
        name="Grace Hopper", institution=member_institution, email="grace@medlem.se"
    )
    return invitation_send(person=person, base_url="https://klossnet.example.org")


def _expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )


def _rows(response) -> list[str]:
    table = re.search(r'<table id="result_list">(.*?)</table>', response.content.decode(), re.S)
    return re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:] if table else []


def test_the_list_shows_each_invitations_status_and_marks_an_expired_one(
    coordinator_client, invitation, member_institution
):
    waiting = invitation_send(
        person=PersonFactory(institution=member_institution, email="ada@medlem.se"),
        base_url="https://klossnet.example.org",
    )
    _expire(invitation)
    rows = _rows(coordinator_client.get(reverse(LIST)))
    expired_row = next(row for row in rows if "Grace Hopper" in row)
    waiting_row = next(row for row in rows if waiting.person.name in row)
    assert re.search(
        r'class="field-status"><img src="[^"]*icon-no\.svg"[^>]*> <strong>utgången', expired_row
    )
    assert 'class="field-status">väntar<' in waiting_row


def test_the_list_filters_by_status(coordinator_client, invitation, member_institution):
    invitation_send(
        person=PersonFactory(institution=member_institution, email="ada@medlem.se"),
        base_url="https://klossnet.example.org",
    )
    _expire(invitation)
    rows = _rows(coordinator_client.get(reverse(LIST), {"state": "expired"}))
    assert len(rows) == 1
    assert "Grace Hopper" in rows[0]
    assert len(_rows(coordinator_client.get(reverse(LIST), {"state": "waiting"}))) == 1


def test_resend_emails_a_new_link_and_the_old_one_stops_working(coordinator_client, invitation):
    _expire(invitation)
    mail.outbox.clear()
    response = coordinator_client.post(
        reverse(LIST), {"action": "resend", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "1 inbjudan skickades igen" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["grace@medlem.se"]]
    new = Invitation.objects.exclude(pk=invitation.pk).get()
    assert new.is_usable and new.email == invitation.email and new.language == invitation.language
    invitation.refresh_from_db()
    assert not invitation.is_usable


def test_renew_makes_the_link_already_sent_work_again_without_a_new_email(
    coordinator_client, invitation
):
    _expire(invitation)
    mail.outbox.clear()
    response = coordinator_client.post(
        reverse(LIST), {"action": "renew", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "1 inbjudan förnyades" in response.content.decode()
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert invitation.expires_at > timezone.now() + Invitation.LIFETIME - datetime.timedelta(
        minutes=1
    )


def test_renew_refuses_an_invitation_a_newer_one_replaced(coordinator_client, invitation):
    invitation_send(person=invitation.person, base_url="https://klossnet.example.org")
    response = coordinator_client.post(
        reverse(LIST), {"action": "renew", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "har en nyare inbjudan" in response.content.decode()
    invitation.refresh_from_db()
    assert not invitation.is_usable
    assert Invitation.objects.usable().count() == 1


def test_a_used_invitation_is_neither_resent_nor_renewed(coordinator_client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
    mail.outbox.clear()
    for action in ("resend", "renew"):
        response = coordinator_client.post(
            reverse(LIST), {"action": action, "_selected_action": [invitation.pk]}, follow=True
        )
        assert "har redan använts" in response.content.decode()
    assert mail.outbox == []
    assert Invitation.objects.count() == 1

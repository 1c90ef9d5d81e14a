"""A member's personal calendar: a secret address with members-only details, replaceable."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from meetings.models import Document
from tests.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(title="Höstmötet", dinner_note="Middag på slottet")
    AgendaItemFactory(meeting=meeting, title="Välkommen")
    Document.objects.create(
        meeting=meeting,
        title="Protokoll för medlemmar",
        file=ContentFile(b"%PDF-1.4\n", name="protokoll.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )
    MeetingFactory(title="Opublicerat", is_published=False)
    return meeting


def _create_address(client, member) -> str:
    client.force_login(member)
    response = client.post(reverse("members_area:profile"), {"calendar_key": "new"})
    assert response.status_code == 302
    member.refresh_from_db()
    return reverse("members_calendar", kwargs={"token": member.calendar_token})


def test_profile_shows_how_to_create_the_address(client, member):
    client.force_login(member)
    html = client.get(reverse("members_area:profile")).content.decode()
    assert "Skapa min kalenderadress" in html
    assert reverse("meetings:ical") in html


def test_the_address_gives_members_only_details_without_a_login(client, member, meeting):
    url = _create_address(client, member)
    assert url in client.get(reverse("members_area:profile")).content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["Höstmötet"]
    description = str(events[0]["description"])
    assert "Protokoll för medlemmar" in description
    assert "Middag på slottet" in description
    assert "Välkommen" in description
    assert str(events[0]["uid"]).startswith(f"meeting-{meeting.pk}@")


def test_the_public_calendar_has_no_members_only_details(client, meeting):
    body = client.get(reverse("meetings:ical")).content.decode()
    assert "Höstmötet" in body and "Protokoll för medlemmar" not in body


def test_replacing_the_address_switches_the_old_one_off(client, member, meeting):
    old = _create_address(client, member)
    new = _create_address(client, member)
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_guessed_address_gives_nothing(client, member, meeting):
    _create_address(client, member)
    assert client.get(reverse("members_calendar", kwargs={"token": "guess"})).status_code == 404


def test_the_address_stops_working_when_membership_ends(client, member, meeting):
    url = _create_address(client, member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_only_members_create_an_address(client, non_member):
    client.force_login(non_member)
    response = client.post(reverse("members_area:profile"), {"calendar_key": "new"})
    assert response.status_code == 403
    non_member.refresh_from_db()
    assert non_member.calendar_token is None


def test_other_apps_add_events_to_the_personal_calendar(client, member, meeting, monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("network"),
        "personal_calendar_events",
        "tests.members.sections.calendar_events",
        raising=False,
    )
    url = _create_address(client, member)
    client.logout()
    calendar = Calendar.from_ical(client.get(url).content)
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == [
        "Höstmötet",
        "Stand-in event for Ada Lovelace",
    ]


def test_meetings_reach_the_personal_calendar_only_through_its_hook(
    client, member, meeting, monkeypatch
):
    monkeypatch.setattr(apps.get_app_config("meetings"), "personal_calendar_events", None)
    url = _create_address(client, member)
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert list(Calendar.from_ical(response.content).walk("VEVENT")) == []


def test_personal_calendar_query_count_does_not_grow(client, member, meeting):
    url = _create_address(client, member)
    client.logout()

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for _ in range(8):
        AgendaItemFactory(meeting=MeetingFactory(), title="Punkt")
    assert queries() == few

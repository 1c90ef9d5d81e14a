"""The start page leads with what is happening: the next meeting as a card, where the network
has met, its numbers, the latest meetings and what other apps add (``home_sections``)."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from icalendar import Calendar

from meetings.models import Meeting
from meetings.registration.models import RegistrationWindow
from members.models import Institution
from overview.places import meeting_places
from tests.factories import MeetingFactory, MeetingHostFactory, UserFactory

pytestmark = pytest.mark.django_db

SOON = datetime.date.today() + datetime.timedelta(days=40)


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def _card(response) -> str:
    main = _main(response)
    return main[main.index('aria-labelledby="next-meeting"') : main.index('id="where-we-met"')]


@pytest.fixture
def upcoming(seeded):
    meeting = MeetingFactory(
        date=SOON,
        eve_date=SOON - datetime.timedelta(days=1),
        title_sv="KLOSSnet-möte i Växjö",
        title_en="KLOSSnet meeting in Växjö",
        slug_sv="2030-vaxjo",
        slug_en="2030-vaxjo-en",
        city_sv="Växjö",
        venue_sv="Campus Växjö",
    )
    MeetingHostFactory(meeting=meeting, institution=Institution.objects.get(short_name="LNU"))
    return meeting


def test_without_an_upcoming_meeting_the_card_says_so_and_the_archive_is_one_click_away(
    client, seeded
):
    card = _card(client.get("/sv/"))
    assert "Nästa möte är ännu inte annonserat." in card
    assert 'href="/sv/moten/"' in card


def test_the_next_meeting_card_gives_date_place_host_and_a_calendar_file(client, upcoming):
    card = _card(client.get("/sv/"))
    assert f'<time datetime="{SOON:%Y-%m-%d}">' in card
    assert f'href="{upcoming.get_absolute_url()}">KLOSSnet-möte i Växjö</a>' in card
    assert "Campus Växjö, Växjö" in card
    assert 'href="/sv/larosaten/linneuniversitetet/">Linnéuniversitetet</a>' in card
    assert f'href="/sv/moten/{upcoming.slug_sv}/kalender.ics"' in card
    # No registration period yet: said so, and no button.
    assert "Anmälan har inte öppnat än." in card and 'class="button"' not in card


def test_the_calendar_file_is_the_meeting_as_the_feed_has_it(client, upcoming):
    response = client.get(f"/en/meetings/{upcoming.slug_en}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="klossnet-{SOON}.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "KLOSSnet meeting in Växjö"
    assert event.decoded("dtstart") == SOON - datetime.timedelta(days=1)
    assert event.decoded("dtend") == SOON + datetime.timedelta(days=1)
    feed = Calendar.from_ical(client.get("/en/meetings/calendar.ics").content)
    assert str(event["uid"]) in {str(e["uid"]) for e in feed.walk("VEVENT")}


def test_no_calendar_file_for_an_unpublished_meeting(client, db):
    meeting = MeetingFactory(date=SOON, is_published=False)
    with translation.override("sv"):
        assert client.get(f"/sv/moten/{meeting.slug}/kalender.ics").status_code == 404


def test_open_registration_shows_its_deadline_and_the_right_button_for_each_visitor(
    client, upcoming
):
    RegistrationWindow.objects.create(
        meeting=upcoming,
        closes_at=timezone.make_aware(datetime.datetime.combine(SOON, datetime.time(0, 0)))
        - datetime.timedelta(days=7),
    )
    deadline = (SOON - datetime.timedelta(days=7)).strftime("%-d")
    card = _card(client.get("/sv/"))
    assert "Anmälan är öppen till " + deadline in card
    register = f"/sv/medlemmar/anmalan/{upcoming.slug_sv}/"
    assert f'href="/sv/konto/login/?next={register}"' in card
    assert "Logga in för att anmäla dig" in card

    client.force_login(UserFactory(marked_as_member=True))
    card = _card(client.get("/sv/"))
    assert f'<a class="button" href="{register}">Anmäl dig till mötet</a>' in card

    client.force_login(UserFactory())  # logged in, not a member: no button to a refusal
    assert 'class="button"' not in _card(client.get("/sv/"))


def test_closed_registration_says_when_it_closed(client, upcoming):
    RegistrationWindow.objects.create(
        meeting=upcoming,
        opens_at=timezone.now() - datetime.timedelta(days=20),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    card = _card(client.get("/sv/"))
    assert "Anmälan stängde " in card and "Logga in för att anmäla dig" not in card


def test_the_start_page_shows_the_map_the_numbers_and_the_latest_meetings(client, seeded):
    main = _main(client.get("/sv/"))
    assert main.count('class="map__point map__point--small"') == len(meeting_places().places) > 10
    assert 'href="/sv/moten/motesplatser/"' in main
    held = Meeting.objects.published().past().count()
    assert (
        f'<span class="stat__value">{held}</span> <span class="stat__label">möten sedan 2017'
        in (main)
    )
    assert 'href="/sv/moten/i-siffror/"' in main
    latest = main[main.index('id="latest-meetings"') :]
    newest = list(Meeting.objects.published().past()[:4])
    for meeting in newest[:3]:
        assert meeting.get_absolute_url() in latest
    assert newest[3].get_absolute_url() not in latest.split("Alla tidigare möten")[0]


def test_other_apps_add_sections_through_the_hook(client, seeded, monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("meetings"),
        "home_sections",
        "tests.klossnet.home_sections.record_highlights",
        raising=False,
    )
    main = _main(client.get("/sv/"))
    section = main[main.index('aria-labelledby="record-highlights"') :]
    assert '<h2 id="record-highlights">Highlights of the latest meeting</h2>' in section
    latest = Meeting.objects.published().past().first()
    assert latest.get_absolute_url() in section.split("</section>")[0]


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_start_page_queries_do_not_grow_with_the_data(client, upcoming, logged_in):
    if logged_in:
        client.force_login(UserFactory(marked_as_member=True))
    RegistrationWindow.objects.create(meeting=upcoming)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/sv/").status_code == 200
    call_command("benchdata", scale=5, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for _ in range(3):
        MeetingHostFactory(meeting=upcoming)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/sv/").status_code == 200
    assert len(large) == len(small)

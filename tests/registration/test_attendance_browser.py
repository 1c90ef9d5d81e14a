"""In a real browser, both languages, on a phone (375 px) and a desktop (1280 px): the
coordinator marks attendance by tapping (and with the keyboard), checks someone in through
their badge's link, and every coordinator page is free of serious axe findings and fits the
screen."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from meetings.registration.badges import check_in_token
from meetings.registration.models import Entry, Registration
from meetings.registration.services import part_current, registration_setup
from members.groups import coordinator_group_ensure
from tests.browser.conftest import serious_violations
from tests.factories import InstitutionFactory, MeetingFactory, StudyVisitFactory, UserFactory

from .conftest import make_member

# What Chromium adds to views tested on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

TEXT = {
    "sv": {"attended": "Närvarade", "excused": "Anmält förhinder", "check_in": "Notera närvaro"},
    "en": {"attended": "Attended", "excused": "Excused", "check_in": "Mark attended"},
}


@pytest.fixture
def world(live_server, transactional_db):
    institution = InstitutionFactory(
        name="Testlärosätet", name_en="Test University", member_since=datetime.date(2010, 1, 1)
    )
    ada = make_member(institution, "Ada Lovelace", "ada@test.se")
    bob = make_member(institution, "Bob Kahn", "bob@test.se")
    day = timezone.localdate() + datetime.timedelta(days=1)
    meeting = MeetingFactory(
        date=day,
        eve_date=day - datetime.timedelta(days=1),
        title="Nätverksmöte i Umeå",
        title_en="Network meeting in Umeå",
        slug="natverksmote-umea",
        slug_en="network-meeting-umea",
        dinner_note="Middag",
        is_published=True,
    )
    StudyVisitFactory(meeting=meeting, name="Sliperiet", name_en="Sliperiet")
    registration_setup(meeting=meeting)
    parts = list(meeting.registration_parts.all())
    registrations = {}
    for person in (ada, bob):
        registration = Registration.objects.create(meeting=meeting, person=person)
        for part in parts:
            Entry.objects.create(registration=registration, part=part, status="confirmed")
        registrations[person.name] = registration
    held = MeetingFactory(date=timezone.localdate() - datetime.timedelta(days=90))
    registration_setup(meeting=held)
    coordinator = UserFactory(username="koordinator@kth.se", is_staff=True)
    coordinator.groups.add(coordinator_group_ensure())
    return {
        "meeting": meeting,
        "parts": parts,
        "registrations": registrations,
        "coordinator": coordinator,
    }


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}]
    )


def _urls(world, language):
    meeting = world["meeting"]
    registration = world["registrations"]["Ada Lovelace"]
    with translation.override(language):
        return [
            reverse("registration:attendance_index"),
            reverse("registration:attendance", kwargs={"pk": meeting.pk}),
            reverse("registration:attendance_follow_up"),
            reverse(
                "registration:check_in",
                kwargs={"token": check_in_token(registration=registration)},
            ),
        ]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_coordinator_pages_have_no_serious_axe_findings_and_fit(
    page, live_server, world, language, width
):
    page.set_viewport_size({"width": width, "height": 800})
    _log_in(page, live_server, world["coordinator"])
    findings, overflowing = [], []
    door = None
    for address in _urls(world, language):
        assert page.goto(live_server.url + address).status == 200, address
        assert page.locator("html").get_attribute("lang") == language
        findings += serious_violations(page)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            overflowing.append(address)
        if door is None and page.locator("#door").count():
            door = address
    # The badge sheet is made for A4 (two 90 mm badges a row), not for the screen's width.
    with translation.override(language):
        badges = reverse("registration:attendance_badges", kwargs={"pk": world["meeting"].pk})
    assert page.goto(live_server.url + badges).status == 200
    assert page.locator(".badge-card svg[role=img]").count() == 2
    findings += serious_violations(page)
    # The door form sent without a name: the page with its error.
    page.goto(live_server.url + door)
    with page.expect_navigation():
        page.locator("#door ~ form button[type=submit]").click()
    assert "/door/" in page.url or "/pa-plats/" in page.url
    findings += serious_violations(page)
    assert findings == []
    assert overflowing == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_marking_attendance_by_tap_keyboard_and_check_in_link(page, live_server, world, language):
    text = TEXT[language]
    page.set_viewport_size({"width": 375, "height": 800})
    _log_in(page, live_server, world["coordinator"])
    index, attendance, _follow_up, check_in = _urls(world, language)
    current = part_current(parts=world["parts"])

    # Tap: Ada attended the part going on.
    page.goto(live_server.url + attendance)
    ada = page.get_by_role("button", name=f"{text['attended']} – Ada Lovelace")
    with page.expect_navigation():
        ada.click()
    assert (
        page.get_by_role("button", name=f"{text['attended']} – Ada Lovelace").get_attribute(
            "aria-pressed"
        )
        == "true"
    )
    ada_entry = world["registrations"]["Ada Lovelace"].entries.get(part=current)
    assert ada_entry.attendance == "attended"
    assert serious_violations(page) == []

    # Keyboard: find Bob, then Enter on "excused".
    page.locator("#attendance-q").fill("bob")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".attendance-row").count() == 1
    page.get_by_role("button", name=f"{text['excused']} – Bob Kahn").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    bob = world["registrations"]["Bob Kahn"]
    assert bob.entries.get(part=current).attendance == "excused"

    # The badge's link: scanning shows Bob and the part; one tap checks him in.
    page.goto(live_server.url + check_in)
    assert "Ada Lovelace" in page.locator("h1").inner_text()
    assert serious_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(rf"^{text['check_in']}: ")).first.click()
    assert ada_entry.__class__.objects.get(pk=ada_entry.pk).attended
    assert page.locator(".attendance-done").count() == 1
    bob_link = live_server.url + check_in.replace(
        check_in_token(registration=world["registrations"]["Ada Lovelace"]),
        check_in_token(registration=bob),
    )
    page.goto(bob_link)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(rf"^{text['check_in']}: ")).first.click()
    assert bob.entries.get(part=current).attendance == "attended"

    # Someone without the right who follows a badge's link is refused.
    _log_in(page, live_server, UserFactory(is_staff=True))
    assert page.goto(bob_link).status == 403
    assert page.goto(live_server.url + index).status == 403


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_three_choices_share_one_row_in_equal_widths_on_a_phone(
    page, live_server, world, language
):
    """One tap per person: "attended", "excused" and "did not come" side by side, none
    pushed onto a line of its own (a long label wraps inside its button)."""
    page.set_viewport_size({"width": 375, "height": 800})
    _log_in(page, live_server, world["coordinator"])
    page.goto(live_server.url + _urls(world, language)[1])
    boxes = page.eval_on_selector_all(
        ".attendance-row:first-child .attendance-choice",
        "buttons => buttons.map(b => { const r = b.getBoundingClientRect();"
        " return [Math.round(r.top), Math.round(r.width)]; })",
    )
    assert len(boxes) == 3
    assert len({top for top, _width in boxes}) == 1, boxes
    assert max(w for _top, w in boxes) - min(w for _top, w in boxes) <= 1, boxes

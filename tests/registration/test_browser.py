"""In a real browser, both languages: a member registers, a colleague lands on the waiting
list, the first cancels, the colleague moves up and is told by e-mail. axe on every page."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from meetings.registration.services import registration_setup
from tests.browser.conftest import serious_violations
from tests.factories import InstitutionFactory, MeetingFactory, StudyVisitFactory

from .conftest import make_member

# What Chromium adds to views tested on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

TEXT = {
    "sv": {
        "who": "Vem kommer",
        "visit": "Studiebesök: Sliperiet",
        "dinner": "Middag",
        "diet": "Specialkost",
        "register": "Anmäl",
        "confirmed": "plats bekräftad",
        "waiting": "reservlista, nummer 1",
        "cancel": "Avboka",
        "confirm_cancel": "Avboka anmälan",
        "promoted_subject": "Du har fått en plats",
    },
    "en": {
        "who": "Who is coming",
        "visit": "Study visit: Sliperiet",
        "dinner": "Dinner",
        "diet": "Dietary requirements",
        "register": "Register",
        "confirmed": "place confirmed",
        "waiting": "waiting list, number 1",
        "cancel": "Cancel registration",
        "confirm_cancel": "Cancel the registration",
        "promoted_subject": "You have a place",
    },
}


@pytest.fixture
def world(live_server, transactional_db):
    institution = InstitutionFactory(name="Testlärosätet", name_en="Test University")
    ada = make_member(institution, "Ada Lovelace", "ada@test.se")
    bob = make_member(institution, "Bob Kahn", "bob@test.se")
    day = timezone.localdate() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        date=day,
        eve_date=day - datetime.timedelta(days=1),
        title="Nätverksmöte i Umeå",
        title_en="Network meeting in Umeå",
        slug="natverksmote-umea",
        slug_en="network-meeting-umea",
        dinner_note="Middag",
    )
    StudyVisitFactory(meeting=meeting, name="Sliperiet", name_en="Sliperiet")
    registration_setup(meeting=meeting)
    dinner = meeting.registration_parts.get(kind="dinner")
    dinner.capacity = 1
    dinner.save()
    return {"meeting": meeting, "ada": ada, "bob": bob}


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}]
    )


def _screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_register_waitlist_cancel_and_promotion(page, live_server, world, language):
    text = TEXT[language]
    meeting = world["meeting"]
    with translation.override(language):
        url = live_server.url + reverse(
            "registration:meeting",
            kwargs={"slug": meeting.slug_en if language == "en" else meeting.slug_sv},
        )
    findings = []

    # Ada registers for the study visit and the only dinner place.
    _log_in(page, live_server, world["ada"].user)
    assert page.goto(url).status == 200
    assert page.locator("html").get_attribute("lang") == language
    findings += serious_violations(page)
    page.get_by_label(text["visit"]).check()
    page.get_by_label(text["dinner"]).check()
    page.get_by_label(text["diet"]).fill("Vegetarian")
    page.locator("form.registration-form").get_by_role("button", name=text["register"]).click()
    page.wait_for_load_state()
    cards = page.locator(".registration-card")
    assert text["confirmed"] in cards.first.inner_text()
    _screenshot(page, f"registration-{language}-registered")
    findings += serious_violations(page)

    # Bob wants the dinner too: it is full, so he waits.
    _log_in(page, live_server, world["bob"].user)
    page.goto(url)
    page.get_by_label(text["dinner"]).check()
    page.locator("form.registration-form").get_by_role("button", name=text["register"]).click()
    page.wait_for_load_state()
    assert text["waiting"] in page.locator(".registration-card").first.inner_text()
    findings += serious_violations(page)

    # Ada cancels; Bob gets the place and an e-mail in his language.
    _log_in(page, live_server, world["ada"].user)
    page.goto(url)
    mail.outbox.clear()
    page.locator(".registration-card").get_by_role("link", name=text["cancel"]).click()
    page.wait_for_load_state()
    findings += serious_violations(page)
    page.get_by_role("button", name=text["confirm_cancel"]).click()
    page.wait_for_load_state()
    assert page.locator(".registration-card").count() == 0
    promoted = [m for m in mail.outbox if m.subject.startswith(text["promoted_subject"])]
    assert [m.to for m in promoted] == [["bob@test.se"]]

    _log_in(page, live_server, world["bob"].user)
    page.goto(url)
    assert text["confirmed"] in page.locator(".registration-card").first.inner_text()
    assert findings == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_index_and_change_pages_have_no_serious_axe_findings(page, live_server, world, language):
    from meetings.registration.services import registration_create

    meeting = world["meeting"]
    ada = world["ada"]
    registration = registration_create(
        user=ada.user,
        meeting=meeting,
        person=ada,
        parts=list(meeting.registration_parts.all()),
        language=language,
    )
    _log_in(page, live_server, ada.user)
    slug = meeting.slug_en if language == "en" else meeting.slug_sv
    findings = []
    with translation.override(language):
        urls = [
            reverse("registration:index"),
            reverse("registration:edit", kwargs={"slug": slug, "pk": registration.pk}),
            meeting.get_absolute_url(),
        ]
    for address in urls:
        assert page.goto(live_server.url + address).status == 200
        findings += serious_violations(page)
    assert findings == []


@pytest.mark.parametrize("width", [1280, 375])
def test_registration_page_fits_the_screen(page, live_server, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server, world["ada"].user)
    with translation.override("sv"):
        url = live_server.url + reverse(
            "registration:meeting", kwargs={"slug": "natverksmote-umea"}
        )
    page.goto(url)
    _screenshot(page, f"registration-{width}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

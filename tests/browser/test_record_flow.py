"""The closing half of a meeting in a browser, in both languages: the coordinator writes a
record in the admin and sends it to review, an attendee sends a correction from the members'
area, the coordinator accepts it and finalises the record, anyone downloads its PDF; a
question carried forward shows on the next meeting's page and is closed there."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from records.models import CarriedQuestion, Record, RecordComment
from tests.factories import AgendaItemFactory, MeetingFactory, PersonFactory, UserFactory

from .conftest import serious_violations
from .test_member_flow import _session_cookie

# Each step is a view the tests of its app check on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

TEXT = {
    "sv": {
        "add_part": re.compile("Lägg till ytterligare del av dokumentationen", re.IGNORECASE),
        "save": "Spara",
        "to_review": "Dokumentation att granska",
        "send": "Skicka till koordinatorn",
        "thanks": "Tack. Koordinatorn godkänner eller avvisar din synpunkt.",
        "since": "Sedan sist",
        "closed_here": "Avslutades på det här mötet.",
        "pdf": "PDF (svenska)",
    },
    "en": {
        "add_part": re.compile("Add another part of the record", re.IGNORECASE),
        "save": "Save",
        "to_review": "Records to review",
        "send": "Send to the coordinator",
        "thanks": "Thank you. The coordinator will accept or reject your comment.",
        "since": "Since last time",
        "closed_here": "Closed at this meeting.",
        "pdf": "PDF (English)",
    },
}


@pytest.fixture
def world(live_server, transactional_db, coordinator):
    meeting = MeetingFactory(
        date=timezone.localdate() - datetime.timedelta(days=20),
        title_sv="Höstmötet i Luleå",
        title_en="The autumn meeting in Luleå",
    )
    AgendaItemFactory(meeting=meeting, title_sv="Samverkansarenor", title_en="Arenas")
    later = MeetingFactory(
        date=timezone.localdate() + datetime.timedelta(days=160),
        title_sv="Vårmötet i Malmö",
        title_en="The spring meeting in Malmö",
    )
    attendee = UserFactory(username="ada@test.se", marked_as_member=True)
    registration_setup(meeting=meeting)
    registration = Registration.objects.create(
        meeting=meeting, person=PersonFactory(user=attendee), language="sv"
    )
    for part in meeting.registration_parts.all():
        Entry.objects.create(
            registration=registration,
            part=part,
            status=Entry.Status.CONFIRMED,
            attendance=Entry.Attendance.ATTENDED,
        )
    return {"coordinator": coordinator, "attendee": attendee, "meeting": meeting, "later": later}


def _url(language, name, *args, **kwargs):
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs)


def _meeting_url(language, name, meeting):
    with translation.override(language):  # the slug of the language too
        return reverse(name, kwargs={"slug": meeting.slug})


def _context(browser, live_server, language, user=None):
    # The admin (outside the language prefixes) speaks the browser's language.
    locale = "sv-SE" if language == "sv" else "en-GB"
    context = browser.new_context(locale=locale, accept_downloads=True)
    if user is not None:
        context.add_cookies(_session_cookie(live_server, user))
    return context


def _fill(page, field_id: str, value: str) -> None:
    """Fill a field of one language: open its language's tab first, as a person does."""
    tab = page.locator(f'a[href="#tab_{field_id}"]')
    if tab.count():
        tab.click()
    page.locator(f"#{field_id}").fill(value)


def _choose(page, field_id: str, meeting, language: str) -> None:
    """Pick ``meeting`` in an admin autocomplete (select2) field, as a person does: type a
    word of its title, click the title (in the admin's language) among the results."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(meeting.title_sv[:6])
    title = meeting.title_sv if language == "sv" else meeting.title_en
    page.locator(".select2-results__option", has_text=title).first.click()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_record_from_draft_to_final_pdf_and_a_question_closed_at_the_next_meeting(
    browser, live_server, world, language
):
    text = TEXT[language]
    meeting, later = world["meeting"], world["later"]
    site = live_server.url
    coordinator = _context(browser, live_server, language, world["coordinator"]).new_page()
    attendee = _context(browser, live_server, language, world["attendee"]).new_page()
    visitor = _context(browser, live_server, language).new_page()

    # The coordinator writes the record and sends it to review.
    coordinator.goto(site + reverse("admin:records_record_add"))
    _choose(coordinator, "id_meeting", meeting, language)
    coordinator.get_by_role("button", name=text["add_part"]).click()
    coordinator.locator("#id_sections-0-kind").select_option("insight")
    coordinator.locator("#id_sections-0-visibility").select_option("public")
    _fill(coordinator, "id_sections-0-text_sv", "Ledningens stöd avgör hur långt vi når.")
    _fill(coordinator, "id_sections-0-text_en", "Leadership support decides how far we get.")
    coordinator.locator("#id_state").select_option("review")
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    record = Record.objects.get(meeting=meeting)
    assert record.state == Record.State.REVIEW

    # The attendee finds it on the members' start page and sends a correction.
    attendee.goto(site + _url(language, "members_area:start"))
    to_review = attendee.locator(
        "section", has=attendee.get_by_role("heading", name=text["to_review"])
    )
    title = meeting.title_sv if language == "sv" else meeting.title_en
    to_review.get_by_role("link", name=title).click()
    attendee.wait_for_load_state()
    assert attendee.locator("html").get_attribute("lang") == language
    assert serious_violations(attendee) == []
    attendee.locator("#id_text").fill("Skriv också att kansliet stöttade.")
    attendee.get_by_role("button", name=text["send"]).click()
    attendee.wait_for_load_state()
    assert text["thanks"] in attendee.locator("main").inner_text()
    comment = RecordComment.objects.get(record=record)

    # The coordinator accepts it and makes the record final.
    coordinator.goto(site + reverse("admin:records_record_change", args=[record.pk]))
    coordinator.locator("#id_comments-0-status").select_option("accepted")
    coordinator.locator("#id_state").select_option("final")
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    record.refresh_from_db()
    comment.refresh_from_db()
    assert record.state == Record.State.FINAL and comment.status == "accepted"

    # Anyone downloads the PDF from the meeting's page.
    visitor.goto(site + _meeting_url(language, "meetings:meeting_detail", meeting))
    assert serious_violations(visitor) == []
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=text["pdf"]).first.click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == language
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    # The record's own page: no serious axe finding, and it fits a phone's screen.
    visitor.goto(site + _meeting_url(language, "records:record_detail", meeting))
    insight = "Leadership support" if language == "en" else "Ledningens stöd"
    assert insight in visitor.locator("main").inner_text()
    for width in (1280, 375):
        visitor.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(visitor) == []
        assert not visitor.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    # A question carried forward from the meeting shows on the next meeting's page…
    coordinator.goto(site + reverse("admin:records_carriedquestion_add"))
    _choose(coordinator, "id_raised_at", meeting, language)
    _fill(coordinator, "id_text_sv", "Hur mäter vi samverkan?")
    coordinator.locator("#id_visibility").select_option("public")
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    question = CarriedQuestion.objects.get()
    later_url = site + _meeting_url(language, "meetings:meeting_detail", later)
    visitor.goto(later_url)
    since = visitor.locator("section", has=visitor.get_by_role("heading", name=text["since"]))
    assert "Leadership" in since.inner_text() or "Ledningens" in since.inner_text()
    assert "Hur mäter vi samverkan?" in since.inner_text()
    assert serious_violations(visitor) == []

    # …and is closed there with a note.
    coordinator.goto(site + reverse("admin:records_carriedquestion_change", args=[question.pk]))
    coordinator.locator("#id_status").select_option("closed")
    _choose(coordinator, "id_resolved_at", later, language)
    _fill(coordinator, "id_note_sv", "Besvarades av arbetsgruppen.")
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    question.refresh_from_db()
    assert question.status == "closed" and question.resolved_at == later
    visitor.goto(later_url)
    assert text["closed_here"] in visitor.locator("main").inner_text()
    for page in (coordinator, attendee, visitor):
        page.context.close()

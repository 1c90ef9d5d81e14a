"""A guest's slides in a browser, in both languages: the coordinator sends the guest the
signed link from the talk, the guest (no login) uploads the slides through it (a refused
file first: the title stays), the coordinator chooses the visibility and publishes them;
then the meeting page shows the document to whom its visibility allows."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from guests.models import SlideUpload
from meetings.models import Document
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    MeetingFactory,
    TalkFactory,
    UserFactory,
)

from .conftest import serious_violations
from .test_member_flow import _session_cookie

# Each step is a view the tests of its app check on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = {
    "sv": {
        "go": "Utför",
        "save": "Spara",
        "send": "Skicka presentationen",
        "refused": "Presentationen skickades inte",
        "thanks": "Tack för din presentation",
        "title": "Presentationens titel",
        "file": "Fil",
    },
    "en": {
        "go": "Go",
        "save": "Save",
        "send": "Send the slides",
        "refused": "The slides were not sent",
        "thanks": "Thank you for your slides",
        "title": "Title of the slides",
        "file": "File",
    },
}


@pytest.fixture
def world(live_server, transactional_db, coordinator):
    meeting = MeetingFactory(
        date=timezone.localdate() - datetime.timedelta(days=10),
        title_sv="Höstmötet i Luleå",
        title_en="The autumn meeting in Luleå",
    )
    item = AgendaItemFactory(
        meeting=meeting, title_sv="Universitetens roll", title_en="The role of universities"
    )
    guest = GuestFactory(name="Darja Isaksson", email="darja@example.org")
    talk = TalkFactory(agenda_item=item, guest=guest)
    member = UserFactory(username="ada@test.se", marked_as_member=True)
    return {"coordinator": coordinator, "meeting": meeting, "talk": talk, "member": member}


@pytest.fixture
def contexts(browser, live_server):
    """Opens a browser context per visitor and closes every one after the test: a context
    left open keeps the live server's request threads (and their database connections)
    alive into the next test."""
    opened = []

    def open_context(language, user=None):
        locale = "sv-SE" if language == "sv" else "en-GB"
        context = browser.new_context(locale=locale)
        opened.append(context)
        if user is not None:
            context.add_cookies(_session_cookie(live_server, user))
        return context

    yield open_context
    for context in opened:
        context.close()


def _meeting_url(language, meeting):
    with translation.override(language):
        return reverse("meetings:meeting_detail", kwargs={"slug": meeting.slug})


def _admin_action(page, pk: int, action: str, go: str) -> None:
    page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.get_by_role("button", name=go).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_guest_uploads_slides_through_the_link_and_the_coordinator_publishes_them(
    browser, live_server, world, language, tmp_path, contexts
):
    text = TEXT[language]
    site = live_server.url
    talk, meeting = world["talk"], world["meeting"]
    coordinator = contexts(language, world["coordinator"]).new_page()
    guest = contexts(language).new_page()
    member = contexts(language, world["member"]).new_page()

    # The coordinator sends the link from the talks.
    coordinator.goto(site + reverse("admin:guests_talk_changelist"))
    _admin_action(coordinator, talk.pk, f"send_slides_link_{language}", text["go"])
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert path.startswith(f"/{language}/")

    # The guest opens it without logging in; a file that is not what it says is refused,
    # and the title stays.
    guest.goto(site + path)
    assert guest.locator("html").get_attribute("lang") == language
    for width in (1280, 375):
        guest.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(guest) == []
        assert not guest.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    fake = tmp_path / "bilder.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a pdf")
    guest.get_by_label(text["title"]).fill("Universitetens roll – bilder")
    guest.get_by_label(text["file"]).set_input_files(str(fake))
    guest.get_by_role("button", name=text["send"]).click()
    guest.wait_for_load_state()
    assert text["refused"] in guest.locator("main").inner_text()
    assert guest.get_by_label(text["title"]).input_value() == "Universitetens roll – bilder"
    assert serious_violations(guest) == []
    slides = tmp_path / "slides.pdf"
    slides.write_bytes(PDF)
    guest.get_by_label(text["file"]).set_input_files(str(slides))
    guest.get_by_role("button", name=text["send"]).click()
    guest.wait_for_load_state()
    assert text["thanks"] in guest.locator("main").inner_text()
    upload = SlideUpload.objects.get()
    assert upload.state == SlideUpload.State.PENDING

    # The coordinator chooses who may see them (public in Swedish, members in English) and
    # publishes them.
    visibility = "public" if language == "sv" else "members"
    coordinator.goto(site + reverse("admin:guests_slideupload_change", args=[upload.pk]))
    coordinator.locator("#id_visibility").select_option(visibility)
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    _admin_action(coordinator, upload.pk, "publish", text["go"])
    upload.refresh_from_db()
    assert upload.state == SlideUpload.State.PUBLISHED
    assert upload.document.visibility == visibility

    # The meeting page shows the document as its visibility allows.
    guest.goto(site + _meeting_url(language, meeting))
    shown_to_public = "Universitetens roll – bilder" in guest.locator("main").inner_text()
    assert shown_to_public == (visibility == Document.Visibility.PUBLIC)
    member.goto(site + _meeting_url(language, meeting))
    documents = member.locator("main")
    assert "Universitetens roll – bilder" in documents.inner_text()
    assert serious_violations(member) == []
    response = member.request.get(site + upload.document.get_absolute_url())
    assert response.ok and response.body() == PDF

    # The guests page, linked from the agenda, lists the guest's talk; axe-clean at both widths.
    guest.goto(site + _meeting_url(language, meeting))
    guest.get_by_role("link", name=re.compile("Darja Isaksson")).click()
    guest.wait_for_load_state()
    assert "Darja Isaksson" in guest.locator(f"#guest-{talk.guest.pk}").inner_text()
    for width in (1280, 375):
        guest.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(guest) == []
        assert not guest.evaluate("document.documentElement.scrollWidth > window.innerWidth")

"""Details of the public pages as a reader sees them, at 1280 and 375 px: a table's caption
starts with the text, a photo's credit has a line of its own, and on a phone a meeting's
title keeps the page's width beside its locator map."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from meetings.models import Photo
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from tests.factories import (
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    PersonFactory,
)

# What Chromium draws and runs (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 427), (40, 90, 140)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def world(live_server, transactional_db):
    institution = InstitutionFactory(
        name="Mittuniversitetet",
        name_en="Mid Sweden University",
        city="Sundsvall",
        latitude=Decimal("62.3908"),
        longitude=Decimal("17.3069"),
    )
    meeting = MeetingFactory(
        date=datetime.date(2024, 5, 14),
        title="KLOSSnet-möte med Mittuniversitetet som värd",
        title_en="KLOSSnet meeting hosted by Mid Sweden University",
        city="Sundsvall",
    )
    MeetingHostFactory(meeting=meeting, institution=institution)
    registration_setup(meeting=meeting)
    registration = Registration.objects.create(
        meeting=meeting, person=PersonFactory(institution=institution)
    )
    for part in meeting.registration_parts.all():
        Entry.objects.create(
            registration=registration, part=part, status="confirmed", attendance="attended"
        )
    for number, caption in enumerate(["Deltagarna i föreläsningssalen", "Kaffepaus"]):
        photo = Photo(meeting=meeting, order=number, alt=caption, caption=caption)
        photo.photographer = "Ann Fotograf"
        photo.image = SimpleUploadedFile(f"photo{number}.jpg", _jpeg(), "image/jpeg")
        photo.full_clean()
        photo.save()
    return {"institution": institution, "meeting": meeting}


def _url(live_server, obj, language):
    with translation.override(language):
        return live_server.url + obj.get_absolute_url()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_tables_caption_starts_where_the_text_does(page, live_server, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(_url(live_server, world["institution"], "sv"))
    caption = page.locator("table.participation caption")
    assert caption.evaluate("c => getComputedStyle(c).textAlign") in {"start", "left"}


@pytest.mark.parametrize("width", [1280, 375])
def test_every_photo_credit_has_a_line_of_its_own(page, live_server, world, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(_url(live_server, world["meeting"], "sv"))
    lines = page.eval_on_selector_all(
        ".gallery__figure figcaption",
        "captions => captions.map(c => [c.getBoundingClientRect().left,"
        " c.querySelector('.meta').getBoundingClientRect().left,"
        " c.getBoundingClientRect().top, c.querySelector('.meta').getBoundingClientRect().top])",
    )
    assert len(lines) == 2
    for caption_left, credit_left, caption_top, credit_top in lines:
        assert credit_left == caption_left and credit_top > caption_top


@pytest.mark.parametrize("language", ["sv", "en"])
def test_on_a_phone_the_meeting_title_keeps_the_page_width(page, live_server, world, language):
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(_url(live_server, world["meeting"], language))
    title = page.locator("h1").bounding_box()
    locator = page.locator(".meeting-hero__locator").bounding_box()
    assert title["width"] >= 375 - 2 * 16 - 1
    assert locator["y"] >= title["y"] + title["height"]

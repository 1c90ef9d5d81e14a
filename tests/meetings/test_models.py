"""Uploads (EXIF stripping, responsive sizes, validation), invariants and duplicating."""

import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from PIL import Image

from meetings.models import AgendaItem, Document, Meeting, Photo
from meetings.services import meeting_duplicate
from tests.factories import (
    AgendaItemFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def jpeg_with_gps(width=2000, height=1200) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"  # Make
    exif[0x0131] = "Test software"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (59.0, 20.0, 0.0)
    gps[3] = "E"
    gps[4] = (18.0, 4.0, 0.0)
    out = BytesIO()
    Image.new("RGB", (width, height), (200, 90, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_the_test_image_really_has_gps_exif():
    with Image.open(BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(0x8825)


def _photo(meeting, content: bytes, name="photo.jpg") -> Photo:
    photo = Photo(meeting=meeting, alt_sv="Deltagare framför gruvan", alt_en="Participants")
    photo.image = SimpleUploadedFile(name, content, content_type="image/jpeg")
    photo.full_clean()
    photo.save()
    return photo


def test_uploaded_photo_is_stored_without_exif_and_gps(settings):
    photo = _photo(MeetingFactory(), jpeg_with_gps())
    photo.refresh_from_db()
    for field in (photo.image, photo.image_480, photo.image_960, photo.image_1600):
        with Image.open(field.path) as stored:
            assert not stored.getexif(), field.name
            assert not stored.getexif().get_ifd(0x8825)
            assert "exif" not in stored.info
    assert photo.image.path.startswith(str(settings.MEDIA_ROOT))


def test_responsive_sizes_are_generated_and_listed_in_srcset():
    photo = _photo(MeetingFactory(), jpeg_with_gps(2000, 1000))
    for width in (480, 960, 1600):
        with Image.open(getattr(photo, f"image_{width}").path) as rendition:
            assert rendition.size == (width, width // 2)
        assert f"{getattr(photo, f'image_{width}').url} {width}w" in photo.srcset
    assert (photo.width, photo.height) == (2000, 1000)


def test_small_photos_are_not_upscaled():
    photo = _photo(MeetingFactory(), jpeg_with_gps(600, 400))
    assert photo.image_960.name == photo.image.name == photo.image_1600.name
    assert photo.srcset.count("w") == 2  # 480w and the original's 600w
    assert "600w" in photo.srcset


def test_a_photo_needs_alt_text():
    photo = Photo(meeting=MeetingFactory())
    photo.image = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "alt_sv" in error.value.message_dict or "alt" in error.value.message_dict


def test_a_file_that_is_not_an_image_is_refused_as_photo():
    photo = Photo(meeting=MeetingFactory(), alt_sv="Bild")
    photo.image = SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "image" in error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00"),
        ("program.pdf", b"MZ\x90\x00 not a pdf"),
        ("notes.html", b"<html></html>"),
    ],
)
def test_documents_of_other_types_are_refused(name, content):
    document = Document(meeting=MeetingFactory(), title_sv="Dokument")
    document.file = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "file" in error.value.message_dict


def test_documents_are_stored_outside_media_root_with_a_sanitised_name(settings):
    document = Document(meeting=MeetingFactory(), title_sv="Program", visibility="members")
    document.file = SimpleUploadedFile("../../Program för mötet!.pdf", b"%PDF-1.4 test")
    document.full_clean()
    document.save()
    path = document.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert ".." not in document.file.name and " " not in document.file.name
    # Its URL is the permission-checking view; the storage itself has no public URL.
    assert document.file.url == document.get_absolute_url()
    with pytest.raises(ValueError):
        document.file.storage.url(document.file.name)


def test_the_day_before_must_be_before_the_meeting():
    day = datetime.date(2024, 5, 2)
    meeting = MeetingFactory.build(date=day, eve_date=day)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "eve_date" in error.value.message_dict


def test_an_institution_that_hosted_cannot_be_deleted():
    host = MeetingHostFactory()
    with pytest.raises(ProtectedError):
        host.institution.delete()


def test_queryset_upcoming_and_past():
    today = datetime.date(2024, 6, 1)
    old = MeetingFactory(date=datetime.date(2024, 1, 1))
    soon = MeetingFactory(date=datetime.date(2024, 9, 1))
    later = MeetingFactory(date=datetime.date(2025, 3, 1))
    MeetingFactory(date=datetime.date(2024, 8, 1), is_published=False)
    assert list(Meeting.objects.published().upcoming(on=today)) == [soon, later]
    assert list(Meeting.objects.published().past(on=today)) == [old]


def test_meetings_are_ordered_newest_first():
    older = MeetingFactory(date=datetime.date(2020, 1, 1))
    newer = MeetingFactory(date=datetime.date(2021, 1, 1))
    assert list(Meeting.objects.all()) == [newer, older]


def test_english_slug_falls_back_to_the_swedish_one():
    meeting = Meeting(date=datetime.date(2024, 1, 1), title_sv="Möte", slug_sv="2024-01-01-mote")
    meeting.save()
    assert meeting.slug_en == "2024-01-01-mote"


def test_duplicate_copies_agenda_structure_half_a_year_later_unpublished():
    theme = ThemeFactory()
    meeting = MeetingFactory(date=datetime.date(2023, 8, 31), title="Höstmöte", title_en="Autumn")
    meeting.themes.add(theme)
    MeetingHostFactory(meeting=meeting, institution=InstitutionFactory())
    AgendaItemFactory(meeting=meeting, order=1, title="Välkommen", speakers="Darja Isaksson")
    AgendaItemFactory(meeting=meeting, order=2, title="Samverkansmeriter", time=datetime.time(10))
    copy = meeting_duplicate(meeting=meeting)
    assert copy.pk != meeting.pk
    assert copy.date == datetime.date(2024, 2, 29)
    assert copy.is_published is False
    assert list(copy.themes.all()) == [theme]
    assert not copy.hosts.exists()
    items = list(copy.agenda_items.all())
    assert [(i.order, i.title_sv, i.time) for i in items] == [
        (1, "Välkommen", None),
        (2, "Samverkansmeriter", datetime.time(10)),
    ]
    assert all(not i.speakers_sv for i in items)
    assert copy.slug_sv != meeting.slug_sv and copy.slug_en
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2
    second = meeting_duplicate(meeting=meeting)
    assert second.slug_sv not in {copy.slug_sv, meeting.slug_sv}

"""Pages the seed alone does not show, for the crawls of the Nu Html Checker
(tests/klossnet/test_html_valid.py) and axe (tests/browser/test_accessibility.py): over the
seed, an upcoming meeting open for registration (the start page's next-meeting card), the
latest meeting's final record with photos (the start page's highlights, the gallery), a
representative with attendance (an institution page's representative and participation),
and a theme nothing links to."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from meetings.models import Meeting, MeetingHost, Photo
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from members.models import Institution, Person, Representation
from overview.themes import theme_index
from records.models import CarriedQuestion, Record, RecordSection, Visibility


def _jpeg(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 427), (40, shade, 140)).save(out, "JPEG")
    return out.getvalue()


def showcase_load() -> dict[str, list[str]]:
    """Add the showcase over the loaded seed; returns the extra pages' paths per language."""
    latest = Meeting.objects.published().past().order_by("-date").first()
    host = latest.hostings.first().institution if latest.hostings.exists() else None
    institution = host or Institution.objects.order_by("pk").first()
    person = Person.objects.create(
        name="Ada Lund", title="vicerektor", title_en="Pro-Vice-Chancellor", institution=institution
    )
    Representation.objects.create(
        person=person, institution=institution, started_on=datetime.date(2020, 1, 1)
    )
    registration_setup(meeting=latest)
    registration = Registration.objects.create(meeting=latest, person=person, language="sv")
    for part in latest.registration_parts.all():
        Entry.objects.create(
            registration=registration, part=part, status="confirmed", attendance="attended"
        )
    record = Record.objects.create(meeting=latest, state=Record.State.FINAL)
    for order, (kind, sv, en) in enumerate(
        [
            ("summary", "Dagen handlade om samverkansarenor.", "The day was about arenas."),
            ("insight", "Ledningens stöd avgör.", "Leadership support decides."),
        ]
    ):
        RecordSection.objects.create(
            record=record,
            kind=kind,
            order=order,
            text_sv=sv,
            text_en=en,
            visibility=Visibility.PUBLIC,
        )
    CarriedQuestion.objects.create(
        raised_at=latest,
        text_sv="Hur mäter vi kvalitet?",
        text_en="How do we measure quality?",
        visibility=Visibility.PUBLIC,
    )
    for number, caption in enumerate(["Deltagarna i salen", "Kaffepaus"]):
        photo = Photo(meeting=latest, order=number, alt=caption, caption=caption)
        photo.photographer = "Ann Fotograf"
        photo.image = SimpleUploadedFile(f"photo{number}.jpg", _jpeg(60 + 40 * number))
        photo.full_clean()
        photo.save()
    upcoming = Meeting.objects.create(
        date=timezone.localdate() + datetime.timedelta(days=60),
        title_sv="Vårmöte",
        title_en="Spring meeting",
        slug_sv="varmote",
        slug_en="spring-meeting",
        city_sv="Stockholm",
        kind=Meeting.Kind.NETWORK_MEETING,
        format=Meeting.Format.ON_SITE,
        is_published=True,
    )
    MeetingHost.objects.create(meeting=upcoming, institution=institution)
    registration_setup(meeting=upcoming)
    bare = next(summary.theme for summary in theme_index() if not summary.total)
    paths = {}
    for language in ("sv", "en"):
        with translation.override(language):
            paths[language] = [
                reverse("home"),
                latest.get_absolute_url(),
                record.get_absolute_url(),
                upcoming.get_absolute_url(),
                institution.get_absolute_url(),
                bare.get_absolute_url(),
            ]
    return paths

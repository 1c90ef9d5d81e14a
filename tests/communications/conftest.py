"""Members in both languages, the steering group, and an upcoming meeting with its parts."""

import datetime

import pytest
from django.utils import timezone, translation

from meetings.registration.models import Entry, Part, Registration
from meetings.registration.services import registration_setup
from tests.factories import (
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    RepresentationFactory,
    SteeringGroupMembershipFactory,
    StudyVisitFactory,
    UserFactory,
)

SITE = "https://klossnet.example.org/"


@pytest.fixture(autouse=True)
def _swedish(settings):
    settings.SITE_URL = SITE
    with translation.override("sv"):
        yield


def member(institution, name: str, email: str, *, login: bool = True):
    """A current representative of ``institution``, with an approved login or none."""
    user = UserFactory(username=email, approved_at=timezone.now()) if login else None
    person = PersonFactory(name=name, institution=institution, user=user, email=email)
    RepresentationFactory(person=person, institution=institution)
    return person


def register(meeting, person, parts, *, language="sv", status=Entry.Status.CONFIRMED):
    registration = Registration.objects.create(meeting=meeting, person=person, language=language)
    for part in parts:
        Entry.objects.create(registration=registration, part=part, status=status)
    return registration


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Umeå universitet", name_en="Umeå University", short_name="UmU")


@pytest.fixture
def abroad(db):
    return InstitutionFactory(
        name="Aalto-universitetet", name_en="Aalto University", short_name="Aalto", country="FI"
    )


@pytest.fixture
def people(institution, abroad):
    """Ada and Grace write in Swedish; Alan, at a member abroad, gets English."""
    return {
        "ada": member(institution, "Ada Lovelace", "ada@umu.se"),
        "grace": member(institution, "Grace Hopper", "grace@umu.se", login=False),
        "alan": member(abroad, "Alan Turing", "alan@aalto.fi"),
    }


@pytest.fixture
def outsider(db):
    """Someone with an address who is no member: never in an audience of members."""
    return PersonFactory(name="Olle Utanför", institution=None, email="olle@example.org")


@pytest.fixture
def steering(people):
    SteeringGroupMembershipFactory(person=people["grace"])
    return [people["grace"]]


@pytest.fixture
def meeting(db):
    day = timezone.localdate() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        date=day,
        eve_date=day - datetime.timedelta(days=1),
        title="Nätverksmöte i Umeå",
        title_en="Network meeting in Umeå",
        slug="natverksmote-umea",
        slug_en="network-meeting-umea",
        city="Umeå",
        city_en="Umeå",
        venue="Umeå universitet",
        venue_en="Umeå University",
        dinner_note="Middag på Väven.",
        dinner_note_en="Dinner at Väven.",
    )
    StudyVisitFactory(meeting=meeting, name="Sliperiet", place="Sliperiets entré", order=1)
    registration_setup(meeting=meeting)
    return meeting


@pytest.fixture
def parts(meeting):
    found = list(meeting.registration_parts.select_related("study_visit").order_by("position"))
    return {part.kind: part for part in found}


@pytest.fixture
def visit(parts):
    return parts[Part.Kind.STUDY_VISIT]

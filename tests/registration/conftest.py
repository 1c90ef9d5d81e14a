"""A member institution, members, an upcoming meeting open for registration with its parts."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from meetings.registration.models import Part, RegistrationWindow
from meetings.registration.services import registration_setup
from tests.factories import (
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    StudyVisitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def make_member(institution, name: str, email: str):
    """An approved login linked to a person at ``institution``; returns the person."""
    user = UserFactory(username=email, approved_at=timezone.now())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return PersonFactory(name=name, institution=institution, user=user, email=email)


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="Testlärosätet", name_en="Test University", short_name="TL")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Annat lärosäte", name_en="Other University", short_name="AL")


@pytest.fixture
def ada(institution):
    return make_member(institution, "Ada Lovelace", "ada@test.se")


@pytest.fixture
def grace(institution):
    """A colleague of Ada's, with no login of her own."""
    return PersonFactory(name="Grace Hopper", institution=institution, email="grace@test.se")


@pytest.fixture
def alan(other_institution):
    return make_member(other_institution, "Alan Turing", "alan@annat.se")


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
        dinner_note="Middag på Väven.",
    )
    StudyVisitFactory(meeting=meeting, name="Sliperiet", name_en="Sliperiet", order=1)
    StudyVisitFactory(meeting=meeting, name="Arcum", name_en="Arcum", order=2)
    registration_setup(meeting=meeting)
    return meeting


@pytest.fixture
def parts(meeting):
    """The meeting's parts by name: visit1, visit2, dinner, meeting."""
    found = list(meeting.registration_parts.select_related("study_visit").order_by("position"))
    visits = [part for part in found if part.kind == Part.Kind.STUDY_VISIT]
    by_kind = {part.kind: part for part in found}
    return {
        "visit1": visits[0],
        "visit2": visits[1],
        "dinner": by_kind[Part.Kind.DINNER],
        "meeting": by_kind[Part.Kind.MEETING],
    }


@pytest.fixture
def window(meeting):
    """The meeting's registration period, the very object the meeting holds."""
    assert RegistrationWindow.objects.filter(meeting=meeting).exists()
    return meeting.registration_window

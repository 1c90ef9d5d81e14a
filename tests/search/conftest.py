"""A small corpus in both languages that every backend must answer alike."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from meetings.models import Document
from search.index import rebuild
from tests.factories import (
    AgendaItemFactory,
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    RepresentationFactory,
    StudyVisitFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def corpus(db):
    """Meetings, agenda items, study visits, institutions, people and a members' document."""
    larosate = InstitutionFactory(
        name="Lärosätet vid sjön", name_en="The lakeside university", city="Karlstad"
    )
    meeting = MeetingFactory(
        title="Nätverksmötet i Karlstad",
        title_en="The network meeting in Karlstad",
        summary="Ett möte om samverkan mellan lärosäten och samhälle.",
        summary_en="A meeting about collaboration between universities and society.",
        city="Karlstad",
    )
    MeetingFactory(
        title="Vårens möte",
        title_en="The spring gathering",
        summary="Dagen ägnades åt samverkansarenor och regionala partnerskap.",
        summary_en="The day was given to arenas for collaborating and regional partnerships.",
        city="Linköping",
        city_en="Linköping",
    )
    MeetingFactory(
        title="Opublicerat möte om kometer",
        title_en="Unpublished meeting about comets",
        is_published=False,
    )
    AgendaItemFactory(
        meeting=meeting,
        title="Meritvärdering av samverkan",
        title_en="Merit in collaboration",
        speakers="Darja Isaksson, generaldirektör, Vinnova",
        speakers_en="Darja Isaksson, Director General, Vinnova",
    )
    StudyVisitFactory(
        meeting=meeting,
        name="Besök på innovationsparken",
        name_en="Visit to the innovation park",
        description="Studiebesöket före mötet visade hur lärosätet arbetar med näringslivet.",
        description_en=(
            "The study visit before the meeting showed how the university works with industry."
        ),
    )
    Document.objects.create(
        meeting=meeting,
        title="Protokoll från styrgruppens möte om budgeten",
        title_en="Minutes of the steering group meeting on the budget",
        file=ContentFile(b"%PDF-1.4\n", name="protokoll.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )
    Document.objects.create(
        meeting=meeting,
        title="Presentation om samverkansstrategi",
        title_en="Presentation on collaboration strategy",
        file=ContentFile(b"%PDF-1.4\n", name="presentation.pdf"),
        visibility=Document.Visibility.PUBLIC,
    )
    person = PersonFactory(
        name="Greta Garbostrom",
        institution=larosate,
        email="greta.hemlig@example.org",
        publication_consent=False,
    )
    RepresentationFactory(person=person, institution=larosate)
    rebuild()
    return {"meeting": meeting, "institution": larosate, "person": person}


@pytest.fixture
def member(db):
    return UserFactory(username="member@example.org", marked_as_member=True)


@pytest.fixture
def approved_non_member(db):
    return UserFactory(username="outsider@example.org", approved_at=timezone.now())

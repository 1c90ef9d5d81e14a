"""The guests in the site search: each talk under the name or role the guests page gives."""

import datetime

import pytest
from django.utils import timezone

from guests.services import guest_erase
from search import query
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    MeetingFactory,
    OrganisationFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def found(q: str, language: str = "sv") -> list[tuple[str, str, str]]:
    parsed = query.parse(q, language)
    return [
        (document.kind, document.title, document.url)
        for document in query.search(parsed, language=language, include_members=False)
    ]


def suggested(q: str, language: str = "sv") -> list[str]:
    return query.suggestions(q, language=language, include_members=False)


@pytest.fixture
def panel(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Nätverksmöte i Falun", title_en="Network meeting in Falun")
        item = AgendaItemFactory(
            meeting=meeting, title="Paneldebatt om kompetens", title_en="Panel on skills"
        )
        agency = OrganisationFactory(
            name="Kompetensverket", name_en="The Skills Agency", short_name="KV"
        )
        named = TalkFactory(
            agenda_item=item,
            guest=GuestFactory(
                name="Ingrid Exempelsson", role="generaldirektör", role_en="Director General"
            ),
            organisation=agency,
        )
        unnamed = TalkFactory(
            agenda_item=item,
            guest=GuestFactory(
                name="Okänd Hemligsson",
                role="kanslichef",
                role_en="head of office",
                publicly_named=False,
            ),
        )
    return named, unnamed


def test_a_guest_is_found_by_name_role_and_organisation_in_both_languages(panel):
    named, _unnamed = panel
    label = "Ingrid Exempelsson, generaldirektör, Kompetensverket"
    hit = ("talk", label, named.guest.get_absolute_url())
    assert hit in found("Exempelsson")
    assert hit in found("Kompetensverket")
    assert hit in found("paneldebatt")
    english = [title for kind, title, _url in found("Exempelsson", "en") if kind == "talk"]
    assert english == ["Ingrid Exempelsson, Director General, The Skills Agency"]


def test_a_guest_not_shown_by_name_is_found_by_role_and_never_by_name(panel):
    _named, unnamed = panel
    assert ("talk", "kanslichef", unnamed.guest.get_absolute_url()) in found("kanslichef")
    assert found("Hemligsson") == []
    assert "hemligsson" not in suggested("Hemligson")


def test_a_talk_at_an_unpublished_or_scheduled_meeting_is_not_found(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = MeetingFactory(is_published=False)
        TalkFactory(agenda_item=AgendaItemFactory(meeting=draft), guest__name="Utkast Gästsson")
        later = MeetingFactory(publish_from=timezone.now() + datetime.timedelta(days=3))
        TalkFactory(agenda_item=AgendaItemFactory(meeting=later), guest__name="Senare Gästsson")
    assert found("Utkast") == []
    assert found("Senare") == []


def test_renaming_and_erasing_a_guest_reach_the_index(panel, django_capture_on_commit_callbacks):
    named, _unnamed = panel
    with django_capture_on_commit_callbacks(execute=True):
        named.guest.name = "Ingrid Nyttnamn"
        named.guest.save()
    assert found("Exempelsson") == []
    assert [title for _kind, title, _url in found("Nyttnamn")] == [
        "Ingrid Nyttnamn, generaldirektör, Kompetensverket"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        guest_erase(guest=named.guest)
    assert found("Nyttnamn") == []
    assert "nyttnamn" not in suggested("Nyttnamn")
    # The talk stays as the organisation's (guests.services.guest_erase).
    assert [title for _kind, title, _url in found("Kompetensverket")] == ["Kompetensverket"]


def test_a_meeting_unpublished_takes_its_talks_out(panel, django_capture_on_commit_callbacks):
    named, _unnamed = panel
    meeting = named.agenda_item.meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting.is_published = False
        meeting.save()
    assert [hit for hit in found("Exempelsson") if hit[0] == "talk"] == []

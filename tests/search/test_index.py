"""Keeping the index current: saves, deletes, unpublishing, the admin and the rebuild command."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from search import query, text
from search.models import SearchDocument
from tests.factories import AgendaItemFactory, MeetingFactory


def titles(q: str, language: str = "sv") -> set[str]:
    parsed = query.parse(q, language)
    return {d.title for d in query.search(parsed, language=language, include_members=True)}


def test_a_saved_meeting_is_found_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(title="Möte om forskningsinfrastruktur", title_en="On infrastructure")
    assert titles("forskningsinfrastrukturen") == {"Möte om forskningsinfrastruktur"}
    assert titles("infrastructures", "en") == {"On infrastructure"}


def test_editing_updates_and_unpublishing_removes(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om kometer")
        AgendaItemFactory(meeting=meeting, title="Kometernas bana")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = "Möte om planeter"
        meeting.save()
    # The agenda item's text names its meeting, so it is re-indexed with it.
    assert titles("planeter") == {"Möte om planeter", "Kometernas bana"}
    assert titles("kometer") == {"Kometernas bana"}
    with django_capture_on_commit_callbacks(execute=True):
        meeting.is_published = False
        meeting.save()
    assert titles("planeter") == set()
    assert titles("kometer") == set()  # the agenda goes with its meeting


def _at(moment: datetime.datetime):
    """Search as if it were ``moment`` (nothing is re-indexed in between)."""
    return mock.patch("search.query.timezone.now", return_value=moment)


def test_a_scheduled_meeting_is_found_from_its_publication_on(
    db, django_capture_on_commit_callbacks
):
    opens = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om kometer", publish_from=opens)
        AgendaItemFactory(meeting=meeting, title="Planeternas banor")
    assert titles("kometer") == set() and titles("planeter") == set()
    with _at(opens + datetime.timedelta(seconds=1)):
        # The agenda item comes with its meeting (and names it).
        assert titles("kometer") == {"Möte om kometer", "Planeternas banor"}


def test_a_meeting_is_no_longer_found_once_its_publication_ends(
    db, django_capture_on_commit_callbacks
):
    closes = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om kometer", publish_until=closes)
        AgendaItemFactory(meeting=meeting, title="Planeternas banor")
    assert titles("kometer") == {"Möte om kometer", "Planeternas banor"}
    with _at(closes):
        assert titles("kometer") == set() and titles("planeter") == set()


def test_words_of_scheduled_meetings_are_not_suggested(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MeetingFactory(
            title="Hemligt möte om supernovor",
            publish_from=timezone.now() + datetime.timedelta(days=2),
        )
    assert query.suggestions("supernova", language="sv", include_members=True) == []


def test_deleting_removes_the_documents(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = AgendaItemFactory(title="Kometernas bana")
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert titles("kometer") == set()
    assert not SearchDocument.objects.filter(kind="agenda_item").exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM klossnet_search_fts WHERE title LIKE 'komet%'")
            assert cursor.fetchone()[0] == 0


def test_rebuild_command_indexes_everything(db):
    MeetingFactory(title="Möte om kometer")
    assert titles("kometer") == set()  # no commit in this test: the signal's work waits
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "search documents" in out.getvalue()
    assert titles("kometer") == {"Möte om kometer"}


@pytest.mark.parametrize(
    ("language", "word", "stem"),
    [
        ("sv", "möten", "möt"),
        ("sv", "lärosäten", "lärosät"),
        ("sv", "samverkansarenor", "samverkansaren"),
        ("en", "universities", "univers"),
        ("en", "Linköping", "linkop"),
    ],
)
def test_stems_are_postgresqls(db, language, word, stem):
    assert text.stem(word, language) == stem
    if connection.vendor == "postgresql":
        config = {"sv": "swedish", "en": "klossnet_english"}[language]
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsvector(%s::regconfig, %s)::text", [config, word])
            assert cursor.fetchone()[0] == f"'{stem}':1"


def suggested(q: str, language: str = "sv") -> list[str]:
    return query.suggestions(q, language=language, include_members=True)


def test_words_no_document_holds_any_more_are_no_longer_suggested(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = AgendaItemFactory(title="Kvasarernas Östersundsbana")
        other = AgendaItemFactory(title="Kvasarernas ljus")
    assert "östersundsbana" in suggested("Östersundsbna")

    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert suggested("Östersundsbna") == []
    assert "kvasarernas" in suggested("kvasarrnas")  # the other item still holds it

    with django_capture_on_commit_callbacks(execute=True):
        other.title = "Pulsarernas ljus"  # a renamed title forgets its old words
        other.save()
    assert suggested("kvasarrnas") == []
    assert "pulsarernas" in suggested("pulsarrnas")


def test_a_word_only_a_scheduled_version_holds_is_forgotten(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om magnetarer")
    assert "magnetarer" in suggested("magnetrer")
    with django_capture_on_commit_callbacks(execute=True):
        meeting.publish_from = timezone.now() + datetime.timedelta(days=2)
        meeting.save()
    assert suggested("magnetrer") == []

"""Re-indexing after bulk changes (search/signals.py): what one transaction or request makes
stale is re-indexed once; a few objects (a single save) in the request, more (an admin action
on many rows, load_klossnet, a theme that many meetings carry) by the worker, as one task."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from meetings.models import Meeting
from search import query
from search.index import rebuild, reindex_task
from search.models import SearchDocument
from search.signals import REINDEX_IN_REQUEST
from tests.factories import AgendaItemFactory, MeetingFactory, ThemeFactory
from tests.klossnet.test_tasks import db_worker

pytestmark = pytest.mark.django_db

MANY = REINDEX_IN_REQUEST + 5


@pytest.fixture
def queued(settings):
    """Tasks are kept, not run: the test sees what was handed to the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def reindex_tasks():
    return [result for result in default_task_backend.results if result.task == reindex_task]


def titles(q: str) -> set[str]:
    with translation.override("sv"):
        parsed = query.parse(q, "sv")
        return {d.title for d in query.search(parsed, language="sv", include_members=True)}


def documents() -> set[tuple]:
    return set(SearchDocument.objects.values_list("kind", "object_id", "language", "title"))


def test_a_single_save_is_indexed_in_the_request_without_a_task(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om kometer")
        for n in range(5):
            AgendaItemFactory(meeting=meeting, title=f"Kometernas banor {n}")
    assert titles("kometer") == {"Möte om kometer", *(f"Kometernas banor {n}" for n in range(5))}
    assert reindex_tasks() == []


def test_a_save_asks_which_documents_it_made_stale_only_once_the_transaction_commits(
    queued, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Saving a meeting's agenda items asks for the meeting's documents after the commit,
    once for each item however often it was saved; a transaction rolled back asks nothing."""
    meeting = MeetingFactory(title="Möte om kometer")
    items = [AgendaItemFactory(meeting=meeting, title=f"Punkt {n}") for n in range(3)]
    with django_assert_num_queries(9):  # the updates only: this transaction never commits
        for item in items * 3:
            item.save()
    with django_capture_on_commit_callbacks(execute=True):
        for item in items * 3:
            item.title += "!"
            item.save()
    assert titles("punkt") == {item.title for item in items}


def test_a_meeting_saved_then_deleted_in_one_transaction_leaves_no_document(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = MeetingFactory(title="Möte om kometer")
        AgendaItemFactory(meeting=meeting, title="Kometernas banor")
        meeting.save()
        meeting.delete()
    assert titles("kometer") == set()


def test_many_rows_changed_in_one_transaction_are_one_task_for_the_worker(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meetings = [MeetingFactory(title=f"Möte om kometer {n}") for n in range(MANY)]
    (task,) = reindex_tasks()
    assert task.kwargs["objects"]["meeting"] == sorted(meeting.pk for meeting in meetings)
    assert titles("kometer") == set()  # not in the request
    assert reindex_task.call(**task.kwargs) >= MANY
    assert titles("kometer") == {meeting.title for meeting in meetings}


def test_renaming_a_theme_many_meetings_carry_is_one_task(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        theme = ThemeFactory(name="Rymden")
        meetings = [MeetingFactory() for _n in range(MANY)]
        theme.meetings.add(*meetings)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Rymdfarten"
        theme.save()
    (task,) = reindex_tasks()
    assert task.kwargs["objects"]["meeting"] == sorted(meeting.pk for meeting in meetings)
    reindex_task.call(**task.kwargs)
    assert titles("rymdfarten") == {meeting.title for meeting in meetings}


def test_loading_the_content_is_one_task_that_indexes_what_a_rebuild_does(
    queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_klossnet", stdout=io.StringIO())
    (task,) = reindex_tasks()
    assert not SearchDocument.objects.exists()
    reindex_task.call(**task.kwargs)
    indexed = documents()
    rebuild()
    assert indexed and indexed == documents()


@pytest.mark.django_db(transaction=True)
def test_an_admin_action_on_many_rows_is_one_task_for_the_worker(admin_client, queued):
    """The action runs in one transaction (the admin's revision), however many rows."""
    originals = [MeetingFactory() for _n in range(MANY)]
    default_task_backend.clear()
    response = admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {
            "action": "duplicate_as_next_meeting",
            "_selected_action": [meeting.pk for meeting in originals],
        },
    )
    assert response.status_code == 302
    copies = Meeting.objects.exclude(pk__in=[meeting.pk for meeting in originals])
    assert copies.count() == MANY
    (task,) = reindex_tasks()
    assert set(copies.values_list("pk", flat=True)) <= set(task.kwargs["objects"]["meeting"])


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_indexes_a_bulk_change(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        meetings = [MeetingFactory(title=f"Möte om kometer {n}") for n in range(MANY)]
    assert DBTaskResult.objects.get().status == "READY"
    assert titles("kometer") == set()
    db_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert titles("kometer") == {meeting.title for meeting in meetings}

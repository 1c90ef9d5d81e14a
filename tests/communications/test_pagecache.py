"""Sending a mailing leaves the public pages' cache alone: the record of deliveries, the
plans and the task queue never show on a public page (core.pagecache)."""

import pytest
from django.test import override_settings

from communications.models import Kind
from communications.services import communication_approve, communication_send, plan_make
from core import pagecache

pytestmark = pytest.mark.django_db


def test_a_mailing_leaves_the_page_cache_as_it_was_and_a_content_change_does_not(
    meeting, people, django_capture_on_commit_callbacks
):
    plan_make(meeting=meeting)
    communication = communication_approve(
        communication=meeting.communications.get(kind=Kind.SAVE_THE_DATE), user=None
    )
    before = pagecache.content_version()
    with (
        django_capture_on_commit_callbacks(execute=True),
        override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
    ):
        assert communication_send(communication_pk=communication.pk) == 3
    assert pagecache.content_version() == before
    meeting.title_sv = "Nätverksmöte i Umeå, nytt datum"
    meeting.save()
    assert pagecache.content_version() != before

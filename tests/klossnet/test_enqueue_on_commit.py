"""core.tasks.enqueue_on_commit: a queue that cannot take a task is logged, never raised, and
the work that asked for the task stays saved (a photo whose task was lost gets one on its
next save)."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django_tasks_db import DatabaseBackend

from meetings.models import Photo
from tests.factories import MeetingFactory
from tests.meetings.test_models import jpeg_with_gps

pytestmark = pytest.mark.django_db


def test_a_queue_that_refuses_the_task_leaves_the_save_standing(settings, monkeypatch, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refuse(self, task, args, kwargs):
        raise DatabaseError("the task table is locked")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refuse)
    meeting = MeetingFactory()
    with caplog.at_level(logging.ERROR, logger="core.tasks"), transaction.atomic():
        photo = Photo(meeting=meeting, alt="Gruvan")
        photo.image = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(800, 600), "image/jpeg")
        photo.save()
        meeting.save()  # the transaction is still usable after the refusal
    assert Photo.objects.filter(pk=photo.pk, image=photo.image.name).exists()
    (record,) = [r for r in caplog.records if r.name == "core.tasks"]
    assert "photo_renditions_task could not be queued" in record.getMessage()

    monkeypatch.undo()  # the queue takes tasks again: the next save asks once more
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    photo.save()
    assert Photo.objects.get(pk=photo.pk).has_renditions

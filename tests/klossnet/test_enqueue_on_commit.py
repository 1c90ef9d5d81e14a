"""core.tasks.enqueue_on_commit: a queue that cannot take a task is logged, never raised, and
the work that asked for the task stays saved (a photo whose task was lost gets one on its
next save)."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.backends.dummy import DummyBackend
from django_tasks_db import DatabaseBackend

from communications.models import Audience, Communication, Moment
from communications.services import communication_approve, communication_send_enqueue
from core.mail import mail_send, mail_send_again
from core.models import OutgoingMail
from core.tasks import enqueue_on_commit
from meetings.models import Photo
from tests.factories import MeetingFactory, UserFactory
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


# One way of enqueueing for every caller (photos, search, the mail, the communications):
# a queue outside the database (RQ on Redis; here the dummy backend) takes the task after
# the commit, where a failure must reach neither the request nor the commit's other work.
ON_COMMIT = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue_down(settings, monkeypatch):
    settings.TASKS = ON_COMMIT

    def refuse(self, task, args, kwargs):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr(DummyBackend, "enqueue", refuse)


@task()
def nothing_task(*, n: int) -> int:
    return n


def test_a_queue_that_fails_after_the_commit_calls_on_error_and_logs(
    queue_down, django_capture_on_commit_callbacks, caplog
):
    errors = []
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        assert enqueue_on_commit(nothing_task, on_error=errors.append, n=1) is None
        assert errors == []  # not before the commit
    assert [type(error) for error in errors] == [ConnectionError]
    assert any("nothing_task could not be queued (n)" in r.getMessage() for r in caplog.records)


def test_an_on_error_that_fails_too_is_logged_and_the_other_tasks_are_still_queued(
    queue_down, django_capture_on_commit_callbacks, caplog
):
    def fails(error):
        raise DatabaseError("the failed e-mails' table is locked")

    errors = []
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        enqueue_on_commit(nothing_task, on_error=fails, n=1)
        enqueue_on_commit(nothing_task, on_error=errors.append, n=2)
    assert len(errors) == 1
    assert any("what its failure asked for failed too" in r.getMessage() for r in caplog.records)


def test_a_task_that_ran_at_once_and_failed_calls_on_error(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    errors = []
    result = enqueue_on_commit(failing_task, on_error=errors.append)
    assert result.status == TaskResultStatus.FAILED
    assert len(errors) == 1


@task()
def failing_task() -> None:
    raise ValueError("broken")


def _failed_mail(to: str) -> OutgoingMail:
    return OutgoingMail.objects.create(
        last_attempt_at=timezone.now(),
        error="451",
        kind="registration/confirmation",
        from_email="kansliet@klossnet.se",
        to=[to],
        subject="Bekräftelse",
        body="Välkommen",
    )


def test_sending_failed_mails_again_while_the_queue_is_down_notes_every_attempt(
    queue_down, django_capture_on_commit_callbacks, caplog
):
    """The mail's path is the shared one: one mail whose note cannot be written (sent by
    another worker meanwhile) neither stops the others' notes nor reaches the admin."""
    first, second = _failed_mail("ada@umu.se"), _failed_mail("grace@umu.se")
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR):
        assert mail_send_again(mail=first) is None
        assert mail_send_again(mail=second) is None
        OutgoingMail.objects.filter(pk=first.pk).delete()
    second.refresh_from_db()
    assert second.attempts == 2 and "Redis is not answering" in second.error


def test_a_mail_the_queue_cannot_take_after_the_commit_is_kept_to_send_again(
    queue_down, django_capture_on_commit_callbacks
):
    message = EmailMultiAlternatives("Bekräftelse", "Välkommen", to=["ada@umu.se"])
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_send(message, kind="registration/confirmation", language="sv").sent
    (kept,) = OutgoingMail.objects.all()
    assert kept.to == ["ada@umu.se"] and "Redis is not answering" in kept.error


def test_a_one_off_message_sent_while_the_queue_is_down_stays_approved_and_unsent(
    settings, monkeypatch, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refuse(self, task, args, kwargs):
        raise DatabaseError("the task table is locked")

    monkeypatch.setattr(DatabaseBackend, "enqueue", refuse)
    communication = Communication.objects.create(
        audience=Audience.MEMBERS, moment=Moment.ON_SEND, subject="Hej", body="Hej {name}"
    )
    with transaction.atomic(), caplog.at_level(logging.ERROR, logger="core.tasks"):
        communication_approve(communication=communication, user=UserFactory())
        communication_send_enqueue(communication_pk=communication.pk)
    communication.refresh_from_db()
    assert communication.approved_at is not None and communication.finished_at is None
    assert any(
        "communication_send_task could not be queued" in r.getMessage() for r in caplog.records
    )

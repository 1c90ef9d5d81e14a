"""With Redis the task queue is outside the database (RQ): core.tasks.enqueue_on_commit
hands a photo's renditions to it only once the transaction commits, so the worker never
looks for a photo that is not stored yet, and a rolled-back save leaves no task behind."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from meetings import models as meeting_models
from meetings.models import Photo
from tests.factories import MeetingFactory
from tests.klossnet.test_tasks import rq_tasks  # noqa: F401 - the RQ queue fixture
from tests.meetings.test_models import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)


def _photo(meeting) -> Photo:
    photo = Photo(meeting=meeting, alt="Deltagarna vid gruvan")
    photo.image = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(1200, 800), "image/jpeg")
    photo.save()
    return photo


@pytest.fixture
def queue(rq_tasks, monkeypatch):  # noqa: F811
    # The queue of this test: the task names its queue, the backend lists the queue.
    task = meeting_models.photo_renditions_task.using(queue_name=rq_tasks.name)
    monkeypatch.setattr(meeting_models, "photo_renditions_task", task)
    return rq_tasks


def test_the_rq_worker_makes_the_sizes_once_the_save_has_committed(queue):
    from django_tasks_rq import Job
    from rq import SimpleWorker

    meeting = MeetingFactory()
    with transaction.atomic():
        photo = _photo(meeting)
        assert queue.count == 0  # not before the commit
    assert queue.count == 1
    assert not Photo.objects.get(pk=photo.pk).has_renditions
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    photo.refresh_from_db()
    assert photo.has_renditions and photo.image_960.width == 960
    assert queue.count == 0


def test_a_save_that_rolls_back_leaves_no_task(queue):
    meeting = MeetingFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        _photo(meeting)
        raise RuntimeError("the admin's save failed")
    assert queue.count == 0

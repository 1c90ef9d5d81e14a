"""Handing work to the background worker (README: Background work).

A task is defined beside the work it does (``core/mail.py``: an e-mail; ``meetings/models.py``:
a photo's renditions; ``meetings/registration/emails.py``: the coordinator's mailing;
``search/index.py``: re-indexing) and enqueued with
:func:`enqueue_on_commit`, so that it exists only once the transaction that asked for it
commits: a rolled-back save leaves no task behind, and no worker runs a task before the rows
it reads are visible to it.
"""

import logging

from django.db import transaction
from django_tasks import TaskResult
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

logger = logging.getLogger("core.tasks")


def enqueue_on_commit(task: Task, **kwargs) -> TaskResult | None:
    """Enqueue ``task`` with ``kwargs`` so that it exists only once the transaction commits.

    The database backend's task is a row written in the transaction: it commits or rolls
    back with it, so it is enqueued at once. The immediate backend (the tests) runs the task
    at once, as the work ran before it was a task. Other queues (RQ on Redis) are enqueued
    on commit. Returns the task's result when it was enqueued now, None when it waits for
    the commit or the queue could not take it: that is logged, never raised, since the work
    that asked for the task is saved all the same.
    """

    def enqueue() -> TaskResult | None:
        try:
            with transaction.atomic():
                return task.enqueue(**kwargs)
        except Exception:  # the queue (database, Redis) cannot be reached
            logger.exception("Task %s could not be queued (%s)", task.name, kwargs)
            return None

    if isinstance(task.get_backend(), DatabaseBackend | ImmediateBackend):
        return enqueue()
    transaction.on_commit(enqueue, robust=True)
    return None

"""Handing work to the background worker (README: Background work).

A task is defined beside the work it does (``core/mail.py``: an e-mail; ``meetings/models.py``:
a photo's renditions; ``meetings/registration/emails.py``: the coordinator's mailing;
``search/index.py``: re-indexing) and enqueued with
:func:`enqueue_on_commit`, so that it exists only once the transaction that asked for it
commits: a rolled-back save leaves no task behind, and no worker runs a task before the rows
it reads are visible to it.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

logger = logging.getLogger("core.tasks")


def enqueue_on_commit(
    task: Task, *, on_error: Callable[[BaseException], None] | None = None, **kwargs
) -> TaskResult | None:
    """Enqueue ``task`` with ``kwargs`` so that it exists only once the transaction commits.

    The database backend's task is a row written in the transaction: it commits or rolls
    back with it, so it is enqueued at once. The immediate backend (the tests) runs the task
    at once, as the work ran before it was a task. Other queues (RQ on Redis) are enqueued
    on commit. Returns the task's result when it was enqueued now, None when it waits for
    the commit or the queue could not take it.

    A queue that cannot take the task (the database, Redis) is logged, never raised, since
    the work that asked for the task is saved all the same; ``on_error`` is then called with
    the error, and also when the task ran at once and failed, so that the caller keeps what
    the task would have done (an e-mail among the failed ones). An ``on_error`` that fails
    in turn is logged too: after the commit nothing may reach the request that committed,
    nor keep the transaction's other callbacks from running.
    """

    def failed(error: BaseException) -> None:
        if on_error is None:
            return
        try:
            with transaction.atomic():  # a failing on_error leaves the transaction usable
                on_error(error)
        except Exception:
            logger.exception("Task %s: what its failure asked for failed too", task.name)

    def enqueue() -> TaskResult | None:
        try:
            with transaction.atomic():
                result = task.enqueue(**kwargs)
        except Exception as error:  # the queue (database, Redis) cannot be reached
            # The arguments' names only: an e-mail's are its whole text.
            logger.exception("Task %s could not be queued (%s)", task.name, ", ".join(kwargs))
            failed(error)
            return None
        if result.status == TaskResultStatus.FAILED:  # run at once (immediate backend)
            failed(RuntimeError(f"task {task.name} {result.id} failed"))
        return result

    if isinstance(task.get_backend(), DatabaseBackend | ImmediateBackend):
        return enqueue()
    transaction.on_commit(enqueue, robust=True)
    return None

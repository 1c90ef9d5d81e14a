"""Run the background worker of the configured task backend (README: Background work).

Without REDIS_URL the tasks wait in the database: this runs django-tasks-db's `db_worker`.
With it they wait in Redis: this runs django-rq's `rqworker` with the job class
django-tasks-rq needs and RQ's scheduler, which starts the tasks planned for later (an
e-mail's next attempt). So the Makefile, compose and systemd start the same command
wherever the portal runs. `--burst` does the tasks that are due, then stops.
"""

from django.core.management import BaseCommand, call_command
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_rq import RQBackend


class Command(BaseCommand):
    help = "Run the background worker of the configured task backend (database or RQ)."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Do the due tasks, then stop.")

    def handle(self, *, burst: bool, verbosity: int, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if isinstance(backend, RQBackend):
            call_command(
                "rqworker",
                *sorted(backend.queues),
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        elif isinstance(backend, DatabaseBackend):
            call_command(
                "db_worker",
                queue_name=",".join(sorted(backend.queues)) or DEFAULT_TASK_QUEUE_NAME,
                batch=burst,
                reload=False,
                verbosity=verbosity,
                stdout=self.stdout,
            )
        else:
            self.stdout.write(f"{type(backend).__name__} runs tasks at once: no worker needed.")

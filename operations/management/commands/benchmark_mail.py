"""Time the coordinator's e-mail to N registered, then the worker that sends it.

Part of ``make benchmark`` (a throwaway SQLite database). The coordinator selects N
registrations in the admin and sends them a message (the action “Send an e-mail to the
selected”, through the test client): the request only enqueues a task per recipient, so it
must answer in under a second and open no connection to the mail server. Then the real
database worker (``db_worker``, as ``manage.py task_worker`` runs it) delivers every message
to an SMTP server on loopback (aiosmtpd, started here), and the benchmark reports messages
per second.
"""

import datetime
import io
import logging
import smtplib
import socket
import time
from contextlib import contextmanager
from unittest import mock

from aiosmtpd.controller import Controller
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from meetings.models import Meeting
from meetings.registration.models import Registration
from members.models import Institution, Person, User

TARGET_SECONDS = 1.0


class Sink:
    """An SMTP server's handler that takes every message and counts it."""

    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_sink():
    """A real SMTP server on loopback, and the portal's SMTP backend and the database task
    queue pointed at it."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ):
            yield sink
    finally:
        controller.stop()


@contextmanager
def counted_smtp_connections():
    """The connections opened to a mail server inside the block."""
    opened = []
    connect = smtplib.SMTP.connect

    def counting(self, *args, **kwargs):
        opened.append(args)
        return connect(self, *args, **kwargs)

    with mock.patch.object(smtplib.SMTP, "connect", counting):
        yield opened


def registrations_for_mailing(count: int) -> list[Registration]:
    """A meeting with ``count`` registered members, every tenth writing in English."""
    day = timezone.localdate() + datetime.timedelta(days=60)
    meeting = Meeting.objects.create(
        date=day,
        title="Benchmark-möte om e-post",
        slug=f"benchmark-epost-{day:%Y%m%d}-{Meeting.objects.count()}",
        is_published=True,
    )
    institution = Institution.objects.create(
        name="Benchmark-lärosätet för e-post",
        slug=f"benchmark-epost-{Institution.objects.count()}",
        kind=Institution.Kind.UNIVERSITY,
        member_since=datetime.date(2017, 1, 1),
    )
    first = User.objects.filter(username__startswith="mail").count()  # called again
    users = User.objects.bulk_create(
        User(
            username=f"mail{n}@example.org",
            email=f"mail{n}@example.org",
            approved_at=timezone.now(),
        )
        for n in range(first, first + count)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Mottagare {n}", institution=institution, user=user, email=user.email)
        for n, user in enumerate(users)
    )
    return Registration.objects.bulk_create(
        Registration(meeting=meeting, person=person, language="en" if n % 10 == 0 else "sv")
        for n, person in enumerate(people)
    )


def message_post(client: Client, registrations: list[Registration]):
    """The coordinator's “Send an e-mail to the selected”, confirmed with both texts."""
    return client.post(
        reverse("admin:registration_registration_changelist"),
        {
            "action": "send_message",
            "_selected_action": [registration.pk for registration in registrations],
            "subject_sv": "Praktisk information inför mötet",
            "body_sv": "Hej!\nVälkommen till mötet. Vi ses i foajén kl. 9.",
            "subject_en": "Practical information before the meeting",
            "body_en": "Hello!\nWelcome to the meeting. We meet in the foyer at 9.",
        },
    )


class Command(BaseCommand):
    help = "Time the coordinator's e-mail to N registered and the worker sending it."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)

    def handle(self, *args, count, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        setup_test_environment()  # the test client's host allowed
        call_command("migrate", verbosity=0)
        translation.activate("sv")
        registrations = registrations_for_mailing(count)
        coordinator = User.objects.create_superuser(
            username="benchmark-koordinator@example.org",
            email="benchmark-koordinator@example.org",
            password=None,
        )
        client = Client()
        client.force_login(coordinator)
        # The worker and the SMTP server log every task, e-mail and command: not here.
        for name in ("django_tasks", "django_tasks_db", "core.mail", "mail.log"):
            logging.getLogger(name).setLevel(logging.WARNING)
        with smtp_sink() as sink:
            queued_before = DBTaskResult.objects.filter(status="READY").count()
            with counted_smtp_connections() as connections:
                began = time.perf_counter()
                response = message_post(client, registrations)
                request_seconds = time.perf_counter() - began
            if response.status_code != 302:
                raise CommandError(f"The admin action answered {response.status_code}.")
            queued = DBTaskResult.objects.filter(status="READY").count() - queued_before
            received_in_request = sink.received
            verdict = "within" if request_seconds < TARGET_SECONDS else "OVER"
            self.stdout.write(
                f"mail: the coordinator's e-mail to {count} registered: the admin action "
                f"answered in {request_seconds:.2f} s ({verdict} the {TARGET_SECONDS:.0f} s "
                f"target), {queued} task(s) queued, {len(connections)} connections to the "
                f"mail server and {received_in_request} messages sent during the request"
            )
            began = time.perf_counter()
            call_command(
                "db_worker",
                batch=True,
                startup_delay=False,
                reload=False,
                verbosity=0,
                stdout=io.StringIO(),
            )
            worker_seconds = time.perf_counter() - began
            failed = DBTaskResult.objects.exclude(status="SUCCESSFUL").count()
        self.stdout.write(
            f"mail: the database worker sent {sink.received} messages to the SMTP server on "
            f"loopback in {worker_seconds:.2f} s: {sink.received / worker_seconds:.0f} "
            f"messages/s ({failed} tasks not successful)"
        )

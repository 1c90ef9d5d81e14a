"""Every e-mail leaves through a task (core/mail.py): the real database worker and the RQ
worker deliver to a real SMTP server on loopback (aiosmtpd, started here), a server that
refuses is tried again after a wait, and a mail that finally fails waits among the failed
e-mails. The other tests run tasks at once (tests/conftest.py)."""

import datetime
import email
import email.policy
import io
import logging
import os
import re
import socket
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail as core_mail
from core.mail import mail_send
from core.mail_preferences import mail_switch
from core.models import OutgoingMail
from tests.conftest import skip_or_fail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Sink:
    """An SMTP server's message handler: refuses the first ``refuse`` messages with a
    temporary error (451), then takes every message."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        self.received.append(
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.SMTP),
            )
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, and the portal's SMTP backend pointed at it."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    controller.stop()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE
    settings.MAIL_SEND_ATTEMPTS = 3
    settings.MAIL_RETRY_SECONDS = 60


def _message(subject="Välkommen till mötet i Umeå"):
    message = EmailMultiAlternatives(
        subject,
        "Hej Ada!\nVi ses på Umeå universitet.",
        "KLOSSnet <klossnet@kth.se>",
        ["ada@test.se"],
        alternatives=[("<p>Hej Ada!</p>", "text/html")],
    )
    message.attach("klossnet.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


def db_worker():
    """The worker as `manage.py db_worker` runs it, until the ready tasks are done."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())


def _time_passes():
    """The planned attempt's moment arrives (instead of sleeping until it does)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_the_database_worker_delivers_the_mail_to_the_smtp_server(smtp, database_tasks, caplog):
    assert mail_send(_message(), kind="registration/confirmation", language="sv")
    assert smtp.received == []  # queued, not sent in the request
    assert DBTaskResult.objects.get().status == "READY"
    with caplog.at_level(logging.INFO, logger="core.mail"):
        db_worker()
    ((recipients, received),) = smtp.received
    assert recipients == ["ada@test.se"]
    assert received["Subject"] == "Välkommen till mötet i Umeå"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "Vi ses på Umeå universitet." in parts["text/plain"].get_content()
    assert parts["text/html"].get_content().strip() == "<p>Hej Ada!</p>"
    assert parts["text/calendar"].get_filename() == "klossnet.ics"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not OutgoingMail.objects.exists()
    (record,) = [r for r in caplog.records if r.name == "core.mail"]
    assert "E-mail sent (registration/confirmation) to ada@test.se" in record.getMessage()


def test_a_refusing_server_is_tried_again_after_a_wait(smtp, database_tasks, caplog):
    smtp.refuse = 1
    mail_send(_message(), kind="registration/confirmation", language="sv")
    with caplog.at_level(logging.INFO, logger="core.mail"):
        db_worker()
        assert smtp.received == []
        retry = DBTaskResult.objects.get(status="READY")
        wait = retry.run_after - timezone.now()
        assert datetime.timedelta(seconds=50) < wait <= datetime.timedelta(seconds=60)
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        db_worker()  # too early: the attempt waits for its moment
        assert smtp.received == []
        _time_passes()
        db_worker()
    assert [recipients for recipients, _message in smtp.received] == [["ada@test.se"]]
    assert not OutgoingMail.objects.exists()
    messages = [r.getMessage() for r in caplog.records if r.name == "core.mail"]
    assert "451" in messages[0] and "attempt 1 of 3, next in 60 s" in messages[0]
    assert "E-mail sent" in messages[1] and "(attempt 2)" in messages[1]


def test_the_waits_grow_and_the_last_failure_is_kept_to_send_again(
    smtp, database_tasks, admin_client, caplog
):
    smtp.refuse = 3
    mail_send(_message(), kind="registration/confirmation", language="sv")
    waits = []
    with caplog.at_level(logging.INFO, logger="core.mail"):
        for _attempt in range(3):
            db_worker()
            waiting = DBTaskResult.objects.filter(status="READY").first()
            if waiting:
                waits.append(round((waiting.run_after - timezone.now()).total_seconds(), -1))
                _time_passes()
    assert waits == [60, 240]
    assert smtp.received == []
    failed = OutgoingMail.objects.get()
    assert failed.attempts == 3 and "451" in failed.error
    assert failed.kind == "registration/confirmation" and failed.language == "sv"
    assert failed.to == ["ada@test.se"]
    assert [a["filename"] for a in failed.attachments] == ["klossnet.ics"]
    last = [r for r in caplog.records if r.name == "core.mail"][-1]
    assert "NOT sent" in last.getMessage() and "after 3 attempt(s)" in last.getMessage()
    assert last.levelno == logging.ERROR

    # The coordinator's "send again" goes through the worker too.
    response = admin_client.post(
        "/admin/core/outgoingmail/",
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "1 e-postmeddelande ligger i kö för att skickas igen" in response.content.decode()
    assert OutgoingMail.objects.exists()
    db_worker()
    ((_recipients, received),) = smtp.received
    assert received["Subject"] == "Välkommen till mötet i Umeå"
    assert not OutgoingMail.objects.exists()


def test_a_mail_of_a_transaction_that_rolls_back_never_leaves(smtp, database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send(_message(), kind="registration/confirmation", language="sv")
        raise RuntimeError("the registration was not saved")
    db_worker()
    assert not DBTaskResult.objects.exists()
    assert smtp.received == []


@pytest.fixture
def rq_tasks(settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        skip_or_fail(
            "REDIS_URL is not set: the RQ task backend cannot be tested.",
            "Start redis-server and set REDIS_URL=redis://127.0.0.1:6379/0.",
        )
    queue = f"test-{uuid.uuid4().hex}"  # of this test only, in a Redis others may share
    settings.RQ_QUEUES = {queue: {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    import django_rq

    yield django_rq.get_queue(queue)
    django_rq.get_queue(queue).empty()


def test_the_rq_worker_delivers_the_mail_through_redis(smtp, rq_tasks, monkeypatch):
    from django_tasks_rq import Job
    from rq import SimpleWorker

    # The queue of this test: the task names its queue, the backend lists the queue.
    monkeypatch.setattr(
        core_mail, "deliver_task", core_mail.deliver_task.using(queue_name=rq_tasks.name)
    )
    assert mail_send(_message(), kind="registration/confirmation", language="sv")
    assert smtp.received == []
    assert rq_tasks.count == 1
    SimpleWorker([rq_tasks], connection=rq_tasks.connection, job_class=Job).work(burst=True)
    ((recipients, received),) = smtp.received
    assert recipients == ["ada@test.se"]
    assert received["Subject"] == "Välkommen till mötet i Umeå"
    assert rq_tasks.count == 0
    assert not OutgoingMail.objects.exists()


def test_the_portals_worker_command_runs_the_database_worker(smtp, database_tasks):
    """`manage.py task_worker`, as make run, compose and systemd start it."""
    mail_send(_message(), kind="registration/confirmation", language="sv")
    call_command("task_worker", burst=True, stdout=io.StringIO())
    assert [recipients for recipients, _message in smtp.received] == [["ada@test.se"]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_without_a_worker_backend_the_command_says_so(settings):
    out = io.StringIO()
    call_command("task_worker", burst=True, stdout=out)
    assert "ImmediateBackend runs tasks at once" in out.getvalue()


def test_the_portals_worker_command_runs_the_rq_worker_with_redis(smtp, rq_tasks, monkeypatch):
    monkeypatch.setattr(
        core_mail, "deliver_task", core_mail.deliver_task.using(queue_name=rq_tasks.name)
    )
    mail_send(_message(), kind="registration/confirmation", language="sv")
    assert rq_tasks.count == 1
    call_command("task_worker", burst=True, verbosity=0)
    assert [recipients for recipients, _message in smtp.received] == [["ada@test.se"]]
    assert rq_tasks.count == 0


def test_an_unsubscribe_holds_for_a_message_already_queued_and_its_retries(
    smtp, database_tasks, client
):
    """The one-click unsubscribe travels to the SMTP server; used while the message waits
    for a retry, the worker skips the retry."""
    ada = UserFactory(username="ada@test.se")
    optional = "registration/mailing"
    smtp.refuse = 1
    message = EmailMultiAlternatives("Nytt från mötet", "Hej Ada!", to=["ada@test.se"])
    assert mail_send(message, kind=optional, recipient=ada)
    db_worker()  # refused: a retry waits
    retry = DBTaskResult.objects.get(status="READY")
    header = retry.args_kwargs["kwargs"]["mail"]["headers"]["List-Unsubscribe"]
    path = re.sub(r"^<https?://[^/]+|>$", "", header)
    assert client.post(path).status_code == 200
    _time_passes()
    db_worker()
    assert smtp.received == []
    assert not OutgoingMail.objects.exists()

    # Switched on again, the next one arrives with its list headers on the wire.
    mail_switch(recipient=ada, kind=optional, on=True)
    mail_send(
        EmailMultiAlternatives("Igen", "Hej!", to=["ada@test.se"]), kind=optional, recipient=ada
    )
    db_worker()
    ((_recipients, received),) = smtp.received
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Unsubscribe"].strip().startswith("<http://localhost:8000/sv/")

"""core.mail.mail_send_many sends a batch over one connection to the mail server, each
message with its own outcome: one the server refuses is tried again (or kept) on its own,
the others still go, and a connection the server dropped is opened again."""

import smtplib
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult

from core import mail as core_mail
from core.mail import mail_send_many
from core.models import OutgoingMail
from tests.klossnet.test_tasks import DATABASE, _free_port, db_worker

pytestmark = pytest.mark.django_db(transaction=True)


class Sink:
    """Takes every message but those to the addresses in ``drop``, which it answers with
    421 (closing the connection, as a server going down does) or ``refuse`` with 451."""

    def __init__(self):
        self.drop, self.refuse, self.received = set(), set(), []

    async def handle_DATA(self, server, session, envelope):
        (to,) = envelope.rcpt_tos
        if to in self.drop:
            return "421 4.3.2 Service shutting down"
        if to in self.refuse:
            return "451 4.3.0 Try again later"
        self.received.append(to)
        return "250 OK"


@pytest.fixture
def smtp(settings):
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


@pytest.fixture
def connections():
    opened = []
    connect = smtplib.SMTP.connect

    def counting(self, *args, **kwargs):
        opened.append(args)
        return connect(self, *args, **kwargs)

    with mock.patch.object(smtplib.SMTP, "connect", counting):
        yield opened


def _messages(*names):
    return [
        (EmailMessage("Välkommen", f"Hej {name}!", to=[f"{name}@umu.se"]), "sv") for name in names
    ]


def test_a_batch_goes_over_one_connection(smtp, connections):
    tally = mail_send_many(
        _messages("ada", "grace", "alan", "edsger"), kind="registration/confirmation"
    )
    assert (tally.sent, tally.failed) == (4, 0)
    assert smtp.received == ["ada@umu.se", "grace@umu.se", "alan@umu.se", "edsger@umu.se"]
    assert len(connections) == 1


def test_a_large_mailing_is_one_task_per_batch(
    smtp,
    connections,
    database_tasks,
    monkeypatch,
):
    monkeypatch.setattr(core_mail, "BATCH_SIZE", 2)
    mail_send_many(_messages("ada", "grace", "alan"), kind="registration/confirmation")
    assert DBTaskResult.objects.count() == 2
    db_worker()
    assert len(smtp.received) == 3 and len(connections) == 2


def test_a_dropped_connection_fails_only_its_message_and_is_opened_again(smtp, connections):
    smtp.drop = {"grace@umu.se"}
    tally = mail_send_many(
        _messages("ada", "grace", "alan", "edsger"), kind="registration/confirmation"
    )
    assert smtp.received == ["ada@umu.se", "alan@umu.se", "edsger@umu.se"]
    assert (tally.sent, tally.failed) == (3, 1)
    (kept,) = OutgoingMail.objects.all()  # the immediate backend cannot wait: kept at once
    assert kept.to == ["grace@umu.se"] and "421" in kept.error
    assert len(connections) == 2


def test_a_refused_message_is_tried_again_on_its_own(
    smtp,
    connections,
    database_tasks,
):
    smtp.refuse = {"grace@umu.se"}
    mail_send_many(_messages("ada", "grace", "alan"), kind="registration/confirmation")
    db_worker()
    assert smtp.received == ["ada@umu.se", "alan@umu.se"]
    (retry,) = DBTaskResult.objects.filter(status="READY")
    assert retry.task_path.endswith("deliver_task")
    assert retry.args_kwargs["kwargs"]["mail"]["to"] == ["grace@umu.se"]
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert not OutgoingMail.objects.exists()

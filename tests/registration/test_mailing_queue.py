"""The coordinator's e-mail to many registered only enqueues: one task, whatever the number
of recipients, and no connection to the mail server in the request; the real database
worker then writes and delivers each person's message to an SMTP server on loopback
(``make benchmark`` times it for 500: operations/management/commands/benchmark_mail.py)."""

import email.header

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from operations.management.commands.benchmark_mail import (
    counted_smtp_connections,
    message_post,
    registrations_for_mailing,
)
from tests.klossnet.test_tasks import db_worker, smtp  # noqa: F401 - the SMTP sink fixture

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_message_to_many_is_one_task_and_the_worker_delivers_each(
    admin_client,
    smtp,  # noqa: F811
    settings,
):
    settings.TASKS = DATABASE
    registrations = registrations_for_mailing(30)
    with counted_smtp_connections() as connections:
        response = message_post(admin_client, registrations)
    assert response.status_code == 302
    assert connections == [] and smtp.received == []
    assert DBTaskResult.objects.get().status == "READY"
    page = admin_client.get(response.url).content.decode()
    assert "E-postmeddelandet till 30 anmälda skickas nu i bakgrunden" in page

    db_worker()
    subjects = {
        recipients[0]: str(email.header.make_header(email.header.decode_header(message["Subject"])))
        for recipients, message in smtp.received
    }
    assert len(subjects) == 30
    assert subjects["mail0@example.org"] == "Practical information before the meeting"
    assert subjects["mail1@example.org"] == "Praktisk information inför mötet"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
def test_the_request_costs_as_many_queries_for_50_recipients_as_for_5(admin_client, settings):
    settings.TASKS = DATABASE

    def queries(count: int) -> int:
        registrations = registrations_for_mailing(count)
        with CaptureQueriesContext(connection) as captured:
            assert message_post(admin_client, registrations).status_code == 302
        return len(captured)

    queries(1)  # the first request of the session looks up more
    assert queries(5) == queries(50)
    assert DBTaskResult.objects.count() == 3

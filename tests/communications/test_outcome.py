"""The record shows the outcome after the mail queue too: a message the mail server finally
refused (kept among the failed e-mails by the worker) is marked so on its delivery."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from communications.models import DELIVERY_HEADER, Delivery, Kind
from communications.services import communication_approve, communication_send_enqueue, plan_make
from core.models import OutgoingMail
from tests.failing_mail import BACKEND
from tests.klossnet.test_tasks import database_tasks  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_message_the_mail_server_finally_refused_shows_in_the_record(
    database_tasks,  # noqa: F811
    settings,
    coordinator_client,
    meeting,
    people,
):
    settings.EMAIL_BACKEND = BACKEND
    settings.MAIL_SEND_ATTEMPTS = 1
    plan_make(meeting=meeting)
    communication = communication_approve(
        communication=meeting.communications.get(kind=Kind.SAVE_THE_DATE), user=None
    )
    communication_send_enqueue(communication_pk=communication.pk)
    for _round in range(2):  # the send task, then the mail tasks it queued
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
        )
    assert OutgoingMail.objects.count() == 3
    ada = Delivery.objects.get(person=people["ada"])
    kept = OutgoingMail.objects.get(to=["ada@umu.se"])
    assert kept.headers[DELIVERY_HEADER] == str(ada.pk)
    page = coordinator_client.get(reverse("admin:communications_delivery_changelist"))
    assert page.content.decode().count("inte skickat: e-postservern tog inte emot det") == 3

    # Sent again from Failed e-mails: the record no longer says it failed.
    kept.delete()
    page = coordinator_client.get(reverse("admin:communications_delivery_changelist"))
    assert page.content.decode().count("inte skickat: e-postservern tog inte emot det") == 2

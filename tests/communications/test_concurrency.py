"""Two workers sending the same message at the same moment, against PostgreSQL: each
person gets it once. Both read who has had it before either writes (a barrier holds them
there), so both try every person; the unique delivery row lets one of them through."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from communications import services
from communications.models import Delivery, Kind
from communications.services import communication_approve, communication_send, plan_make

from .conftest import member

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (DATABASE_URL)"
)


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_message_at_once_send_each_person_one_email(
    meeting, institution, monkeypatch
):
    for n in range(12):
        member(institution, f"Medlem {n:02}", f"medlem{n:02}@umu.se")
    plan_make(meeting=meeting)
    communication = communication_approve(
        communication=meeting.communications.get(kind=Kind.SAVE_THE_DATE),
        user=None,
    )
    barrier = threading.Barrier(2, timeout=30)
    language_values = services.language_values

    def after_both_read_who_had_it(*args, **kwargs):
        barrier.wait()
        return language_values(*args, **kwargs)

    monkeypatch.setattr(services, "language_values", after_both_read_who_had_it)
    counts, errors = [], []

    def worker():
        try:
            counts.append(communication_send(communication_pk=communication.pk))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(counts) == 12
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == [f"medlem{n:02}@umu.se" for n in range(12)]
    assert Delivery.objects.filter(communication=communication).count() == 12

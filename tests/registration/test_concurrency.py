"""The last place, taken by two members at the same moment, against PostgreSQL.

The main thread holds the part's row lock while two threads register; once both wait on
the lock (seen in pg_locks), it lets go. Exactly one gets the place, the other waits.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from meetings.registration.models import Entry, Part
from meetings.registration.services import registration_create

from .conftest import make_member

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_members_taking_the_last_place_at_once_get_one_place_and_one_wait(
    meeting, parts, institution
):
    dinner = parts["dinner"]
    dinner.capacity = 1
    dinner.save()
    people = [make_member(institution, f"Racer {n}", f"racer{n}@test.se") for n in range(2)]
    results, errors = [], []

    def register(person):
        try:
            registration = registration_create(
                user=person.user, meeting=meeting, person=person, parts=[dinner], language="sv"
            )
            results.append(registration.entries.get().status)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    with transaction.atomic():
        Part.objects.select_for_update().get(pk=dinner.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, "the two registrations never reached the lock"
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(results) == [Entry.Status.CONFIRMED, Entry.Status.WAITLISTED]
    assert Entry.objects.filter(part=dinner, status=Entry.Status.CONFIRMED).count() == 1

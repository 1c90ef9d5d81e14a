"""A cancelled registration leaves a trace: kept as cancelled, with the time.

Its places go to the waiting lists and its personal notes go at once; the person may register
again. The member's own cancel and the coordinator's action both keep it; the coordinator's
delete (for a registration made by mistake) and erasing the person remove it.
"""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from communications.audiences import audience_recipients
from communications.models import Audience, Communication
from meetings.registration.models import Entry, Registration
from meetings.registration.selectors import attendees, managed_registrations
from meetings.registration.services import (
    door_registration_create,
    registration_cancel,
    registration_create,
    registration_notes_erase,
    registration_update,
)
from members.services import person_erase

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registration/registration/"


def register(user, meeting, person, parts, **extra):
    values = {"language": "sv", "listing_consent": True}
    values.update(extra)
    return registration_create(user=user, meeting=meeting, person=person, parts=parts, **values)


def action(client, name, registrations, **extra):
    data = {"action": name, "_selected_action": [r.pk for r in registrations], **extra}
    return client.post(CHANGELIST, data)


def test_a_members_cancellation_keeps_the_registration_as_cancelled_with_the_time(
    meeting, parts, ada
):
    registration = register(
        ada.user, meeting, ada, [parts["dinner"]], diet="Nötter", accessibility="Ramp"
    )
    when = timezone.now().replace(microsecond=0)
    registration_cancel(user=ada.user, registration=registration, now=when)
    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED
    assert registration.cancelled_at == when
    assert not registration.entries.exists()
    # What the cancellation e-mail promises: the notes are gone at once.
    assert (registration.diet, registration.accessibility) == ("", "")
    assert registration.notes_erased_at == when


def test_a_cancelled_place_goes_to_the_waiting_list(meeting, parts, ada, grace):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    mine = register(ada.user, meeting, ada, [parts["dinner"]])
    hers = register(ada.user, meeting, grace, [parts["dinner"]])
    assert hers.entries.get().status == Entry.Status.WAITLISTED
    registration_cancel(user=ada.user, registration=mine)
    assert hers.entries.get().status == Entry.Status.CONFIRMED
    assert parts["dinner"].entries.filter(status=Entry.Status.CONFIRMED).count() == 1


def test_a_cancelled_person_can_register_again(meeting, parts, ada):
    first = register(ada.user, meeting, ada, [parts["meeting"]])
    registration_cancel(user=ada.user, registration=first)
    again = register(ada.user, meeting, ada, [parts["meeting"]])
    assert again.pk != first.pk
    assert again.entries.get().status == Entry.Status.CONFIRMED
    assert list(Registration.objects.active()) == [again]
    assert list(Registration.objects.cancelled()) == [first]
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["dinner"]])
    assert "duplicate" in {e.code for e in excinfo.value.error_dict["person"]}


def test_the_database_keeps_one_standing_registration_per_person_and_meeting(meeting, parts, ada):
    first = register(ada.user, meeting, ada, [parts["meeting"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, person=ada)
    registration_cancel(user=ada.user, registration=first)
    Registration.objects.create(meeting=meeting, person=ada, cancelled_at=timezone.now())


def test_a_cancelled_registration_is_neither_coming_nor_managed_nor_changed(
    client, meeting, parts, ada, grace
):
    registration = register(ada.user, meeting, grace, [parts["meeting"]])
    registration_cancel(user=ada.user, registration=registration)
    assert attendees(meeting=meeting)["total"] == 0
    assert managed_registrations(meeting_ids=[meeting.pk], person=ada) == []
    with pytest.raises(ValidationError) as excinfo:
        registration_update(
            user=ada.user,
            registration=registration,
            parts=[parts["dinner"]],
            language="sv",
            listing_consent=False,
            diet="",
            accessibility="",
        )
    assert {e.code for e in excinfo.value.error_list} == {"cancelled"}
    with pytest.raises(ValidationError):
        registration_cancel(user=ada.user, registration=registration)
    client.force_login(ada.user)
    for name in ("registration:edit", "registration:cancel"):
        url = reverse(name, kwargs={"slug": meeting.slug, "pk": registration.pk})
        assert client.get(url).status_code == 404


def test_someone_who_cancelled_and_comes_anyway_is_added_at_the_door(
    meeting, parts, ada, coordinator
):
    cancelled = register(ada.user, meeting, ada, [parts["meeting"]])
    registration_cancel(user=ada.user, registration=cancelled)
    door = door_registration_create(
        meeting=meeting, part=parts["meeting"], marked_by=coordinator, person=ada
    )
    assert door.pk != cancelled.pk and door.added_at_door
    assert door.entries.get().attended


def test_erasing_a_person_removes_their_cancelled_registrations_too(meeting, parts, ada):
    registration_cancel(
        user=ada.user, registration=register(ada.user, meeting, ada, [parts["meeting"]])
    )
    register(ada.user, meeting, ada, [parts["meeting"]])
    person_erase(person=ada)
    assert not Registration.objects.exists()


def test_the_notes_retention_covers_cancelled_registrations(meeting, parts, ada):
    registration = Registration.objects.create(
        meeting=meeting, person=ada, diet="Nötter", cancelled_at=timezone.now()
    )
    days_after = (meeting.date - timezone.localdate()).days + 30
    assert (
        registration_notes_erase(
            days=30, today=timezone.localdate() + datetime.timedelta(days_after)
        )
        == 1
    )
    registration.refresh_from_db()
    assert registration.diet == ""


# --- The coordinator (not a superuser) -------------------------------------------------------


@pytest.fixture
def two(meeting, parts, ada, alan):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    return [
        register(ada.user, meeting, ada, [parts["dinner"]], diet="Vegan"),
        register(alan.user, meeting, alan, [parts["dinner"]], language="en"),
    ]


def test_the_coordinators_cancel_action_keeps_a_trace_and_moves_the_line(
    coordinator_client, django_capture_on_commit_callbacks, two
):
    ada_registration, alan_registration = two
    confirm = action(coordinator_client, "cancel_with_waiting_list", [ada_registration])
    assert confirm.status_code == 200
    assert "Ada Lovelace" in confirm.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            coordinator_client, "cancel_with_waiting_list", [ada_registration], confirm="yes"
        )
    assert response.status_code == 302
    ada_registration.refresh_from_db()
    assert ada_registration.is_cancelled and ada_registration.diet == ""
    assert alan_registration.entries.get().status == Entry.Status.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@test.se", "alan@annat.se"]
    assert "1 anmälan avbokades" in coordinator_client.get(response.url).content.decode()


def test_the_list_shows_the_state_and_filters_on_it(coordinator_client, two, ada):
    registration_cancel(user=ada.user, registration=two[0])
    page = coordinator_client.get(CHANGELIST).content.decode()
    when = timezone.localtime(Registration.objects.get(pk=two[0].pk).cancelled_at)
    assert f"avbokad {when:%-d} " in page
    assert page.count("Ada Lovelace") >= 1
    cancelled = coordinator_client.get(CHANGELIST, {"state": "cancelled"})
    assert list(cancelled.context["cl"].result_list) == [two[0]]
    standing = coordinator_client.get(CHANGELIST, {"state": "registered"})
    assert list(standing.context["cl"].result_list) == [two[1]]


def test_a_cancelled_registrations_change_form_shows_when_and_adds_no_places(
    coordinator_client, two, ada
):
    registration_cancel(user=ada.user, registration=two[0])
    page = coordinator_client.get(f"{CHANGELIST}{two[0].pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Avbokad" in html
    assert 'id="entries-empty"' not in html  # no row to add a place with


def test_exports_show_the_state_and_the_time_of_cancelling(coordinator_client, two, ada):
    registration_cancel(user=ada.user, registration=two[0])
    cancelled_at = timezone.localtime(Registration.objects.get(pk=two[0].pk).cancelled_at)
    content = action(coordinator_client, "export_csv", two).content.decode("utf-8-sig")
    rows = {row["Namn"]: row for row in csv.DictReader(io.StringIO(content))}
    assert rows["Ada Lovelace"]["Status"] == "avbokad"
    assert rows["Ada Lovelace"]["Avbokad"] == f"{cancelled_at:%Y-%m-%d %H:%M:%S}"
    assert rows["Alan Turing"]["Status"] == "anmäld"
    assert rows["Alan Turing"]["Avbokad"] == ""
    workbook = load_workbook(io.BytesIO(action(coordinator_client, "export_xlsx", two).content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    values = {
        row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    assert values["Ada Lovelace"]["Avbokad"] == cancelled_at.replace(tzinfo=None, microsecond=0)


def test_the_coordinators_message_skips_cancelled_registrations(
    coordinator_client, django_capture_on_commit_callbacks, two, ada
):
    registration_cancel(user=ada.user, registration=two[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action(
            coordinator_client,
            "send_message",
            two,
            subject_sv="Hej",
            body_sv="Välkomna",
            subject_en="Hello",
            body_en="Welcome",
        )
    assert [m.to for m in mail.outbox] == [["alan@annat.se"]]


def test_a_person_whose_registration_was_cancelled_counts_as_not_registered(
    meeting, parts, ada, institution
):
    registration_cancel(
        user=ada.user, registration=register(ada.user, meeting, ada, [parts["meeting"]])
    )
    reminder = Communication(meeting=meeting, audience=Audience.NOT_REGISTERED)
    assert ada in [recipient.person for recipient in audience_recipients(reminder)]
    registered = Communication(meeting=meeting, audience=Audience.REGISTERED)
    assert audience_recipients(registered) == []

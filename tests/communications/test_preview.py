"""The preview before sending, one-off messages, sending to many from the admin, and the
query counts of the admin pages at 20× data."""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from communications.models import Audience, Communication, Delivery, Kind, Moment
from communications.services import communication_approve, communication_send, plan_make
from meetings.registration.models import Part
from members.models import Person, Representation
from tests.factories import MeetingFactory

from .conftest import register

pytestmark = pytest.mark.django_db


def _preview(communication) -> str:
    return reverse("admin:communications_communication_preview", args=[communication.pk])


def test_the_preview_shows_the_exact_recipients_their_languages_and_both_texts(
    coordinator_client, meeting, people, outsider
):
    plan_make(meeting=meeting)
    save_the_date = meeting.communications.get(kind=Kind.SAVE_THE_DATE)
    response = coordinator_client.get(_preview(save_the_date))
    preview = response.context["preview"]
    assert [(row["recipient"].person.name, row["language"]) for row in preview["recipients"]] == [
        ("Ada Lovelace", "svenska"),
        ("Alan Turing", "engelska"),
        ("Grace Hopper", "svenska"),
    ]
    swedish, english = preview["renderings"]
    assert (swedish["code"], swedish["count"], english["count"]) == ("sv", 2, 1)
    assert swedish["subject"].startswith("Boka in datumet: Nätverksmöte i Umeå")
    assert swedish["body"].startswith("Hej Ada Lovelace!")
    assert english["subject"].startswith("Save the date: Network meeting in Umeå")
    assert english["body"].startswith("Dear Alan Turing,")
    page = response.content.decode()
    assert "Meddelandet går till 3 personer" in page
    assert "olle@example.org" not in page
    assert mail.outbox == []  # a preview sends nothing


def test_the_coordinator_approves_in_the_preview_and_it_waits_for_its_moment(
    coordinator_client, coordinator, meeting, people
):
    plan_make(meeting=meeting)
    practical = meeting.communications.get(kind=Kind.PRACTICAL_INFORMATION)
    response = coordinator_client.post(_preview(practical), {"_approve": "1"}, follow=True)
    assert "godkänt och skickas vid sin tidpunkt" in response.content.decode()
    practical.refresh_from_db()
    assert practical.approved_by == coordinator and practical.approved_at is not None
    assert mail.outbox == [] and not practical.deliveries.exists()


def test_the_coordinator_writes_a_one_off_message_to_one_part_previews_and_sends_it(
    coordinator_client, meeting, people, visit, parts
):
    register(meeting, people["ada"], [visit, parts[Part.Kind.MEETING]])
    register(meeting, people["alan"], [parts[Part.Kind.MEETING]], language="en")
    response = coordinator_client.post(
        reverse("admin:communications_communication_add"),
        {
            "meeting": meeting.pk,
            "kind": Kind.MESSAGE,
            "audience": Audience.PART,
            "part": visit.pk,
            "moment": Moment.ON_SEND,
            "days": 0,
            "subject_sv": "Ändrad samlingsplats",
            "body_sv": "Hej {name}! Vi samlas vid {parts}",
            "subject_en": "New meeting point",
            "body_en": "Dear {name}, we meet at {parts}",
            "is_enabled": "on",
            "position": 0,
        },
    )
    communication = Communication.objects.get(kind=Kind.MESSAGE)
    assert response.status_code == 302 and response["Location"] == _preview(communication)
    preview = coordinator_client.get(response["Location"]).context["preview"]
    assert [row["recipient"].email for row in preview["recipients"]] == ["ada@umu.se"]
    response = coordinator_client.post(_preview(communication), {"_send": "1"}, follow=True)
    assert "på väg till sina mottagare" in response.content.decode()
    ((message),) = mail.outbox
    assert message.to == ["ada@umu.se"] and message.subject == "Ändrad samlingsplats"
    assert "Studiebesök: Sliperiet" in message.body and "Sliperiets entré" in message.body


def test_a_one_off_message_to_all_members_needs_no_meeting(coordinator_client, people):
    response = coordinator_client.post(
        reverse("admin:communications_communication_add"),
        {
            "meeting": "",
            "kind": Kind.MESSAGE,
            "audience": Audience.MEMBERS,
            "moment": Moment.ON_SEND,
            "days": 0,
            "subject_sv": "Nyhetsbrev",
            "body_sv": "Hej {name}!",
            "subject_en": "Newsletter",
            "body_en": "Dear {name},",
            "is_enabled": "on",
            "position": 0,
        },
    )
    assert response.status_code == 302
    communication = Communication.objects.get()
    coordinator_client.post(_preview(communication), {"_send": "1"})
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        "ada@umu.se": "Nyhetsbrev",
        "grace@umu.se": "Nyhetsbrev",
        "alan@aalto.fi": "Newsletter",
    }


def _many_members(institution, count: int, start: int = 0) -> None:
    people = Person.objects.bulk_create(
        Person(name=f"Medlem {n:04}", institution=institution, email=f"medlem{n:04}@umu.se")
        for n in range(start, start + count)
    )
    Representation.objects.bulk_create(
        Representation(person=person, institution=institution, started_on=institution.member_since)
        for person in people
    )


def test_sending_to_500_from_the_admin_only_enqueues_and_returns_at_once(
    coordinator_client, meeting, institution, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _many_members(institution, 500)
    plan_make(meeting=meeting)
    save_the_date = meeting.communications.get(kind=Kind.SAVE_THE_DATE)
    started = time.monotonic()
    response = coordinator_client.post(
        reverse("admin:communications_communication_changelist"),
        {"action": "send_now", "_selected_action": [save_the_date.pk]},
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 1.0, f"the action took {elapsed:.2f} s"
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "communications.services.communication_send_task"
    assert not Delivery.objects.exists() and mail.outbox == []


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_preview_costs_the_same_queries_for_20_times_the_recipients(
    coordinator_client, meeting, institution, people, visit, parts
):
    plan_make(meeting=meeting)
    for kind in (Kind.SAVE_THE_DATE, Kind.PRACTICAL_INFORMATION):
        communication = meeting.communications.get(kind=kind)
        _many_members(institution, 5, start=1000 + 100 * len(kind))
        for person in Person.objects.filter(registrations__isnull=True)[:5]:
            register(meeting, person, [visit, parts[Part.Kind.DINNER]])
        communication_send(communication_pk=communication.pk)
        url = _preview(communication)
        small = _queries(coordinator_client, url)
        _many_members(institution, 100, start=2000 + 200 * len(kind))
        for person in Person.objects.filter(registrations__isnull=True)[:100]:
            register(meeting, person, [visit, parts[Part.Kind.MEETING]], language="en")
        assert _queries(coordinator_client, url) == small, kind


def test_the_lists_cost_the_same_queries_at_20_times_the_data(
    coordinator_client, institution, people, visit, parts
):
    def data(count: int) -> None:
        for _ in range(count):
            meeting = MeetingFactory()
            plan = plan_make(meeting=meeting)
            communication = communication_approve(communication=plan[0], user=None)
            for person in people.values():
                Delivery.objects.create(
                    communication=communication,
                    person=person,
                    email=person.email,
                    language="sv",
                    status=Delivery.Status.QUEUED,
                )
        Communication.objects.create(
            audience=Audience.PART,
            meeting=visit.meeting,
            part=visit,
            moment=Moment.ON_SEND,
            subject="Till studiebesöket",
            body="Hej",
        )

    urls = [
        reverse("admin:communications_communication_changelist"),
        reverse("admin:communications_delivery_changelist"),
        reverse("admin:communications_messagetemplate_changelist"),
        reverse("admin:meetings_meeting_change", args=[visit.meeting_id]),
    ]
    data(1)
    for url in urls:  # caches that fill on the first request (content types, permissions)
        _queries(coordinator_client, url)
    small = [_queries(coordinator_client, url) for url in urls]
    data(19)
    assert [_queries(coordinator_client, url) for url in urls] == small

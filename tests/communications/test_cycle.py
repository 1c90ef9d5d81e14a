"""The whole cycle of a meeting, end to end: the real database worker delivers to a real
SMTP server on loopback (aiosmtpd), in both languages, and an unsubscribe holds.

publish → save the date → registration opens → reminder to the not yet registered →
practical information (and at once to a late registrant) → follow-up to those who attended,
then a member who unsubscribed from save-the-dates does not get the next one. The periodic
round is the command the deployment runs (``communications_send_due``); time passing is the
meeting's moments moving past now.
"""

import datetime
import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from communications.models import Delivery, Kind
from meetings.models import StudyVisit
from meetings.registration.models import Entry, Part
from meetings.registration.services import registration_create, registration_setup
from tests.factories import MeetingFactory
from tests.klossnet.test_tasks import database_tasks, smtp  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def _work() -> None:
    """The worker, as `manage.py db_worker` runs it, until no task is ready (a send task
    queues one mail task per recipient)."""
    while DBTaskResult.objects.ready().exists():
        call_command(
            "db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO()
        )


def _round() -> None:
    """The periodic round (make run, compose, the systemd timer), then the worker."""
    call_command("communications_send_due", stdout=io.StringIO())
    _work()


class Inbox:
    def __init__(self, sink):
        self.sink = sink
        self.seen = 0

    def all(self) -> dict[str, list]:
        """Every message received since the last look, by recipient (To and Cc)."""
        fresh = self.sink.received[self.seen :]
        self.seen = len(self.sink.received)
        found = {}
        for recipients, message in fresh:
            for recipient in recipients:
                found.setdefault(recipient, []).append(message)
        return found

    def new(self) -> dict[str, object]:
        """The messages received since the last look: one per recipient."""
        found = {}
        for recipient, messages in self.all().items():
            assert len(messages) == 1, f"{recipient} got {len(messages)} messages at once"
            found[recipient] = messages[0]
        return found


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _subject(message) -> str:
    # A long encoded subject is folded onto a continuation line.
    return " ".join(str(message["Subject"]).split())


def _subjects(messages: dict) -> dict[str, str]:
    return {recipient: _subject(message) for recipient, message in messages.items()}


def _approve_the_plan(client, meeting) -> None:
    response = client.post(
        reverse("admin:communications_communication_changelist"),
        {
            "action": "approve",
            "_selected_action": list(meeting.communications.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302


def test_a_meeting_announces_reminds_and_follows_itself_up(
    smtp,  # noqa: F811
    database_tasks,  # noqa: F811
    coordinator_client,
    people,
):
    ada, grace, alan = people["ada"], people["grace"], people["alan"]
    inbox = Inbox(smtp)
    now = timezone.now()
    day = timezone.localdate() + datetime.timedelta(days=30)
    meeting = MeetingFactory(
        date=day,
        eve_date=day - datetime.timedelta(days=1),
        title_sv="Nätverksmöte i Umeå",
        title_en="Network meeting in Umeå",
        slug="natverksmote-umea",
        slug_en="network-meeting-umea",
        city="Umeå",
        venue="Umeå universitet",
        venue_en="Umeå University",
        dinner_note="Middag på Väven.",
        dinner_note_en="Dinner at Väven.",
        is_published=False,
    )
    StudyVisit.objects.create(meeting=meeting, name="Sliperiet", place="Sliperiets entré")
    registration_setup(meeting=meeting)
    window = meeting.registration_window
    window.opens_at = now + datetime.timedelta(days=1)
    window.closes_at = now + datetime.timedelta(days=20)
    window.save()
    parts = {part.kind: part for part in meeting.registration_parts.all()}

    # The round makes the plan from the defaults; the coordinator approves all of it.
    _round()
    assert meeting.communications.count() == 5
    _approve_the_plan(coordinator_client, meeting)
    _round()
    assert inbox.new() == {}  # not published yet: nothing is due

    # Published: save the date, to every member, each in their language.
    meeting.is_published = True
    meeting.save()
    _round()
    received = inbox.new()
    assert _subjects(received) == {
        "ada@umu.se": "Boka in datumet: Nätverksmöte i Umeå " + _dates(meeting, "sv"),
        "grace@umu.se": "Boka in datumet: Nätverksmöte i Umeå " + _dates(meeting, "sv"),
        "alan@aalto.fi": "Save the date: Network meeting in Umeå, " + _dates(meeting, "en"),
    }
    assert "Hej Ada Lovelace!" in _text(received["ada@umu.se"])
    assert "Dear Alan Turing," in _text(received["alan@aalto.fi"])
    save_the_date_to_alan = received["alan@aalto.fi"]
    _round()
    assert inbox.new() == {}  # sent once

    # Registration opens.
    window.opens_at = timezone.now() - datetime.timedelta(minutes=1)
    window.save()
    _round()
    received = inbox.new()
    assert set(received) == {"ada@umu.se", "grace@umu.se", "alan@aalto.fi"}
    assert _subject(received["ada@umu.se"]).startswith("Anmälan är öppen")
    assert _subject(received["alan@aalto.fi"]).startswith("Registration is open")
    assert "https://klossnet.example.org/en/members/registration/network-meeting-umea/" in (
        _text(received["alan@aalto.fi"])
    )

    # Ada and Alan register; each gets the confirmation (a receipt, through the worker).
    visit = parts[Part.Kind.STUDY_VISIT]
    registration_create(
        user=ada.user,
        meeting=meeting,
        person=ada,
        parts=[visit, parts[Part.Kind.DINNER], parts[Part.Kind.MEETING]],
        language="sv",
    )
    registration_create(
        user=alan.user,
        meeting=meeting,
        person=alan,
        parts=[parts[Part.Kind.MEETING]],
        language="en",
    )
    _work()
    confirmations = inbox.new()
    assert set(confirmations) == {"ada@umu.se", "alan@aalto.fi"}
    assert _subject(confirmations["alan@aalto.fi"]).startswith("Registration")

    # A week before registration closes: the reminder, only to Grace, not yet registered.
    window.closes_at = timezone.now() + datetime.timedelta(days=6)
    window.save()
    _round()
    received = inbox.new()
    assert _subjects(received) == {
        "grace@umu.se": "Påminnelse: anmälan till Nätverksmöte i Umeå stänger snart"
    }

    # A week before the meeting: practical information, each with their own parts.
    meeting.date = timezone.localdate() + datetime.timedelta(days=5)
    meeting.eve_date = meeting.date - datetime.timedelta(days=1)
    meeting.save()
    _round()
    received = inbox.new()
    assert _subjects(received) == {
        "ada@umu.se": "Praktisk information inför Nätverksmöte i Umeå",
        "alan@aalto.fi": "Practical information for Network meeting in Umeå",
    }
    ada_text, alan_text = _text(received["ada@umu.se"]), _text(received["alan@aalto.fi"])
    assert "Studiebesök: Sliperiet" in ada_text and "samlingsplats: Sliperiets entré" in ada_text
    assert "Middag på Väven." in ada_text
    assert "All-day meeting" in alan_text and "Sliperiet" not in alan_text

    # Ada registers her colleague Grace late: Grace gets the practical information at once.
    registration_create(
        user=ada.user, meeting=meeting, person=grace, parts=[parts[Part.Kind.DINNER]], language="sv"
    )
    _work()
    received = inbox.all()
    # Her confirmation (a copy to Ada, who registered her) and the practical information.
    assert [len(received["ada@umu.se"]), len(received["grace@umu.se"])] == [1, 2]
    practical = [m for m in received["grace@umu.se"] if "Praktisk information" in _subject(m)]
    assert _subject(practical[0]) == "Praktisk information inför Nätverksmöte i Umeå"
    assert "Middag på Väven." in _text(practical[0])

    # The meeting takes place; Ada and Grace came, Alan did not.
    meeting.date = timezone.localdate() - datetime.timedelta(days=4)
    meeting.eve_date = meeting.date - datetime.timedelta(days=1)
    meeting.save()
    Entry.objects.filter(registration__person__in=[ada, grace], part__kind="dinner").update(
        attendance=Entry.Attendance.ATTENDED
    )
    Entry.objects.filter(registration__person=alan).update(attendance=Entry.Attendance.ABSENT)
    _round()
    received = inbox.new()
    assert _subjects(received) == {
        "ada@umu.se": "Tack för att du deltog i Nätverksmöte i Umeå",
        "grace@umu.se": "Tack för att du deltog i Nätverksmöte i Umeå",
    }
    assert "https://klossnet.example.org/sv/moten/natverksmote-umea/#documents" in _text(
        received["ada@umu.se"]
    )
    _round()
    assert inbox.new() == {}

    # The record: who got what, and that nobody got anything twice.
    record = {
        (d.communication.kind, d.email, d.language, d.status)
        for d in Delivery.objects.select_related("communication")
    }
    assert len(record) == Delivery.objects.count() == 3 + 3 + 1 + 3 + 2
    assert (Kind.FOLLOW_UP, "ada@umu.se", "sv", "queued") in record

    # Alan unsubscribes from save-the-dates with the one-click link of the one he got
    # (RFC 8058: a POST, no login); the next meeting's save the date passes him by.
    # (A long header is folded; the address has no spaces.)
    header = "".join(str(save_the_date_to_alan["List-Unsubscribe"]).split()).strip("<>")
    assert str(save_the_date_to_alan["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    response = Client().post(urlsplit(header).path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    autumn = MeetingFactory(
        date=timezone.localdate() + datetime.timedelta(days=90),
        title_sv="Höstmötet i Luleå",
        title_en="The autumn meeting in Luleå",
        city="Luleå",
    )
    _round()
    _approve_the_plan(coordinator_client, autumn)
    _round()
    received = inbox.new()
    assert set(received) == {"ada@umu.se", "grace@umu.se"}
    assert _subject(received["ada@umu.se"]).startswith("Boka in datumet: Höstmötet i Luleå")
    skipped = Delivery.objects.get(communication__meeting=autumn, person=alan)
    assert skipped.status == Delivery.Status.SKIPPED


def _dates(meeting, language: str) -> str:
    with translation.override(language):
        return f"{date_format(meeting.eve_date, 'j F')}–{date_format(meeting.date, 'j F Y')}"

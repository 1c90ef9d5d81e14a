"""Due messages are found by their moment and sent once per person, in their language."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from communications.management.commands import communications_send_due as command
from communications.models import Audience, Communication, Delivery, Kind, Moment
from communications.services import (
    communication_approve,
    communication_is_due,
    communication_send,
    communications_send_due,
    plan_make,
)
from core.mail_preferences import mail_switch
from core.models import OutgoingMail
from meetings.registration.models import Entry, Part
from meetings.registration.services import registration_create
from members.services import person_erase

from .conftest import SITE, member, register

pytestmark = pytest.mark.django_db


def _approved(meeting, kind, coordinator=None) -> Communication:
    communication = meeting.communications.get(kind=kind)
    return communication_approve(communication=communication, user=coordinator)


def _sent_to() -> dict[str, object]:
    return {message.to[0]: message for message in mail.outbox}


@pytest.fixture
def plan(meeting):
    plan_make(meeting=meeting)
    return meeting


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def test_nothing_goes_before_the_coordinator_approves(plan, people):
    assert communications_send_due() == 0
    assert mail.outbox == []


def test_save_the_date_goes_when_the_meeting_is_published_to_every_member_in_their_language(
    plan, people, outsider
):
    plan.is_published = False
    plan.save()
    _approved(plan, Kind.SAVE_THE_DATE)
    assert communications_send_due() == 0  # approved, but the meeting is not published yet
    plan.is_published = True
    plan.save()
    assert communications_send_due() == 1
    sent = _sent_to()
    assert set(sent) == {"ada@umu.se", "grace@umu.se", "alan@aalto.fi"}
    assert sent["ada@umu.se"].subject.startswith("Boka in datumet: Nätverksmöte i Umeå")
    assert "Hej Ada Lovelace!" in sent["ada@umu.se"].body
    assert sent["alan@aalto.fi"].subject.startswith("Save the date: Network meeting in Umeå")
    assert "Dear Alan Turing," in sent["alan@aalto.fi"].body
    assert f"{SITE}en/" in sent["alan@aalto.fi"].body
    html = {mime: content for content, mime in sent["ada@umu.se"].alternatives}
    assert "Hej Ada Lovelace!" in html["text/html"]
    deliveries = Delivery.objects.filter(communication__kind=Kind.SAVE_THE_DATE)
    assert {(d.email, d.language, d.status) for d in deliveries} == {
        ("ada@umu.se", "sv", "queued"),
        ("grace@umu.se", "sv", "queued"),
        ("alan@aalto.fi", "en", "queued"),
    }
    # The next run finds it sent: nobody gets it twice.
    assert communications_send_due() == 0
    assert len(mail.outbox) == 3


def test_sending_again_reaches_only_those_who_had_it_not(plan, people, institution):
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    assert communication_send(communication_pk=communication.pk) == 3
    assert communication_send(communication_pk=communication.pk) == 0
    member(institution, "Katherine Johnson", "katherine@umu.se")
    assert communication_send(communication_pk=communication.pk) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@umu.se",
        "alan@aalto.fi",
        "grace@umu.se",
        "katherine@umu.se",
    ]


def test_a_message_switched_off_or_not_approved_never_goes(plan, people):
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    communication.is_enabled = False
    communication.save()
    assert communications_send_due() == 0
    assert communication_send(communication_pk=communication.pk) == 0
    draft = plan.communications.get(kind=Kind.REGISTRATION_OPEN)
    assert communication_send(communication_pk=draft.pk) == 0
    assert mail.outbox == []


def test_the_reminder_goes_days_before_closing_to_members_not_yet_registered(plan, people, parts):
    window = plan.registration_window
    window.closes_at = _at(plan.date - datetime.timedelta(days=10))
    window.save()
    register(plan, people["alan"], [parts[Part.Kind.MEETING]], language="en")
    reminder = _approved(plan, Kind.REGISTRATION_CLOSING)
    assert reminder.days == 7
    week_before = window.closes_at - datetime.timedelta(days=7)
    plan.refresh_from_db()
    reminder.refresh_from_db()
    assert not communication_is_due(
        communication=reminder, now=week_before - datetime.timedelta(minutes=1)
    )
    assert communication_is_due(communication=reminder, now=week_before)
    assert not communication_is_due(communication=reminder, now=window.closes_at)
    assert communications_send_due(now=week_before) == 1
    sent = _sent_to()
    assert set(sent) == {"ada@umu.se", "grace@umu.se"}
    assert "stänger" in sent["ada@umu.se"].subject
    closes = timezone.localtime(window.closes_at)
    assert f"{closes:%H:%M}" in sent["ada@umu.se"].body
    assert f"{SITE}sv/medlemmar/anmalan/natverksmote-umea/" in sent["ada@umu.se"].body


def test_registration_open_goes_when_the_window_opens_and_not_after_it_closed(plan, people):
    window = plan.registration_window
    window.opens_at = timezone.now() + datetime.timedelta(days=2)
    window.save()
    communication = _approved(plan, Kind.REGISTRATION_OPEN)
    communication = Communication.objects.select_related("meeting__registration_window").get(
        pk=communication.pk
    )
    now = timezone.now()
    assert not communication_is_due(communication=communication, now=now)
    assert communication_is_due(communication=communication, now=now + datetime.timedelta(days=2))
    after = _at(plan.start_date + datetime.timedelta(days=1))
    assert not communication_is_due(communication=communication, now=after)


def test_practical_information_lists_each_recipients_own_parts(plan, people, parts, visit):
    register(plan, people["ada"], [visit, parts[Part.Kind.DINNER], parts[Part.Kind.MEETING]])
    register(plan, people["alan"], [parts[Part.Kind.MEETING]], language="en")
    register(plan, people["grace"], [visit], status=Entry.Status.WAITLISTED)
    _approved(plan, Kind.PRACTICAL_INFORMATION)
    assert communications_send_due(now=_at(plan.start_date - datetime.timedelta(days=8))) == 0
    assert communications_send_due(now=_at(plan.start_date - datetime.timedelta(days=7))) == 1
    sent = _sent_to()
    assert set(sent) == {"ada@umu.se", "alan@aalto.fi"}  # not those only on a waiting list
    ada = sent["ada@umu.se"].body
    assert "Studiebesök: Sliperiet" in ada and "samlingsplats: Sliperiets entré" in ada
    assert "Middag" in ada and "Middag på Väven." in ada and "13:00–17:00" in ada
    alan = sent["alan@aalto.fi"].body
    assert "All-day meeting" in alan and "Umeå University, Umeå" in alan
    assert "Sliperiet" not in alan and "Dinner" not in alan


def test_someone_registering_after_the_practical_information_gets_it_at_once(
    plan, people, parts, django_capture_on_commit_callbacks
):
    register(plan, people["alan"], [parts[Part.Kind.MEETING]], language="en")
    communication = _approved(plan, Kind.PRACTICAL_INFORMATION)
    communication_send(communication_pk=communication.pk)
    assert [m.to for m in mail.outbox] == [["alan@aalto.fi"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            user=people["ada"].user,
            meeting=plan,
            person=people["ada"],
            parts=[parts[Part.Kind.DINNER]],
            language="sv",
        )
    subjects = {m.subject for m in mail.outbox if m.to == ["ada@umu.se"]}
    assert "Praktisk information inför Nätverksmöte i Umeå" in subjects
    assert not [m for m in mail.outbox if m.to == ["alan@aalto.fi"]]
    assert Delivery.objects.filter(communication=communication).count() == 2


def test_the_follow_up_goes_after_the_meeting_to_those_who_attended(plan, people, parts):
    register(plan, people["ada"], [parts[Part.Kind.MEETING]])
    register(plan, people["grace"], [parts[Part.Kind.DINNER]], status=Entry.Status.WAITLISTED)
    follow_up = _approved(plan, Kind.FOLLOW_UP)
    assert follow_up.days == 3
    assert communications_send_due(now=_at(plan.date + datetime.timedelta(days=2))) == 0
    assert communications_send_due(now=_at(plan.date + datetime.timedelta(days=3))) == 1
    ((message),) = mail.outbox
    assert message.to == ["ada@umu.se"]
    assert f"{SITE}sv/moten/natverksmote-umea/#documents" in message.body


def test_a_message_to_the_steering_group_goes_when_sent(people, steering):
    communication = Communication.objects.create(
        audience=Audience.STEERING_GROUP,
        moment=Moment.ON_SEND,
        subject_sv="Styrgruppsmöte",
        body_sv="Hej {name}, vi ses på tisdag.",
        subject_en="Steering group meeting",
        body_en="Dear {name}, see you on Tuesday.",
    )
    communication.full_clean()
    communication_approve(communication=communication, user=None)
    assert communications_send_due() == 0  # a one-off message goes when sent, not by a run
    assert communication_send(communication_pk=communication.pk) == 1
    ((message),) = mail.outbox
    assert message.to == ["grace@umu.se"]
    assert message.body.startswith("Hej Grace Hopper, vi ses på tisdag.")


def test_the_periodic_command_makes_plans_and_sends_what_is_due(meeting, people):
    call_command("communications_send_due", stdout=io.StringIO())
    assert meeting.communications.count() == 5
    _approved(meeting, Kind.SAVE_THE_DATE)
    out = io.StringIO()
    call_command("communications_send_due", stdout=out)
    assert "1 meddelande ligger i kö" in out.getvalue()
    assert len(mail.outbox) == 3


def test_erasing_a_person_removes_the_record_of_what_they_were_sent(plan, people):
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    communication_send(communication_pk=communication.pk)
    removed = person_erase(person=people["ada"])
    assert removed["utskick till mottagare"] == 1
    assert set(Delivery.objects.values_list("email", flat=True)) == {
        "grace@umu.se",
        "alan@aalto.fi",
    }


def test_a_member_who_switched_the_kind_off_is_skipped_and_that_is_recorded(plan, people):
    mail_switch(recipient=people["ada"].user, kind=Kind.SAVE_THE_DATE, on=False)
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    communication_send(communication_pk=communication.pk)
    assert set(_sent_to()) == {"grace@umu.se", "alan@aalto.fi"}
    skipped = Delivery.objects.get(person=people["ada"])
    assert skipped.status == Delivery.Status.SKIPPED
    # Every message carries the one-click unsubscribe of its kind.
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_the_language_a_login_chose_for_e_mails_is_used(plan, people):
    people["ada"].user.language = "en"
    people["ada"].user.save()
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    communication_send(communication_pk=communication.pk)
    assert _sent_to()["ada@umu.se"].subject.startswith("Save the date: Network meeting")
    assert Delivery.objects.get(person=people["ada"]).language == "en"


def test_once_attendance_is_taken_the_follow_up_goes_only_to_those_who_came(plan, people, parts):
    meeting_part = parts[Part.Kind.MEETING]
    came = register(plan, people["ada"], [meeting_part])
    register(plan, people["alan"], [meeting_part], language="en")
    came.entries.update(attendance=Entry.Attendance.ATTENDED)
    Entry.objects.filter(registration__person=people["alan"]).update(
        attendance=Entry.Attendance.ABSENT
    )
    follow_up = _approved(plan, Kind.FOLLOW_UP)
    communication_send(
        communication_pk=follow_up.pk, now=_at(plan.date + datetime.timedelta(days=3))
    )
    assert [m.to for m in mail.outbox] == [["ada@umu.se"]]


def test_the_round_queues_no_catch_up_while_nobody_new_registered(plan, people, parts):
    register(plan, people["alan"], [parts[Part.Kind.MEETING]], language="en")
    communication = _approved(plan, Kind.PRACTICAL_INFORMATION)
    communication_send(communication_pk=communication.pk)
    assert communications_send_due() == 0
    # One the signal missed (written past the model's save): the round finds it.
    register(plan, people["ada"], [parts[Part.Kind.DINNER]])
    assert communications_send_due() == 1
    assert [m.to for m in mail.outbox] == [["alan@aalto.fi"], ["ada@umu.se"]]


def test_the_looping_round_outlives_a_database_that_is_away(monkeypatch):
    rounds = []

    def round_():
        rounds.append(1)
        if len(rounds) == 1:
            raise DatabaseError("the server closed the connection")
        return 0

    def sleep(seconds):
        if len(rounds) >= 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(command, "communications_send_due", round_)
    monkeypatch.setattr(command.time, "sleep", sleep)
    with pytest.raises(KeyboardInterrupt):
        call_command("communications_send_due", every=5, stdout=io.StringIO())
    assert len(rounds) == 2


def test_a_failed_message_sent_again_skips_whoever_unsubscribed_since(
    plan, people, coordinator_client, settings
):
    """The failed e-mails' “Send again” reads the recipients' choices again: Ada switched
    the kind off after the first send, so only Alan gets it."""
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    communication = _approved(plan, Kind.SAVE_THE_DATE)
    communication_send(communication_pk=communication.pk)
    failed = {m.to[0]: m for m in OutgoingMail.objects.all()}
    assert {"ada@umu.se", "alan@aalto.fi"} <= set(failed)
    mail_switch(recipient=people["ada"].user, kind=communication.kind, on=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chosen = [failed["ada@umu.se"].pk, failed["alan@aalto.fi"].pk]
    response = coordinator_client.post(
        reverse("admin:core_outgoingmail_changelist"),
        {"action": "send_again", "_selected_action": chosen},
        follow=True,
    )
    assert [m.to for m in mail.outbox] == [["alan@aalto.fi"]]
    assert not OutgoingMail.objects.filter(pk__in=chosen).exists()
    assert "1 e-postmeddelande skickades inte och är raderat" in response.content.decode()

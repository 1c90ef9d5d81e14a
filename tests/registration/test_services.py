"""The rules of registering: who, when, which parts, places, the waiting list, e-mail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from meetings.registration.models import Entry, Part, Registration
from meetings.registration.services import (
    part_waiting_list_promote,
    person_registrations_erase,
    registration_cancel,
    registration_create,
    registration_notes_erase,
    registration_setup,
    registration_update,
    waiting_position,
)
from members.services import person_erase
from tests.factories import MeetingFactory, StudyVisitFactory, UserFactory

from .conftest import make_member

pytestmark = pytest.mark.django_db


def register(user, meeting, person, parts, **extra):
    values = {"language": "sv", "listing_consent": True, "diet": "", "accessibility": ""}
    values.update(extra)
    return registration_create(user=user, meeting=meeting, person=person, parts=parts, **values)


def statuses(registration):
    return {entry.part_id: entry.status for entry in registration.entries.all()}


def error_codes(excinfo) -> set[str]:
    error = excinfo.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_setup_creates_a_part_per_study_visit_the_dinner_and_the_meeting(meeting, parts):
    assert meeting.registration_parts.count() == 4
    assert parts["visit1"].study_visit.name == "Sliperiet"
    assert registration_setup(meeting=meeting) == []  # a second run adds nothing


def test_default_times_are_stockholm_times_on_the_right_days(meeting, parts):
    visit, dinner, day = parts["visit1"], parts["dinner"], parts["meeting"]
    assert (visit.start.date(), visit.start.hour, visit.end.hour) == (meeting.eve_date, 13, 17)
    assert (dinner.start.date(), dinner.start.hour) == (meeting.eve_date, 19)
    assert (day.start.date(), day.start.hour, day.end.hour) == (meeting.date, 9, 16)
    assert str(day.start.tzinfo) == "Europe/Stockholm"


def test_default_times_follow_the_time_zone_in_settings(meeting, parts, settings):
    settings.TIME_ZONE = "Europe/Helsinki"
    day = parts["meeting"]
    assert (day.start.date(), day.start.hour, day.end.hour) == (meeting.date, 9, 16)
    assert str(day.start.tzinfo) == "Europe/Helsinki"


def test_member_registers_and_gets_a_confirmation_with_calendar_events(
    django_capture_on_commit_callbacks, meeting, parts, ada
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            ada.user,
            meeting,
            ada,
            [parts["visit1"], parts["dinner"], parts["meeting"]],
            language="en",
            diet="Vegetarian",
        )
    assert set(statuses(registration).values()) == {Entry.Status.CONFIRMED}
    assert registration.registered_by == ada and not registration.is_substitute
    message = mail.outbox[-1]
    assert message.to == ["ada@test.se"]
    assert message.subject == "Registration received: Network meeting in Umeå"
    assert "Vegetarian" in message.body and "place confirmed" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("klossnet.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    starts = sorted(event.decoded("dtstart") for event in events)
    assert [(s.date(), s.hour) for s in starts] == [
        (meeting.eve_date, 13),
        (meeting.eve_date, 19),
        (meeting.date, 9),
    ]
    assert all(str(s.tzinfo) == "Europe/Stockholm" for s in starts)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    assert "DTSTART;TZID=Europe/Stockholm:" in content


def test_confirmation_is_in_swedish_for_a_swedish_registration(
    django_capture_on_commit_callbacks, meeting, parts, ada
):
    with django_capture_on_commit_callbacks(execute=True):
        register(ada.user, meeting, ada, [parts["meeting"]], language="sv")
    assert mail.outbox[-1].subject == "Anmälan mottagen: Nätverksmöte i Umeå"


def test_member_registers_a_colleague_as_substitute(
    django_capture_on_commit_callbacks, meeting, parts, ada, grace
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(ada.user, meeting, grace, [parts["meeting"]])
    assert registration.is_substitute and registration.registered_by == ada
    assert mail.outbox[-1].to == ["grace@test.se"] and mail.outbox[-1].cc == ["ada@test.se"]


def test_member_cannot_register_someone_from_another_institution(meeting, parts, ada, alan):
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, alan, [parts["meeting"]])
    assert error_codes(excinfo) == {"other_institution"}
    assert not Registration.objects.exists()


def test_non_member_cannot_register(meeting, parts, ada):
    outsider = UserFactory(username="outsider@example.org")
    with pytest.raises(ValidationError) as excinfo:
        register(outsider, meeting, ada, [parts["meeting"]])
    assert error_codes(excinfo) == {"not_member"}


def test_member_of_an_institution_that_left_cannot_register(meeting, parts, ada):
    ada.institution.member_until = timezone.localdate() - datetime.timedelta(days=1)
    ada.institution.save()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"]])
    assert error_codes(excinfo) == {"not_member"}


def test_a_person_registers_only_once_per_meeting(meeting, parts, ada):
    register(ada.user, meeting, ada, [parts["meeting"]])
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["dinner"]])
    assert error_codes(excinfo) == {"duplicate"}
    assert Registration.objects.count() == 1


def test_a_part_of_another_meeting_is_refused(meeting, parts, ada):
    other = MeetingFactory(date=meeting.date + datetime.timedelta(days=200))
    StudyVisitFactory(meeting=other)
    registration_setup(meeting=other)
    foreign = other.registration_parts.first()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"], foreign])
    assert error_codes(excinfo) == {"foreign_part"}
    assert not Registration.objects.exists()


def test_only_one_of_the_parallel_study_visits(meeting, parts, ada):
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["visit1"], parts["visit2"]])
    assert error_codes(excinfo) == {"two_study_visits"}


def test_at_least_one_part(meeting, ada):
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [])
    assert error_codes(excinfo) == {"no_parts"}


def test_registration_before_it_opens_is_refused_with_the_opening_time(meeting, parts, ada, window):
    window.opens_at = timezone.now() + datetime.timedelta(days=2)
    window.save()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"]])
    assert error_codes(excinfo) == {"closed"}
    assert "Anmälan öppnar" in excinfo.value.messages[0]


def test_registration_after_the_deadline_is_refused(meeting, parts, ada, window):
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.save()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"]])
    assert "Anmälan stängde" in excinfo.value.messages[0]


def test_without_a_deadline_registration_closes_at_midnight_before_the_first_day(
    meeting, parts, ada
):
    eve_midnight = timezone.make_aware(datetime.datetime.combine(meeting.eve_date, datetime.time()))
    register(
        ada.user, meeting, ada, [parts["meeting"]], now=eve_midnight - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        register(ada.user, meeting, ada, [parts["dinner"]], now=eve_midnight)


def test_unpublished_meeting_takes_no_registrations(meeting, parts, ada):
    meeting.is_published = False
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"]])
    assert error_codes(excinfo) == {"closed"}


def test_full_part_puts_the_next_person_on_its_waiting_list_only(
    meeting, parts, ada, grace, institution
):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    first = register(ada.user, meeting, ada, [parts["dinner"], parts["meeting"]])
    second = register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]])
    assert statuses(first)[parts["dinner"].pk] == Entry.Status.CONFIRMED
    assert statuses(second) == {
        parts["dinner"].pk: Entry.Status.WAITLISTED,
        parts["meeting"].pk: Entry.Status.CONFIRMED,
    }
    entry = second.entries.get(part=parts["dinner"])
    assert waiting_position(entry=entry) == 1


def test_cancelling_gives_the_place_to_the_first_on_the_waiting_list_and_tells_them(
    django_capture_on_commit_callbacks, meeting, parts, ada, institution
):
    parts["visit1"].capacity = 1
    parts["visit1"].save()
    register(ada.user, meeting, ada, [parts["visit1"]])
    bob = make_member(institution, "Bob", "bob@test.se")
    cleo = make_member(institution, "Cleo", "cleo@test.se")
    later = timezone.now() + datetime.timedelta(seconds=1)
    waiting_bob = register(bob.user, meeting, bob, [parts["visit1"]], language="en")
    waiting_cleo = register(cleo.user, meeting, cleo, [parts["visit1"]], now=later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(
            user=ada.user, registration=Registration.objects.get(person=ada)
        )
    assert [entry.registration for entry in promoted] == [waiting_bob]
    assert statuses(waiting_bob)[parts["visit1"].pk] == Entry.Status.CONFIRMED
    assert statuses(waiting_cleo)[parts["visit1"].pk] == Entry.Status.WAITLISTED
    assert waiting_position(entry=waiting_cleo.entries.get()) == 1
    assert [message.to for message in mail.outbox] == [["bob@test.se"], ["ada@test.se"]]
    message = mail.outbox[0]
    assert message.subject == "You have a place: Network meeting in Umeå"
    assert "Study visit: Sliperiet" in message.body
    assert len(Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")) == 1


def test_a_raised_capacity_moves_the_waiting_list_up(meeting, parts, ada, grace):
    parts["dinner"].capacity = 0
    parts["dinner"].save()
    first = register(ada.user, meeting, ada, [parts["dinner"]])
    second = register(ada.user, meeting, grace, [parts["dinner"]])
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    promoted = part_waiting_list_promote(part=parts["dinner"])
    assert [entry.registration for entry in promoted] == [first]
    assert statuses(second)[parts["dinner"].pk] == Entry.Status.WAITLISTED


def test_changing_parts_keeps_kept_places_and_frees_dropped_ones(meeting, parts, ada, grace):
    parts["visit1"].capacity = 1
    parts["visit1"].save()
    mine = register(ada.user, meeting, ada, [parts["visit1"], parts["meeting"]])
    hers = register(ada.user, meeting, grace, [parts["visit1"]])
    registration_update(
        user=ada.user,
        registration=mine,
        parts=[parts["visit2"], parts["meeting"]],
        language="en",
        listing_consent=False,
        diet="Nuts",
        accessibility="",
    )
    mine.refresh_from_db()
    assert statuses(mine) == {
        parts["visit2"].pk: Entry.Status.CONFIRMED,
        parts["meeting"].pk: Entry.Status.CONFIRMED,
    }
    assert (mine.language, mine.diet, mine.listing_consent) == ("en", "Nuts", False)
    assert statuses(hers)[parts["visit1"].pk] == Entry.Status.CONFIRMED


def test_a_cancellation_is_confirmed_by_e_mail_and_removes_the_calendar_events(
    django_capture_on_commit_callbacks, meeting, parts, ada, grace
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(ada.user, meeting, grace, [parts["meeting"], parts["visit1"]])
    confirmation = Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(user=ada.user, registration=registration)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    # To the person registered, a copy to the colleague who registered them; in Swedish.
    assert message.to == [grace.email] and message.cc == [ada.email]
    assert message.subject == "Anmälan avbokad: Nätverksmöte i Umeå"
    assert "är avbokad" in message.body and "kost och tillgänglighet är raderade" in message.body
    cancel = Calendar.from_ical(message.attachments[0][1])
    assert cancel["method"] == "CANCEL"
    events = cancel.walk("VEVENT")
    assert {str(event["uid"]) for event in events} == {
        str(event["uid"]) for event in confirmation.walk("VEVENT")
    }
    assert {str(event["status"]) for event in events} == {"CANCELLED"}


def test_a_refused_cancellation_sends_nothing(
    django_capture_on_commit_callbacks, meeting, parts, ada, window
):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        registration_cancel(user=ada.user, registration=registration)
    assert mail.outbox == []


def test_only_the_person_or_the_registering_colleague_may_change_or_cancel(
    meeting, parts, ada, grace, institution
):
    registration = register(ada.user, meeting, grace, [parts["meeting"]])
    dora = make_member(institution, "Dora", "dora@test.se")
    with pytest.raises(ValidationError) as excinfo:
        registration_cancel(user=dora.user, registration=registration)
    assert error_codes(excinfo) == {"not_yours"}
    registration_cancel(user=ada.user, registration=registration)
    assert not Registration.objects.active().exists()


def test_cancelling_after_the_deadline_is_refused(meeting, parts, ada, window):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.save()
    with pytest.raises(ValidationError):
        registration_cancel(user=ada.user, registration=registration)
    assert Registration.objects.count() == 1


def test_erasing_a_person_removes_their_registrations_and_moves_the_line(
    meeting, parts, ada, grace
):
    parts["meeting"].capacity = 1
    parts["meeting"].save()
    register(ada.user, meeting, grace, [parts["meeting"]])
    waiting = register(ada.user, meeting, ada, [parts["meeting"]])
    removed = person_erase(person=grace)
    assert removed == {"anmälningar": 1}
    assert statuses(waiting)[parts["meeting"].pk] == Entry.Status.CONFIRMED


def test_erasing_the_registering_colleague_keeps_the_substitutes_registration(
    meeting, parts, ada, grace
):
    registration = register(ada.user, meeting, grace, [parts["meeting"]])
    person_erase(person=ada)
    registration.refresh_from_db()
    assert registration.registered_by is None


def test_personal_notes_are_deleted_the_set_number_of_days_after_the_meeting(
    meeting, parts, ada, grace, settings
):
    settings.REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS = 30
    register(ada.user, meeting, ada, [parts["meeting"]], diet="Vegan", accessibility="Ramp")
    assert registration_notes_erase(today=meeting.date + datetime.timedelta(days=29)) == 0
    assert registration_notes_erase(today=meeting.date + datetime.timedelta(days=30)) == 1
    registration = Registration.objects.get()
    assert (registration.diet, registration.accessibility) == ("", "")
    assert registration.notes_erased_at is not None
    assert person_registrations_erase(person=grace) == {}


def test_the_management_command_deletes_notes_after_the_retention(meeting, parts, ada, settings):
    register(ada.user, meeting, ada, [parts["meeting"]], diet="Vegan")
    settings.REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS = -40  # the meeting is 30 days ahead
    call_command("registration_erase_notes", verbosity=0)
    assert Registration.objects.get().diet == ""


def test_the_part_kind_and_study_visit_go_together(meeting):
    part = Part(meeting=meeting, kind=Part.Kind.STUDY_VISIT)
    with pytest.raises(ValidationError):
        part.full_clean()


@pytest.mark.parametrize(
    "window_field, offset",
    [("publish_from", datetime.timedelta(days=1)), ("publish_until", -datetime.timedelta(hours=1))],
    ids=["scheduled-later", "publication-ended"],
)
def test_meeting_outside_its_publication_window_takes_no_registrations(
    meeting, parts, ada, window_field, offset
):
    # The service refuses by itself, whatever the view in front of it checks.
    setattr(meeting, window_field, timezone.now() + offset)
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        register(ada.user, meeting, ada, [parts["meeting"]])
    assert error_codes(excinfo) == {"closed"}
    assert "anmäler man sig inte i portalen" in excinfo.value.messages[0]
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_changing_a_registration_outside_the_publication_window_is_refused(meeting, parts, ada):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    meeting.publish_until = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        registration_update(
            user=ada.user,
            registration=registration,
            parts=[parts["dinner"]],
            language="sv",
            listing_consent=True,
            diet="",
            accessibility="",
        )
    assert error_codes(excinfo) == {"closed"}

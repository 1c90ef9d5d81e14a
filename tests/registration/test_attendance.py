"""Attendance on the day: the coordinator marks who attended, was excused or did not come,
checks people in for the part going on, and adds those who came without registering."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from meetings.registration.models import Entry, Registration
from meetings.registration.selectors import (
    attended_registrations,
    has_attended,
    meetings_attended,
)
from meetings.registration.services import (
    door_registration_create,
    entry_attendance_mark,
    part_current,
    registration_check_in,
)
from members.groups import coordinator_group_ensure
from members.services import person_erase
from tests.factories import MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def registered(meeting, person, *parts, status=Entry.Status.CONFIRMED) -> Registration:
    registration = Registration.objects.create(meeting=meeting, person=person)
    for part in parts:
        Entry.objects.create(registration=registration, part=part, status=status)
    return registration


@pytest.fixture
def coordinator(db):
    user = UserFactory(is_staff=True)
    user.groups.add(coordinator_group_ensure())
    return user


def test_the_coordinator_group_may_mark_attendance(coordinator):
    assert coordinator.has_perm("registration.mark_attendance")
    assert not UserFactory(is_staff=True).has_perm("registration.mark_attendance")


def test_marking_records_the_choice_who_marked_it_and_when(meeting, parts, ada, coordinator):
    registration = registered(meeting, ada, parts["meeting"])
    entry = registration.entries.get()
    moment = timezone.now()
    entry_attendance_mark(entry=entry, attendance="excused", marked_by=coordinator, now=moment)
    entry.refresh_from_db()
    assert (entry.attendance, entry.attendance_marked_by, entry.attendance_marked_at) == (
        Entry.Attendance.EXCUSED,
        coordinator,
        moment,
    )
    entry_attendance_mark(entry=entry, attendance="", marked_by=coordinator)
    entry.refresh_from_db()
    assert (entry.attendance, entry.attendance_marked_by, entry.attendance_marked_at) == (
        "",
        None,
        None,
    )


def test_an_unknown_attendance_is_refused(meeting, parts, ada, coordinator):
    entry = registered(meeting, ada, parts["meeting"]).entries.get()
    with pytest.raises(ValidationError):
        entry_attendance_mark(entry=entry, attendance="maybe", marked_by=coordinator)


def test_someone_on_the_waiting_list_who_comes_gets_the_place(meeting, parts, ada, coordinator):
    entry = registered(meeting, ada, parts["dinner"], status=Entry.Status.WAITLISTED).entries.get()
    with pytest.raises(ValidationError):
        entry_attendance_mark(entry=entry, attendance="absent", marked_by=coordinator)
    entry_attendance_mark(entry=entry, attendance="attended", marked_by=coordinator)
    entry.refresh_from_db()
    assert (entry.status, entry.attendance) == (Entry.Status.CONFIRMED, "attended")


def test_the_database_refuses_attendance_on_a_waiting_list_entry(meeting, parts, ada):
    entry = registered(meeting, ada, parts["dinner"], status=Entry.Status.WAITLISTED).entries.get()
    with pytest.raises(IntegrityError):
        Entry.objects.filter(pk=entry.pk).update(attendance="excused")


def test_the_current_part_is_the_one_going_on_else_the_last_begun(meeting, parts):
    all_parts = list(parts.values())
    visit, dinner, day = parts["visit1"], parts["dinner"], parts["meeting"]
    assert part_current(parts=all_parts, now=visit.start - datetime.timedelta(days=3)) in (
        parts["visit1"],
        parts["visit2"],
    )
    assert part_current(parts=all_parts, now=dinner.start + datetime.timedelta(minutes=5)) == dinner
    assert part_current(parts=all_parts, now=dinner.end + datetime.timedelta(hours=2)) == dinner
    assert part_current(parts=all_parts, now=day.start) == day
    assert part_current(parts=all_parts, now=day.end + datetime.timedelta(days=1)) == day
    assert part_current(parts=[], now=day.start) is None


def test_check_in_marks_attended_and_adds_a_part_not_registered_for(
    meeting, parts, ada, coordinator
):
    registration = registered(meeting, ada, parts["meeting"])
    registration_check_in(registration=registration, part=parts["dinner"], marked_by=coordinator)
    dinner = registration.entries.get(part=parts["dinner"])
    assert (dinner.status, dinner.attendance, dinner.attendance_marked_by) == (
        Entry.Status.CONFIRMED,
        "attended",
        coordinator,
    )
    assert registration.entries.get(part=parts["meeting"]).attendance == ""


def test_check_in_refuses_a_part_of_another_meeting(meeting, parts, ada, coordinator):
    other = MeetingFactory()
    registration = registered(other, ada)
    with pytest.raises(ValidationError):
        registration_check_in(
            registration=registration, part=parts["meeting"], marked_by=coordinator
        )


def test_someone_who_came_without_registering_is_added_at_the_door(
    meeting, parts, institution, coordinator
):
    registration = door_registration_create(
        meeting=meeting,
        part=parts["meeting"],
        marked_by=coordinator,
        name="Katherine Johnson",
        institution=institution,
        email="katherine@test.se",
    )
    assert registration.added_at_door
    assert registration.person.institution == institution
    entry = registration.entries.get()
    assert (entry.part, entry.attendance) == (parts["meeting"], "attended")


def test_a_known_person_at_the_door_keeps_one_registration(meeting, parts, ada, coordinator):
    registration = registered(meeting, ada, parts["meeting"])
    again = door_registration_create(
        meeting=meeting, part=parts["meeting"], marked_by=coordinator, person=ada
    )
    assert again.pk == registration.pk and not again.added_at_door
    assert again.entries.get().attendance == "attended"


def test_a_door_registration_needs_a_name(meeting, parts, coordinator):
    with pytest.raises(ValidationError):
        door_registration_create(meeting=meeting, part=parts["meeting"], marked_by=coordinator)


def test_attended_registrations_are_those_with_an_attended_part(
    meeting, parts, ada, grace, alan, coordinator
):
    came = registered(meeting, ada, parts["dinner"], parts["meeting"])
    registered(meeting, grace, parts["meeting"])  # not marked
    excused = registered(meeting, alan, parts["meeting"])
    entry_attendance_mark(
        entry=came.entries.get(part=parts["dinner"]), attendance="attended", marked_by=coordinator
    )
    entry_attendance_mark(entry=excused.entries.get(), attendance="excused", marked_by=coordinator)
    assert list(attended_registrations(meeting=meeting)) == [came]
    assert list(attended_registrations(meeting=meeting, part=parts["dinner"])) == [came]
    assert list(attended_registrations(meeting=meeting, part=parts["meeting"])) == []
    assert attended_registrations(meeting=meeting)[0].email == "ada@test.se"


def test_a_members_attended_meetings(meeting, parts, ada, alan, coordinator):
    registration = registered(meeting, ada, parts["meeting"])
    registered(meeting, alan, parts["meeting"])
    assert not has_attended(user=ada.user, meeting=meeting)
    registration_check_in(registration=registration, part=parts["meeting"], marked_by=coordinator)
    assert has_attended(user=ada.user, meeting=meeting)
    assert list(meetings_attended(user=ada.user)) == [meeting]
    assert not has_attended(user=alan.user, meeting=meeting)
    assert list(meetings_attended(user=alan.user)) == []
    assert not has_attended(user=PersonFactory().user, meeting=meeting)


def test_erasing_a_person_erases_their_attendance(meeting, parts, ada, coordinator):
    registration = registered(meeting, ada, parts["meeting"])
    registration_check_in(registration=registration, part=parts["meeting"], marked_by=coordinator)
    person_erase(person=ada)
    assert not Entry.objects.filter(registration__meeting=meeting).exists()
    assert not attended_registrations(meeting=meeting).exists()


def test_erasing_the_coordinator_keeps_the_attendance_they_marked(meeting, parts, ada):
    marker = PersonFactory(user=UserFactory(is_staff=True))
    registration = registered(meeting, ada, parts["meeting"])
    registration_check_in(registration=registration, part=parts["meeting"], marked_by=marker.user)
    person_erase(person=marker)
    entry = registration.entries.get()
    assert (entry.attendance, entry.attendance_marked_by) == ("attended", None)

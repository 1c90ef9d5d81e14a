import datetime

import pytest

from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from records.models import Record, RecordSection, Visibility
from tests.factories import (
    AgendaItemFactory,
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    RecordFactory,
    RecordSectionFactory,
    UserFactory,
)


def attend(user, meeting, attendance=Entry.Attendance.ATTENDED) -> None:
    """``user`` had a confirmed place in every part of ``meeting`` and, as the coordinator
    marked it, ``attendance``."""
    registration_setup(meeting=meeting)
    person = PersonFactory(user=user)
    registration = Registration.objects.create(meeting=meeting, person=person, language="sv")
    for part in meeting.registration_parts.all():
        Entry.objects.create(
            registration=registration,
            part=part,
            status=Entry.Status.CONFIRMED,
            attendance=attendance,
        )


@pytest.fixture
def member(db):
    return UserFactory(marked_as_member=True)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        date=datetime.date(2024, 5, 14), title_sv="Vårmötet", title_en="Spring", city_sv="Uppsala"
    )


@pytest.fixture
def record(meeting):
    """A final record with a public and a members-only part of several kinds."""
    record = RecordFactory(meeting=meeting, state=Record.State.FINAL)
    item = AgendaItemFactory(meeting=meeting, title_sv="Samverkan i praktiken")
    RecordSectionFactory(
        record=record,
        kind=RecordSection.Kind.SUMMARY,
        text_sv="Dagen handlade om samverkansarenor.",
        text_en="The day was about arenas for collaboration.",
    )
    RecordSectionFactory(
        record=record,
        kind=RecordSection.Kind.AGENDA_ITEM,
        agenda_item=item,
        text_sv="Punkten visade exempel från tre lärosäten.",
        text_en="The item showed examples from three institutions.",
    )
    RecordSectionFactory(
        record=record,
        kind=RecordSection.Kind.INSIGHT,
        text_sv="Ledningens stöd avgör.",
        text_en="Leadership support decides.",
    )
    RecordSectionFactory(
        record=record,
        kind=RecordSection.Kind.DECISION,
        text_sv="Hemlig överenskommelse om budgeten.",
        text_en="Confidential agreement on the budget.",
        visibility=Visibility.MEMBERS,
    )
    RecordSectionFactory(
        record=record,
        kind=RecordSection.Kind.QUOTE,
        text_sv="Vi lär oss mest av varandra.",
        text_en="We learn most from each other.",
        institution=InstitutionFactory(name_sv="Mittuniversitetet", slug_sv="miun"),
        person_name="Ada Lund",
        name_consent=True,
    )
    return record

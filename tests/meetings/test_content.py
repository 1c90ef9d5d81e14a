"""The seed archive: every meeting and round-table talk of seed 001, with hosts and date."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import AgendaItem, Meeting

# date, hosts (short names), city (sv), kind – exactly as the seed gives them.
SEED_MEETINGS = [
    ("2017-03-08", {"SLU", "UU"}, "Uppsala", "network_meeting"),
    ("2017-10-10", {"KTH", "SU", "KI", "SH"}, "Stockholm", "network_meeting"),
    ("2018-04-12", {"Chalmers"}, "Göteborg", "network_meeting"),
    ("2018-10-16", {"BTH", "HKr", "HH", "LU", "MAU", "SLU"}, "Malmö", "network_meeting"),
    ("2019-05-23", {"UmU"}, "Umeå", "network_meeting"),
    ("2019-11-06", {"HDa", "HiG"}, "Falun", "network_meeting"),
    ("2020-04-29", {"LiU"}, "", "network_meeting"),
    ("2020-11-05", set(), "", "network_meeting"),
    ("2021-04-14", {"ORU"}, "", "network_meeting"),
    ("2021-11-10", {"ORU"}, "", "network_meeting"),
    ("2022-04-07", set(), "Karlstad", "network_meeting"),
    ("2022-07-06", set(), "", "round_table"),
    ("2022-10-27", set(), "", "network_meeting"),
    ("2023-04-20", {"MDU"}, "", "network_meeting"),
    ("2023-06-30", set(), "", "round_table"),
    ("2023-10-26", {"ÅA"}, "", "network_meeting"),
]


@pytest.mark.parametrize(("day", "hosts", "city", "kind"), SEED_MEETINGS)
def test_every_seed_meeting_is_loaded_with_its_hosts_and_date(seeded, day, hosts, city, kind):
    meeting = Meeting.objects.get(date=datetime.date.fromisoformat(day))
    assert {host.short_name for host in meeting.hosts.all()} == hosts
    assert (meeting.city_sv or "") == city
    assert meeting.kind == kind
    assert meeting.is_published
    assert meeting.title_sv and meeting.title_en and meeting.title_sv != meeting.title_en


def test_the_archive_has_exactly_the_seed_meetings(seeded):
    assert Meeting.objects.count() == len(SEED_MEETINGS)


@pytest.mark.parametrize(
    ("day", "note"),
    [
        ("2020-04-29", "LiU/KLOSSnet styrgrupp"),
        ("2020-11-05", "KLOSSnet styrgrupp"),
        ("2021-04-14", "Örebro universitet / KLOSSnet styrgrupp"),
    ],
)
def test_steering_group_hosts_are_kept_as_written(seeded, day, note):
    meeting = Meeting.objects.get(date=datetime.date.fromisoformat(day))
    assert meeting.hosted_by_steering_group
    assert meeting.host_note_sv == note
    assert meeting.format == Meeting.Format.DIGITAL


def test_named_guests_are_in_the_agenda_in_both_languages(seeded):
    item = AgendaItem.objects.get(speakers_sv__startswith="Darja Isaksson")
    assert item.speakers_sv == "Darja Isaksson, generaldirektör, Vinnova"
    assert item.speakers_en == "Darja Isaksson, Director General, Vinnova"
    assert item.meeting.date == datetime.date(2019, 5, 23)
    assert AgendaItem.objects.filter(speakers_sv__contains="Matilda Ernkrans").exists()
    assert AgendaItem.objects.filter(speakers_sv__contains="Johan Schnürer").exists()
    assert AgendaItem.objects.filter(speakers_sv__contains="Alf Karlsson").exists()


def test_study_visits_are_loaded(seeded):
    falun = Meeting.objects.get(date=datetime.date(2019, 11, 6))
    assert [visit.name_sv for visit in falun.study_visits.all()] == [
        "Högskolan Dalarnas Mediahus",
        "Falu koppargruva",
    ]
    abo = Meeting.objects.get(date=datetime.date(2023, 10, 26))
    assert abo.study_visits.count() == 3


def test_photo_captions_are_text_and_no_image_is_fabricated(seeded):
    falun = Meeting.objects.get(date=datetime.date(2019, 11, 6))
    assert "orange hjälmar" in falun.photo_note_sv
    assert "orange helmets" in falun.photo_note_en
    karlstad = Meeting.objects.get(date=datetime.date(2022, 4, 7))
    assert "18 personer" in karlstad.photo_note_sv
    assert not Meeting.objects.filter(photos__isnull=False).exists()


def test_a_meeting_the_seed_says_nothing_about_stays_empty(seeded):
    meeting = Meeting.objects.get(date=datetime.date(2022, 10, 27))
    assert not meeting.hosts.exists()
    assert not meeting.hosted_by_steering_group
    assert not meeting.city_sv and not meeting.venue_sv and meeting.format == ""
    assert not meeting.agenda_items.exists()


def test_loading_again_changes_nothing_and_keeps_edits(seeded):
    meeting = Meeting.objects.get(date=datetime.date(2017, 3, 8))
    meeting.title_sv = "Ändrad av koordinatorn"
    meeting.save()
    counts = (Meeting.objects.count(), AgendaItem.objects.count())
    call_command("load_klossnet", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Meeting.objects.count(), AgendaItem.objects.count()) == counts
    meeting.refresh_from_db()
    assert meeting.title_sv == "Ändrad av koordinatorn"

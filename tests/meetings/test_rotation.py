"""Host rotation: never hosted first, then longest ago; joint hosting counts; ties by name."""

import datetime

import pytest

from meetings.services import HostSuggestion, next_hosts, rank_hosts
from members.models import Institution
from tests.factories import InstitutionFactory, MeetingFactory, MeetingHostFactory

D = datetime.date


def _institution(pk, name):
    return Institution(pk=pk, name=name)


def _names(suggestions: list[HostSuggestion]) -> list[str]:
    return [s.institution.name for s in suggestions]


def test_never_hosted_come_before_those_who_hosted():
    a, b, c = _institution(1, "Alfa"), _institution(2, "Beta"), _institution(3, "Gamma")
    ranked = rank_hosts([a, b, c], {1: D(2020, 1, 1), 3: D(2018, 1, 1)})
    assert _names(ranked) == ["Beta", "Gamma", "Alfa"]
    assert ranked[0].last_hosted is None and ranked[0].has_hosted is False


def test_longest_ago_comes_first_among_those_who_hosted():
    a, b = _institution(1, "Alfa"), _institution(2, "Beta")
    assert _names(rank_hosts([a, b], {1: D(2019, 1, 1), 2: D(2017, 1, 1)})) == ["Beta", "Alfa"]


def test_ties_are_broken_by_name_case_insensitively():
    institutions = [_institution(1, "örebro"), _institution(2, "Umeå"), _institution(3, "alfa")]
    assert _names(rank_hosts(institutions, {})) == ["alfa", "Umeå", "örebro"]
    same_day = {1: D(2019, 1, 1), 2: D(2019, 1, 1), 3: D(2019, 1, 1)}
    assert _names(rank_hosts(institutions, same_day)) == ["alfa", "Umeå", "örebro"]


def test_names_sort_in_swedish_alphabetical_order():
    names = ["Örebro", "Åbo", "Zeta", "Ängsö", "alfa"]
    institutions = [_institution(pk, name) for pk, name in enumerate(names, start=1)]
    assert _names(rank_hosts(institutions, {})) == ["alfa", "Zeta", "Åbo", "Ängsö", "Örebro"]


@pytest.mark.django_db
def test_joint_hosting_counts_for_each_host():
    never = InstitutionFactory(name="Cesium")
    first, second = InstitutionFactory(name="Argon"), InstitutionFactory(name="Bor")
    meeting = MeetingFactory(date=D(2020, 5, 1))
    MeetingHostFactory(meeting=meeting, institution=first)
    MeetingHostFactory(meeting=meeting, institution=second, position=1)
    suggestions = next_hosts(count=3, on=D(2024, 1, 1))
    assert [s.institution for s in suggestions] == [never, first, second]
    assert suggestions[1].last_hosted == D(2020, 5, 1) == suggestions[2].last_hosted


@pytest.mark.django_db
def test_the_latest_hosting_counts_and_count_limits_the_list():
    early, late = InstitutionFactory(name="Early"), InstitutionFactory(name="Late")
    MeetingHostFactory(meeting=MeetingFactory(date=D(2018, 1, 1)), institution=late)
    MeetingHostFactory(meeting=MeetingFactory(date=D(2022, 1, 1)), institution=late)
    MeetingHostFactory(meeting=MeetingFactory(date=D(2020, 1, 1)), institution=early)
    suggestions = next_hosts(count=1, on=D(2024, 1, 1))
    assert [s.institution for s in suggestions] == [early]


@pytest.mark.django_db
def test_only_current_members_are_proposed():
    InstitutionFactory(name="Left", member_until=D(2020, 1, 1))
    InstitutionFactory(name="Not yet", member_since=D(2030, 1, 1))
    InstitutionFactory(name="Never member", member_since=None)
    current = InstitutionFactory(name="Current")
    assert [s.institution for s in next_hosts(on=D(2024, 1, 1))] == [current]


@pytest.mark.django_db
def test_an_institution_booked_for_a_planned_meeting_is_not_proposed_first():
    booked, free = InstitutionFactory(name="Aaa booked"), InstitutionFactory(name="Zzz free")
    MeetingHostFactory(
        meeting=MeetingFactory(date=D(2030, 4, 1), is_published=False), institution=booked
    )
    assert [s.institution for s in next_hosts(on=D(2024, 1, 1))] == [free, booked]


def test_seed_rotation_puts_never_hosting_members_first(seeded):
    suggestions = next_hosts(count=40, on=D(2024, 1, 1))
    hosted = [s for s in suggestions if s.has_hosted]
    never = [s for s in suggestions if not s.has_hosted]
    assert never and hosted
    assert suggestions == never + hosted
    # KTH hosted (jointly) in 2017; Linnaeus University never has.
    assert "LNU" in {s.institution.short_name for s in never}
    assert "KTH" in {s.institution.short_name for s in hosted}
    # Örebro hosted twice (2021); its latest hosting counts.
    oru = next(s for s in hosted if s.institution.short_name == "ORU")
    assert oru.last_hosted == D(2021, 11, 10)
    assert [s.last_hosted for s in hosted] == sorted(s.last_hosted for s in hosted)

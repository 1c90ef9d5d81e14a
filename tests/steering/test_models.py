import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from steering.models import SteeringGroupMembership
from tests.factories import SteeringGroupMembershipFactory

pytestmark = pytest.mark.django_db

Role = SteeringGroupMembership.Role


def _today():
    return timezone.localdate()


def test_membership_without_end_is_current():
    membership = SteeringGroupMembershipFactory(started_on=_today() - datetime.timedelta(days=1))
    assert membership.is_current
    assert list(SteeringGroupMembership.objects.current()) == [membership]
    assert not SteeringGroupMembership.objects.former().exists()


def test_membership_that_ended_yesterday_is_former():
    membership = SteeringGroupMembershipFactory(
        started_on=datetime.date(2019, 1, 1), ended_on=_today() - datetime.timedelta(days=1)
    )
    assert not membership.is_current
    assert not SteeringGroupMembership.objects.current().exists()
    assert list(SteeringGroupMembership.objects.former()) == [membership]


def test_membership_ending_today_is_still_current():
    membership = SteeringGroupMembershipFactory(ended_on=_today())
    assert membership.is_current
    assert list(SteeringGroupMembership.objects.current()) == [membership]


def test_membership_starting_tomorrow_is_neither_current_nor_former():
    SteeringGroupMembershipFactory(started_on=_today() + datetime.timedelta(days=1))
    assert not SteeringGroupMembership.objects.current().exists()
    assert not SteeringGroupMembership.objects.former().exists()


def test_membership_with_unknown_start_counts_as_current():
    membership = SteeringGroupMembershipFactory(
        started_on=None, listed_on=datetime.date(2024, 2, 27)
    )
    assert membership.is_current
    assert list(SteeringGroupMembership.objects.current()) == [membership]


def test_current_on_a_past_date_gives_that_composition():
    earlier = SteeringGroupMembershipFactory(
        started_on=datetime.date(2018, 1, 1), ended_on=datetime.date(2019, 12, 31)
    )
    SteeringGroupMembershipFactory(started_on=datetime.date(2020, 1, 1))
    assert list(SteeringGroupMembership.objects.current(datetime.date(2019, 6, 1))) == [earlier]


def test_second_open_convener_is_refused_with_a_translated_message():
    first = SteeringGroupMembershipFactory(role=Role.CONVENER)
    second = SteeringGroupMembershipFactory.build(
        role=Role.CONVENER, person=SteeringGroupMembershipFactory().person
    )
    second.institution = second.person.institution
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        second.full_clean()
    message = " ".join(error.value.message_dict["role"])
    assert "redan en sammankallande" in message
    assert first.person.name in message


def test_database_refuses_two_open_conveners():
    SteeringGroupMembershipFactory(role=Role.CONVENER)
    with pytest.raises(IntegrityError), transaction.atomic():
        SteeringGroupMembershipFactory(role=Role.CONVENER)


def test_a_new_convener_may_follow_one_whose_period_ended():
    SteeringGroupMembershipFactory(
        role=Role.CONVENER,
        started_on=datetime.date(2017, 3, 8),
        ended_on=datetime.date(2020, 12, 31),
    )
    successor = SteeringGroupMembershipFactory.build(
        role=Role.CONVENER,
        started_on=datetime.date(2021, 1, 1),
        person=SteeringGroupMembershipFactory().person,
    )
    successor.institution = successor.person.institution
    successor.full_clean()  # no error
    successor.save()
    assert SteeringGroupMembership.objects.filter(role=Role.CONVENER).count() == 2


def test_overlapping_dated_conveners_are_refused():
    SteeringGroupMembershipFactory(
        role=Role.CONVENER,
        started_on=datetime.date(2017, 3, 8),
        ended_on=datetime.date(2020, 12, 31),
    )
    overlapping = SteeringGroupMembershipFactory.build(
        role=Role.CONVENER,
        started_on=datetime.date(2020, 6, 1),
        ended_on=datetime.date(2022, 12, 31),
        person=SteeringGroupMembershipFactory().person,
    )
    overlapping.institution = overlapping.person.institution
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "role" in error.value.message_dict


def test_several_members_at_once_are_fine():
    SteeringGroupMembershipFactory.create_batch(5, role=Role.MEMBER)
    assert SteeringGroupMembership.objects.current().count() == 5


def test_membership_cannot_end_before_it_starts():
    membership = SteeringGroupMembershipFactory.build(
        started_on=datetime.date(2020, 1, 1),
        ended_on=datetime.date(2019, 1, 1),
        person=SteeringGroupMembershipFactory().person,
    )
    membership.institution = membership.person.institution
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "ended_on" in error.value.message_dict


def test_title_falls_back_to_the_persons_title():
    membership = SteeringGroupMembershipFactory(title="")
    assert membership.shown_title == membership.person.title
    membership.title = "rektorsråd samverkan"
    assert membership.shown_title == "rektorsråd samverkan"

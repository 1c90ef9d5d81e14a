import datetime

import pytest
from django.db.models import ProtectedError

from members.models import Institution, Representation
from members.permissions import can_see_contact_details
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def test_representation_is_current_only_between_its_dates():
    past = RepresentationFactory(started_on=TODAY - 400 * DAY, ended_on=TODAY - DAY)
    current = RepresentationFactory(started_on=TODAY - 400 * DAY, ended_on=None)
    ends_today = RepresentationFactory(started_on=TODAY - 10 * DAY, ended_on=TODAY)
    future = RepresentationFactory(started_on=TODAY + DAY)

    assert not past.is_current
    assert current.is_current
    assert ends_today.is_current
    assert not future.is_current
    assert set(Representation.objects.current()) == {current, ends_today}


def test_current_members_follow_the_membership_dates():
    member = InstitutionFactory(member_since=datetime.date(2017, 3, 8))
    left = InstitutionFactory(
        member_since=datetime.date(2017, 3, 8), member_until=datetime.date(2021, 12, 31)
    )
    never = InstitutionFactory(member_since=None)
    joins_later = InstitutionFactory(member_since=TODAY + DAY)

    assert list(Institution.objects.current_members()) == [member]
    assert member.is_current_member
    assert not left.is_current_member
    assert not never.is_current_member
    assert not joins_later.is_current_member


def test_anonymous_visitor_sees_contact_details_only_with_consent(rf):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not can_see_contact_details(anonymous, PersonFactory(publication_consent=False))
    assert can_see_contact_details(anonymous, PersonFactory(publication_consent=True))


def test_member_sees_contact_details_without_consent():
    member = UserFactory(marked_as_member=True)
    assert can_see_contact_details(member, PersonFactory(publication_consent=False))


def test_institution_with_people_cannot_be_deleted():
    person = PersonFactory()
    with pytest.raises(ProtectedError):
        person.institution.delete()
    assert Institution.objects.filter(pk=person.institution.pk).exists()


def test_person_with_representation_cannot_be_deleted():
    representation = RepresentationFactory()
    with pytest.raises(ProtectedError):
        representation.person.delete()


def test_institution_with_a_successor_cannot_be_deleted_out_from_under_it():
    successor = InstitutionFactory(name="Mälardalens universitet")
    InstitutionFactory(name="Mälardalens högskola", successor=successor)
    with pytest.raises(ProtectedError):
        successor.delete()

"""Who the search indexes as a person: everyone with a public role, each once."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.search_documents import PersonProvider, _people_of
from tests.factories import (
    InstitutionFactory,
    PersonFactory,
    ProjectContactFactory,
    RepresentationFactory,
    SteeringGroupMembershipFactory,
    WorkingGroupMembershipFactory,
)


def test_a_person_in_every_role_is_one_person_and_one_without_a_role_is_none(db):
    busy = PersonFactory(name="Anna Många Roller")
    for year in (2017, 2019, 2021):
        RepresentationFactory(person=busy, started_on=datetime.date(year, 1, 1))
        SteeringGroupMembershipFactory(person=busy, started_on=datetime.date(year, 1, 1))
        WorkingGroupMembershipFactory(person=busy)
        ProjectContactFactory(person=busy)
    contact = ProjectContactFactory().person
    PersonFactory(name="Utan Roll")

    people = list(PersonProvider().queryset())
    assert people == sorted([busy, contact], key=lambda person: person.name)


def test_the_query_finds_roles_by_exists_not_by_joining_them(db):
    """ORed joins over four relations multiply a busy person's rows (three of each: 81)
    before DISTINCT folds them; EXISTS reads each relation once per person."""
    with CaptureQueriesContext(connection) as queries:
        list(PersonProvider().queryset())
    people = queries.captured_queries[0]["sql"].upper()
    assert "EXISTS" in people
    assert "DISTINCT" not in people
    assert "LEFT OUTER JOIN" not in people.split(" WHERE ")[0].replace(
        'LEFT OUTER JOIN "MEMBERS_INSTITUTION"', ""
    )


def test_the_people_of_an_institution_are_its_staff_representatives_and_steering_members(db):
    kth, other = InstitutionFactory(short_name="KTH"), InstitutionFactory()
    staff = PersonFactory(institution=kth)
    representative = RepresentationFactory(person__institution=other, institution=kth).person
    steering = SteeringGroupMembershipFactory(person__institution=other, institution=kth).person
    RepresentationFactory(person=staff, institution=kth)  # two ways in: still once
    PersonFactory(institution=other)

    assert sorted(_people_of(kth)) == sorted([staff.pk, representative.pk, steering.pk])

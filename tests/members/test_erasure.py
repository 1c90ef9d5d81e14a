import pytest
from django.urls import reverse

from members.models import Person, Representation, User
from members.services import person_erase
from tests.factories import PersonFactory, RepresentationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_person_removes_them_their_links_and_login():
    representation = RepresentationFactory()
    person = representation.person
    person.user = UserFactory()
    person.save()
    institution = representation.institution

    removed = person_erase(person=person)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Representation.objects.exists()
    assert not User.objects.filter(pk=person.user_id).exists()
    assert sum(removed.values()) == 1
    institution.refresh_from_db()  # the institution stays


def test_erasing_keeps_the_steering_group_and_projects_themselves(seeded):
    from projects.models import Project
    from steering.models import SteeringGroupMembership

    person = Person.objects.get(name="Helena Jerregård")
    projects_before = Project.objects.count()
    memberships_before = SteeringGroupMembership.objects.count()

    person_erase(person=person)

    assert Project.objects.count() == projects_before
    assert SteeringGroupMembership.objects.count() == memberships_before - 1
    assert "Helena Jerregård" not in str(Project.objects.get(acronym="SWE-CAM").contacts.all())


def test_coordinator_erases_a_person_after_confirming(admin_client):
    person = PersonFactory()
    RepresentationFactory(person=person, institution=person.institution)
    url = reverse("admin:members_person_changelist")
    data = {"action": "erase_people", "_selected_action": [person.pk]}

    confirmation = admin_client.post(url, data)
    assert confirmation.status_code == 200
    assert person.name in confirmation.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()  # nothing happens before confirming

    response = admin_client.post(url, {**data, "confirm_erase": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()

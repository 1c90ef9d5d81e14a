import pytest
from django.urls import reverse

from steering.models import SteeringGroup, SteeringGroupMembership
from tests.factories import PersonFactory, SteeringGroupMembershipFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/steering/steeringgroupmembership/add/"


def _form(person, **extra):
    return {
        "person": person.pk,
        "institution": person.institution_id,
        "role": "convener",
        "title_sv": "",
        "title_en": "",
        "started_on": "",
        "ended_on": "",
        "listed_on": "",
        "position": "0",
        **extra,
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Styrgruppen har redan en sammankallande under den här perioden"),
        ("en", "The steering group already has a convener for this period"),
    ],
)
def test_admin_refuses_a_second_convener_with_a_clear_error(admin_client, language, expected):
    current = SteeringGroupMembershipFactory(role="convener", person__name="Ann Sammankallande")
    newcomer = PersonFactory()
    response = admin_client.post(ADD_URL, _form(newcomer), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert current.person.name in html
    assert SteeringGroupMembership.objects.filter(role="convener").count() == 1


def test_admin_accepts_a_new_convener_once_the_previous_one_has_ended(admin_client):
    SteeringGroupMembershipFactory(role="convener", started_on="2017-03-08", ended_on="2023-12-31")
    newcomer = PersonFactory()
    response = admin_client.post(ADD_URL, _form(newcomer, started_on="2024-01-01"))
    assert response.status_code == 302
    assert SteeringGroupMembership.objects.filter(role="convener").count() == 2


def test_admin_filters_current_and_former_members(admin_client):
    SteeringGroupMembershipFactory(person__name="Nuvarande Ledamot")
    SteeringGroupMembershipFactory(
        person__name="Tidigare Ledamot", started_on="2017-01-01", ended_on="2018-01-01"
    )
    changelist = reverse("admin:steering_steeringgroupmembership_changelist")
    current = admin_client.get(changelist + "?current=yes").content.decode()
    assert "Nuvarande Ledamot" in current and "Tidigare Ledamot" not in current
    former = admin_client.get(changelist + "?current=no").content.decode()
    assert "Tidigare Ledamot" in former and "Nuvarande Ledamot" not in former


def test_steering_group_texts_are_edited_in_both_languages(admin_client, seeded):
    url = reverse("admin:steering_steeringgroup_change", args=[SteeringGroup.singleton_pk])
    html = admin_client.get(url).content.decode()
    assert 'name="tasks_sv"' in html and 'name="tasks_en"' in html
    # One row only: no second set of texts can be added.
    assert admin_client.get(reverse("admin:steering_steeringgroup_add")).status_code == 403


def test_working_group_admin_pages_open(admin_client, seeded):
    assert admin_client.get(reverse("admin:steering_workinggroup_changelist")).status_code == 200
    add = admin_client.get(reverse("admin:steering_workinggroup_add")).content.decode()
    assert 'name="name_sv"' in add and 'name="memberships-TOTAL_FORMS"' in add
    assert (
        admin_client.get(
            reverse("admin:steering_workinggroup_changelist") + "?status=ongoing"
        ).status_code
        == 200
    )

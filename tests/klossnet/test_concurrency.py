"""Two coordinators editing the same object: the second save is refused with a Swedish
message naming what changed, and nothing is overwritten."""

import pytest
from django.utils import translation

from members.models import Institution
from tests.admin_forms import change_form_data
from tests.factories import AgendaItemFactory, InstitutionFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def second_coordinator(client, django_user_model):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return change_form_data(response)


def test_the_second_save_of_the_same_meeting_is_refused(admin_client, second_coordinator):
    meeting = MeetingFactory(title="Möte i Umeå", summary="Kort.")
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    first = open_form(admin_client, url)
    second = open_form(second_coordinator, url)
    assert second["edit_token"]

    saved = admin_client.post(url, {**first, "title_sv": "Nätverksmöte i Umeå"})
    assert saved.status_code == 302

    refused = second_coordinator.post(url, {**second, "summary_sv": "En längre text."})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Någon annan sparade" in html
    assert "Ändrat under tiden: Rubrik [sv]." in html
    meeting.refresh_from_db()
    assert meeting.title_sv == "Nätverksmöte i Umeå"  # the first save stands
    assert meeting.summary_sv == "Kort."  # the second changed nothing


def test_a_change_to_the_agenda_in_the_meantime_is_named(admin_client, second_coordinator):
    meeting = MeetingFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    stale = open_form(second_coordinator, url)
    AgendaItemFactory(meeting=meeting, title="Ny punkt")

    refused = second_coordinator.post(url, {**stale, "title_sv": "Annan titel"})
    assert refused.status_code == 200
    assert "Ändrat under tiden: Dagordningspunkter." in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.title_sv != "Annan titel"


def test_saving_twice_in_a_row_from_fresh_forms_works(admin_client):
    meeting = MeetingFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    assert (
        admin_client.post(url, {**open_form(admin_client, url), "city_sv": "Luleå"}).status_code
        == 302
    )
    assert (
        admin_client.post(url, {**open_form(admin_client, url), "city_sv": "Kiruna"}).status_code
        == 302
    )
    meeting.refresh_from_db()
    assert meeting.city_sv == "Kiruna"


def test_a_tampered_token_is_refused(admin_client):
    meeting = MeetingFactory()
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = {**open_form(admin_client, url), "edit_token": "forged", "title_sv": "Forcerad"}
    assert admin_client.post(url, data).status_code == 200
    meeting.refresh_from_db()
    assert meeting.title_sv != "Forcerad"


def test_other_content_is_protected_too(admin_client, second_coordinator):
    institution = InstitutionFactory()
    url = f"/admin/members/institution/{institution.pk}/change/"
    stale = open_form(second_coordinator, url)
    Institution.objects.filter(pk=institution.pk).update(city_sv="Visby")

    refused = second_coordinator.post(url, {**stale, "short_name": "XYZ"})
    assert refused.status_code == 200
    assert "Ändrat under tiden: Ort [sv]." in refused.content.decode()
    institution.refresh_from_db()
    assert institution.short_name != "XYZ"

"""The coordinator's admin of guests: language tabs, autocomplete, the agenda item's guests."""

import pytest
from django.urls import reverse

from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    MeetingFactory,
    OrganisationFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("admin:guests_organisation_add", ["name_sv", "name_en", "short_name_en"]),
        ("admin:guests_guest_add", ["role_sv", "role_en"]),
    ],
)
def test_the_coordinator_writes_guests_in_both_languages(coordinator_client, url, fields):
    html = coordinator_client.get(reverse(url)).content.decode()
    for field in fields:
        assert f'name="{field}"' in html
    assert "admin-autocomplete" in html or url.endswith("organisation_add")


def test_the_agenda_item_autocomplete_names_the_meeting(coordinator_client):
    meeting = MeetingFactory(title_sv="Falunmötet")
    item = AgendaItemFactory(meeting=meeting, title_sv="K3-projekten")
    AgendaItemFactory(title_sv="Något annat")
    response = coordinator_client.get(
        reverse("admin:guests_talk_agenda_item_autocomplete"),
        {"app_label": "guests", "model_name": "talk", "field_name": "agenda_item", "term": "K3"},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results == [
        {"id": str(item.pk), "text": f"{meeting.date:%Y-%m-%d} Falunmötet: K3-projekten"}
    ]


def test_the_coordinator_adds_a_talk(coordinator_client):
    item = AgendaItemFactory()
    guest = GuestFactory()
    organisation = OrganisationFactory()
    response = coordinator_client.post(
        reverse("admin:guests_talk_add"),
        {
            "agenda_item": item.pk,
            "guest": guest.pk,
            "organisation": organisation.pk,
            "order": 0,
            "_save": "Spara",
        },
    )
    assert response.status_code == 302
    assert list(item.talks.values_list("guest", "organisation")) == [(guest.pk, organisation.pk)]


def test_the_agenda_item_inline_shows_its_guests(coordinator_client):
    talk = TalkFactory(guest=GuestFactory(name="Darja Isaksson"))
    html = coordinator_client.get(
        reverse("admin:meetings_meeting_change", args=[talk.agenda_item.meeting.pk])
    ).content.decode()
    assert "Darja Isaksson" in html
    assert reverse("admin:guests_talk_change", args=[talk.pk]) in html


def test_agenda_items_are_not_listed_in_the_admin_index(coordinator_client):
    html = coordinator_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:meetings_agendaitem_changelist") not in html
    assert reverse("admin:guests_guest_changelist") in html


def test_the_talk_list_offers_the_slides_link_in_each_language(coordinator_client):
    """One action per language of settings.LANGUAGES, named in the coordinator's language;
    the e-mail goes out in the language chosen (tests/guests/test_slides.py)."""
    TalkFactory(guest=GuestFactory(), organisation=OrganisationFactory())
    html = coordinator_client.get(
        reverse("admin:guests_talk_changelist"), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    assert '<option value="send_slides_link_sv">' in html
    assert '<option value="send_slides_link_en">' in html
    assert "Skicka gästen länken för presentationen (på svenska)" in html
    assert "Skicka gästen länken för presentationen (på engelska)" in html

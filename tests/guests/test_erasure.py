"""Erasing a guest: the person goes with every trace; the organisation's talk stays."""

import pytest
import reversion
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from guests.models import Guest, Talk
from guests.services import guest_erase
from tests.factories import AgendaItemFactory, GuestFactory, OrganisationFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_erasing_a_guest_keeps_the_organisations_talk_and_forgets_the_name():
    item = AgendaItemFactory(
        speakers_sv="Ada Gästsson, generaldirektör, Vinnova\nUKÄ",
        speakers_en="Ada Gästsson, Director General, Vinnova\nUKÄ",
    )
    guest = GuestFactory(name="Ada Gästsson", email="ada@example.org")
    with reversion.create_revision():
        guest.save()
    own = TalkFactory(guest=guest, agenda_item=AgendaItemFactory())
    for_vinnova = TalkFactory(guest=guest, agenda_item=item, organisation=OrganisationFactory())

    guest_erase(guest=guest)

    assert not Guest.objects.exists()
    assert not Talk.objects.filter(pk=own.pk).exists()
    kept = Talk.objects.get(pk=for_vinnova.pk)
    assert kept.guest is None and kept.organisation_id
    item.refresh_from_db()
    assert item.speakers_sv == "UKÄ" and item.speakers_en == "UKÄ"
    assert not Version.objects.filter(serialized_data__contains="Ada").exists()


def test_erasing_in_english_keeps_each_languages_own_lines():
    """Every language's speakers lose the guest's line and keep their own text, whatever the
    language active (an English admin once got the Swedish text in the English column)."""
    item = AgendaItemFactory(
        speakers_sv="Ada Gästsson, generaldirektör, Vinnova\nUKÄ:s generaldirektör",
        speakers_en="Ada Gästsson, Director General, Vinnova\nThe Director General of UKÄ",
    )
    guest = GuestFactory(name="Ada Gästsson")
    TalkFactory(guest=guest, agenda_item=item, organisation=OrganisationFactory())

    with translation.override("en"):
        guest_erase(guest=guest)

    item.refresh_from_db()
    assert item.speakers_sv == "UKÄ:s generaldirektör"
    assert item.speakers_en == "The Director General of UKÄ"


def test_the_admins_delete_erases_the_guest(coordinator_client):
    guest = GuestFactory(name="Bo Gästsson")
    talk = TalkFactory(guest=guest, organisation=OrganisationFactory())
    response = coordinator_client.post(
        reverse("admin:guests_guest_delete", args=[guest.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Guest.objects.exists()
    assert Talk.objects.get(pk=talk.pk).guest is None

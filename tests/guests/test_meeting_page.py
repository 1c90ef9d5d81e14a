"""The meeting page's agenda shows its guests as links to the guests page."""

import pytest

from tests.factories import AgendaItemFactory, GuestFactory, OrganisationFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_the_agenda_links_its_guests_instead_of_the_plain_text(client):
    item = AgendaItemFactory(speakers_sv="Darja Isaksson, generaldirektör, Vinnova")
    vinnova = OrganisationFactory(name_sv="Vinnova", slug="vinnova")
    guest = GuestFactory(name="Darja Isaksson", role_sv="generaldirektör", publicly_named=True)
    TalkFactory(agenda_item=item, guest=guest, organisation=vinnova)
    TalkFactory(agenda_item=item, guest=None, organisation=OrganisationFactory(name_sv="UKÄ"))
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert (
        f'href="/sv/moten/gaster/#guest-{guest.pk}">Darja Isaksson, generaldirektör, Vinnova</a>'
        in html
    )
    assert ">UKÄ</a>" in html


def test_an_agenda_item_without_talks_keeps_its_plain_text_speakers(client):
    item = AgendaItemFactory(speakers_sv="Maria Landgren")
    html = client.get(item.meeting.get_absolute_url()).content.decode()
    assert "<li>Maria Landgren</li>" in html

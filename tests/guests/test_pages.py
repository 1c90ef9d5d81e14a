"""The public guests page: who visited, grouped by kind of organisation, in both languages;
its place in the sitemap and the archive's navigation; its query count."""

import datetime
import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from guests.models import Organisation, Talk
from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    MeetingFactory,
    OrganisationFactory,
    TalkFactory,
)

pytestmark = pytest.mark.django_db


def _url(language: str) -> str:
    with translation.override(language):
        return reverse("guests:guest_list")


def test_the_page_has_a_translated_address():
    assert _url("sv") == "/sv/moten/gaster/"
    assert _url("en") == "/en/meetings/guests/"


def test_the_page_groups_organisations_by_kind_with_their_talks(client):
    meeting = MeetingFactory(title_sv="Umeåmötet", title_en="The Umeå meeting")
    item = AgendaItemFactory(meeting=meeting, title_sv="Forskningens roll", title_en="Research")
    vinnova = OrganisationFactory(name_sv="Vinnova", name_en="Vinnova", kind="agency")
    sfs = OrganisationFactory(
        name_sv="Sveriges förenade studentkårer",
        name_en="Swedish National Union of Students",
        kind=Organisation.Kind.STUDENT_UNION,
    )
    darja = GuestFactory(
        name="Darja Isaksson", role_sv="generaldirektör", role_en="Director General"
    )
    TalkFactory(agenda_item=item, guest=darja, organisation=vinnova)
    TalkFactory(agenda_item=item, guest=None, organisation=sfs)

    sv = client.get(_url("sv")).content.decode()
    assert sv.index("Myndighet") < sv.index("Vinnova") < sv.index("Studentkår")
    assert sv.index("Studentkår") < sv.index("Sveriges förenade studentkårer")
    assert f'id="guest-{darja.pk}"' in sv
    assert "Darja Isaksson, generaldirektör" in sv
    assert f'href="{meeting.get_absolute_url()}#agenda">Umeåmötet</a>: Forskningens roll' in sv

    with translation.override("en"):
        en = client.get(_url("en")).content.decode()
        assert "Swedish National Union of Students" in en and "Director General" in en
        assert f'href="{meeting.get_absolute_url()}#agenda">The Umeå meeting</a>: Research' in en


def test_a_person_not_publicly_named_is_not_named(client):
    guest = GuestFactory(name="Hemlig Hemligsson", role_sv="utredare", publicly_named=False)
    TalkFactory(guest=guest)
    html = client.get(_url("sv")).content.decode()
    assert "Hemlig" not in html
    assert "Utredare" in html


def test_talks_at_unpublished_meetings_are_not_shown(client):
    draft = AgendaItemFactory(meeting=MeetingFactory(is_published=False))
    TalkFactory(agenda_item=draft, guest=GuestFactory(name="Ej Publicerad"))
    assert "Ej Publicerad" not in client.get(_url("sv")).content.decode()


def test_the_archive_navigation_links_the_page(client):
    html = client.get(reverse("meetings:meeting_list")).content.decode()
    assert f'href="{_url("sv")}"' in html


def test_the_sitemap_lists_the_page_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{_url('sv')}</loc>" in xml
    assert f'hreflang="en" href="http://testserver{_url("en")}"' in xml


def _visits(times: int) -> None:
    for number in range(times):
        meeting = MeetingFactory(
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=30 * number)
        )
        organisation = OrganisationFactory(kind=Organisation.Kind.choices[number % 7][0])
        for item in AgendaItemFactory.create_batch(2, meeting=meeting):
            TalkFactory(agenda_item=item, organisation=organisation)
            TalkFactory(agenda_item=item, guest=GuestFactory(publicly_named=number % 2 == 0))


def test_the_page_has_a_constant_query_count(client):
    counts = []
    for times in (1, 20):
        _visits(times)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("sv")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def _benchdata(scale: int) -> None:
    call_command("benchdata", scale=scale, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_benchdata_adds_marked_guests_per_scale(seeded):
    _benchdata(2)
    assert Organisation.objects.filter(name_sv__startswith="[synthetic]").count() == 14
    assert (
        Talk.objects.filter(agenda_item__meeting__title_sv__startswith="[synthetic]").count() == 22
    )


@pytest.mark.parametrize("page", ["guests", "meeting"])
def test_pages_keep_their_query_count_at_20_times_the_seed(client, seeded, page):
    def url():
        if page == "guests":
            return _url("sv")
        return Meeting.objects.get(slug_sv="2019-11-06-falun").get_absolute_url()

    counts = []
    for scale in (0, 20):
        if scale:
            _benchdata(scale)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url()).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "Sandvik" in html
    if page == "guests":
        assert html.count("[synthetic] Organisation") > 20

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from members.models import Institution
from overview.geo import base_map, project
from overview.places import meeting_places
from tests.factories import InstitutionFactory, MeetingFactory, MeetingHostFactory

PLACES = "/sv/moten/motesplatser/"


# --- coordinates on institutions -------------------------------------------------------------
def test_every_seed_institution_has_coordinates_inside_its_country(seeded):
    for institution in Institution.objects.all():
        assert institution.has_coordinates, institution
        if institution.country == "SE":
            assert 55 < institution.latitude < 69.1 and 10.9 < institution.longitude < 24.2
    abo = Institution.objects.get(short_name="ÅA")
    assert (round(abo.latitude), round(abo.longitude)) == (60, 22)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [(Decimal("91"), Decimal("18"), "latitude"), (Decimal("59"), Decimal("-181"), "longitude")],
)
def test_coordinates_out_of_range_are_refused(db, latitude, longitude, field):
    institution = InstitutionFactory.build(latitude=latitude, longitude=longitude)
    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert field in error.value.message_dict


def test_latitude_without_longitude_is_refused_by_the_form_and_the_database(db):
    institution = InstitutionFactory.build(latitude=Decimal("59.3"), longitude=None)
    with pytest.raises(ValidationError) as error:
        institution.full_clean()
    assert "longitude" in error.value.message_dict
    with pytest.raises(IntegrityError):
        InstitutionFactory(latitude=Decimal("59.3"), longitude=None)


def test_admin_shows_the_coordinates_and_rejects_a_half_filled_pair(admin_client, seeded):
    kth = Institution.objects.get(short_name="KTH")
    url = reverse("admin:members_institution_change", args=[kth.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="latitude"' in html and "Plats på kartan" in html


def test_loading_again_fills_coordinates_only_where_none_are_set(seeded):
    kth = Institution.objects.get(short_name="KTH")
    kth.latitude, kth.longitude = Decimal("59.1"), Decimal("18.1")
    kth.save()
    su = Institution.objects.get(short_name="SU")
    su.latitude = su.longitude = None
    su.save()
    call_command("load_klossnet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    kth.refresh_from_db()
    su.refresh_from_db()
    assert kth.latitude == Decimal("59.1")  # the coordinator's value stays
    assert su.has_coordinates


# --- projection ---------------------------------------------------------------------------------
def test_projection_keeps_north_up_and_east_right():
    x_west, y_south = project(12.0, 56.0)
    x_east, y_north = project(22.0, 66.0)
    assert x_east > x_west and y_north > y_south


def test_places_fall_inside_the_drawing_and_keep_their_order():
    drawing = base_map()
    umea = drawing.point(20.305, 63.82)
    lund = drawing.point(13.193, 55.706)
    abo = drawing.point(22.278, 60.451)
    for x, y in (umea, lund, abo):
        assert 0 < x < drawing.width and 0 < y < drawing.height
    assert umea[1] < lund[1]  # Umeå is north of Lund: higher on the page
    assert abo[0] > umea[0]  # Åbo is east of Umeå
    assert drawing.sweden.startswith("M") and drawing.sweden.count("Z") >= 5


# --- the page -------------------------------------------------------------------------------------
def test_map_has_a_linked_point_with_an_accessible_name_for_every_place(client, seeded):
    response = client.get(PLACES)
    assert response.status_code == 200
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="map__place" aria-label="([^"]+)">', svg)
    found = meeting_places()
    assert len(links) == len(found.places) > 15
    assert ("/sv/larosaten/abo-akademi/", "Åbo Akademi: 1 möte") in links
    assert "<title" in svg and 'role="group"' in svg
    # The same places as text beside the map.
    listing = html[html.index('class="place-list"') :]
    for place in found.places:
        assert f'href="{place.url}"' in listing


def test_the_dates_write_the_month_as_swedish_does(client, seeded):
    """Lowercase, as Swedish writes months ("26 okt 2023"), never "26 Okt 2023"."""
    html = client.get(PLACES).content.decode()
    assert "26 okt 2023" in html
    assert not re.search(r"\d (Jan|Feb|Mar|Apr|Maj|Jun|Jul|Aug|Sep|Okt|Nov|Dec) \d{4}", html)


def test_a_city_without_a_host_is_a_meeting_place(client, seeded):
    places = {place.name: place for place in meeting_places().places}
    karlstad = places["Karlstad"]
    assert not karlstad.is_institution
    assert [m.date for m in karlstad.meetings] == [datetime.date(2022, 4, 7)]


def test_meetings_without_a_place_are_listed_not_guessed(client, seeded):
    found = meeting_places()
    assert datetime.date(2022, 10, 27) in [m.date for m in found.unplaced]
    assert [m.date for m in found.digital] == [datetime.date(2020, 11, 5)]


def test_unpublished_meetings_stay_off_the_map(client, seeded):
    host = InstitutionFactory(
        name="Hemliga högskolan", latitude=Decimal("60"), longitude=Decimal("15")
    )
    MeetingHostFactory(meeting=MeetingFactory(is_published=False), institution=host)
    response = client.get(PLACES)
    html = response.content.decode()
    assert "Hemliga högskolan" not in html[html.index("<svg") : html.index("</svg>")]
    assert host not in [record.institution for record in response.context["hosts"]()["hosted"]]
    assert host in response.context["hosts"]()["not_yet"]  # a member that has not hosted yet


def test_hosts_so_far_lists_who_hosted_and_which_members_have_not(client, seeded):
    response = client.get(PLACES)
    hosts = response.context["hosts"]()
    hosted = [record.institution.short_name for record in hosts["hosted"]]
    assert hosted[0] == "ÅA"  # the most recent host first
    assert "ORU" in hosted and "KAU" not in hosted
    not_yet = [institution.short_name for institution in hosts["not_yet"]]
    assert "KAU" in not_yet and "ORU" not in not_yet
    html = response.content.decode()
    assert "Värdar hittills" in html and "Har ännu inte varit värd" in html


def test_map_page_in_english_and_in_the_sitemap(client, seeded):
    with translation.override("en"):
        english = reverse("overview:places")
    assert english == "/en/meetings/where-we-have-met/"
    assert "Where we have met" in client.get(english).content.decode()
    xml = client.get("/sitemap.xml").content.decode()
    assert PLACES in xml and english in xml


def test_map_page_makes_no_external_request_and_has_no_inline_style(client, seeded):
    html = client.get(PLACES).content.decode()
    assert "style=" not in html
    assert not re.search(r'\b(cx|cy|x|y)="-?\d+,\d', html)  # no Swedish decimal commas
    assert not re.search(r'(src|href)="https?://', html.split("<footer")[0].split("</header>")[1])


def test_map_page_uses_the_same_queries_at_twenty_times_the_content(
    client, seeded, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PLACES).status_code == 200
    count = len(queries)
    call_command("benchdata", scale=20, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Meeting.objects.count() > 300
    with django_assert_num_queries(count):
        assert client.get(PLACES).status_code == 200


# --- the locator map on a meeting's page ---------------------------------------------------
def _hero(client, path) -> str:
    html = client.get(path).content.decode()
    return html[
        html.index('<div class="hero">') : html.index('<div class="wrap">', html.index("</dl>"))
    ]


def test_a_meeting_page_marks_its_hosts_city_on_the_maps_geometry(client, seeded):
    hero = _hero(client, "/sv/moten/2019-11-06-falun/")
    assert 'class="map map--locator"' in hero
    assert f'viewBox="{base_map().view_box}"' in hero  # the map page's drawing
    assert "Karta över Sverige som markerar Falun" in hero
    assert hero.count('class="map__point map__point--here"') == 2  # Falun and Gävle


def test_a_meeting_without_hosts_is_placed_by_its_city(client, seeded):
    hero = _hero(client, "/sv/moten/2022-04-07-karlstad/")
    assert hero.count('class="map__point map__point--here"') == 1


@pytest.mark.parametrize("path", ["/sv/moten/2022-10-27/", "/sv/moten/2020-11-05-digitalt-mote/"])
def test_a_meeting_the_map_cannot_place_has_no_locator(client, seeded, path):
    assert "map--locator" not in client.get(path).content.decode()

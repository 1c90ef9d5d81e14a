from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_start_page_shows_the_seed_text_in_swedish(client, seeded):
    html = client.get("/sv/").content.decode()
    assert "ledningsnätverk för dialog och erfarenhetsutbyte kring samverkan" in html
    assert "Drivkrafter och incitament för samverkan" in html
    assert "Studiebesök dagen innan" in html
    assert "Röster om KLOSSnet" in html
    assert "Mikael Östling" in html and "Coco Norén" in html


def test_start_page_shows_the_seed_text_in_english(client, seeded):
    html = client.get("/en/").content.decode()
    assert "national leadership network for dialogue" in html
    assert "Driving forces and incentives for collaboration" in html
    assert "Voices on KLOSSnet" in html


def test_about_page_tells_the_history(client, seeded):
    html = client.get("/sv/om-klossnet/").content.decode()
    for fact in [
        "2013–2016",
        "KLOSS AkUt",
        "Chalmers",
        "37 tackade ja",
        "Behöver inte komma överens",
    ]:
        assert fact in html
    html = client.get("/en/about/").content.decode()
    for fact in ["2013–2016", "Jönköping University", "37 accepted", "Need not agree"]:
        assert fact in html


def test_footer_has_contact_accessibility_and_privacy_links(client, seeded):
    html = client.get("/sv/").content.decode()
    assert "Johan Blaus" in html
    assert 'href="/sv/tillganglighet/"' in html
    assert 'href="/sv/integritetspolicy/"' in html


def test_accessibility_statement_has_what_the_law_requires(client, seeded):
    html = client.get("/sv/tillganglighet/").content.decode()
    assert "KTH" in html
    assert "delvis förenlig" in html
    assert "https://www.digg.se/tdosanmalan" in html
    assert "23 november 2026" in html
    assert "axe-core" in html


def test_privacy_page_names_the_controller(client, seeded):
    html = client.get("/en/privacy/").content.decode()
    assert "data controller" in html


def test_missing_page_gives_the_sites_404_in_the_readers_language(client, seeded):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert '<html lang="en">' in html
    assert "Traceback" not in html
    response = client.get("/sv/finns-inte/")
    assert "Sidan hittades inte" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_has_no_debug_detail(client, seeded):
    from network.views import server_error

    response = server_error(client.get("/sv/").wsgi_request)
    assert response.status_code == 500
    assert b"Traceback" not in response.content


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("network.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for private in ["/admin/", "/sv/konto/", "/en/account/", "/sv/medlemmar/", "/en/members/"]:
        assert f"Disallow: {private}\n" in text


def test_favicon_ico_leads_to_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")

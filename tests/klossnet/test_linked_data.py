"""schema.org JSON-LD and Open Graph: parsed and checked field by field."""

import json
import re
from urllib.parse import urlparse

import pytest
from django.utils import translation

from meetings.models import Meeting
from projects.models import Project

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert match, f"no {name}"
    return match.group(1)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_meeting_is_an_event_with_location_organizer_and_study_visits(client, seeded, language):
    meeting = (
        Meeting.objects.published().filter(study_visits__isnull=False, hosts__isnull=False).first()
    )
    with translation.override(language):
        url = meeting.get_absolute_url()
        title = meeting.title
    event = json_ld(client.get(url).content.decode())
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == title
    assert event["inLanguage"] == language
    assert event["startDate"] == meeting.start_date.isoformat()
    assert event["endDate"] == meeting.date.isoformat()
    assert event["url"].endswith(url)
    assert event["location"]["@type"] in {"Place", "VirtualLocation"}
    organizers = event["organizer"]
    assert organizers[0]["@type"] == "Organization" and organizers[0]["name"] == "KLOSSnet"
    assert {o["name"] for o in organizers[1:]} == {
        h.institution.name for h in meeting.hostings.all()
    } or language == "en"
    assert len(event["subEvent"]) == meeting.study_visits.count()
    for visit in event["subEvent"]:
        assert visit["@type"] == "Event"
        assert visit["name"] and visit["startDate"] and visit["location"]


def test_a_place_has_an_address_with_the_city(client, seeded):
    meeting = (
        Meeting.objects.published()
        .filter(city__isnull=False)
        .exclude(city="")
        .exclude(format="digital")
        .first()
    )
    event = json_ld(client.get(meeting.get_absolute_url()).content.decode())
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"]["addressLocality"] == meeting.city


@pytest.mark.parametrize("language", ["sv", "en"])
def test_start_page_describes_the_network_with_its_member_institutions(client, seeded, language):
    from members.models import Institution

    organization = json_ld(client.get(f"/{language}/").content.decode())
    assert organization["@type"] == "Organization"
    assert organization["name"] == "KLOSSnet"
    assert organization["inLanguage"] == language
    members = organization["member"]
    assert len(members) == Institution.objects.current_members().count() > 0
    assert all(m["@type"] == "CollegeOrUniversity" and m["name"] and m["url"] for m in members)
    assert all(f"/{language}/" in m["url"] for m in members)


def test_project_page_describes_a_project(client, seeded):
    project = Project.objects.filter(participants__isnull=False).first()
    data = json_ld(client.get(project.get_absolute_url()).content.decode())
    assert data["@type"] == "Project"
    assert data["name"] == project.name
    assert data["parentOrganization"]["name"] == "KLOSSnet"
    assert len(data["member"]) == project.participants.count()


def test_an_on_site_meeting_without_a_place_is_at_its_host(client, seeded):
    meeting = (
        Meeting.objects.published()
        .filter(city__isnull=True, venue__isnull=True, format="on_site", hosts__isnull=False)
        .first()
    )
    event = json_ld(client.get(meeting.get_absolute_url()).content.decode())
    assert event["location"]["@type"] == "Place"
    assert event["location"]["name"] == meeting.hostings.first().institution.name


def test_json_ld_cannot_end_its_script_element(client, seeded):
    meeting = Meeting.objects.published().first()
    meeting.title = "</script><script>alert(1)</script>"
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["name"] == meeting.title


def _public_paths(client, language: str) -> list[str]:
    sitemap = client.get("/sitemap.xml").content.decode()
    paths = [urlparse(loc).path for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)]
    return [path for path in paths if path.startswith(f"/{language}/")]


@pytest.mark.parametrize(("language", "locale"), [("sv", "sv_SE"), ("en", "en_GB")])
def test_every_public_page_has_open_graph_and_a_description_in_its_language(
    client, seeded, language, locale
):
    paths = _public_paths(client, language)
    assert len(paths) > 10
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert meta(html, "name", "description").strip(), path
        assert meta(html, "property", "og:title").strip(), path
        assert meta(html, "property", "og:description") == meta(html, "name", "description")
        assert meta(html, "property", "og:locale") == locale
        assert meta(html, "property", "og:url").endswith(path)


def test_open_graph_speaks_the_pages_language(client, seeded):
    sv = client.get("/sv/om-klossnet/").content.decode()
    en = client.get("/en/about/").content.decode()
    assert meta(sv, "property", "og:title") != meta(en, "property", "og:title")
    assert "KLOSSnet is a" not in meta(sv, "property", "og:description")

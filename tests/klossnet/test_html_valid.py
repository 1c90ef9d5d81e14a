"""The Nu Html Checker finds no errors on any public page, in either language."""

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.test import Client

from members.groups import coordinator_group_ensure
from tests.factories import UserFactory
from tests.showcase import showcase_load

# The checker reads the markup of the seed's pages (README: Tests and CI).
pytestmark = [pytest.mark.slow, pytest.mark.backend_independent]

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_every_page_in_the_sitemap_is_valid_html(vnu, client, seeded, tmp_path):
    sitemap = client.get("/sitemap.xml")
    paths = [
        urlparse(loc.text).path
        for loc in ET.fromstring(sitemap.content).findall("s:url/s:loc", SITEMAP_NS)
    ]
    assert any(path.startswith("/sv/") for path in paths)
    assert any(path.startswith("/en/") for path in paths)
    files = {}
    for number, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"{number:03d}.html"
        file.write_bytes(response.content)
        files[str(file)] = path
    assert vnu(files) == ""


def test_the_pages_the_seed_alone_does_not_show_are_valid_html(vnu, client, seeded, tmp_path):
    """The start page's next-meeting card and record highlights, a meeting with its final
    record and photos, an upcoming meeting, an institution with its representative and
    participation, a theme nothing links to (tests/showcase.py), and the contact form's
    confirmation, validation error and refusal, in both languages."""
    coordinator = UserFactory(username="samordnare@kth.se", is_staff=True)
    coordinator.groups.add(coordinator_group_ensure())
    responses = {}
    for path in [path for paths in showcase_load().values() for path in paths]:
        responses[path] = client.get(path)
        assert responses[path].status_code == 200, path
    message = {"name": "Anna Berg", "email": "anna@example.org", "message": "Hej!"}
    for path in ("/sv/kontakt/", "/en/contact/"):
        invalid = client.post(path, {**message, "email": "inte-en-adress"})
        sent = client.post(path, message, follow=True)
        refused = Client(enforce_csrf_checks=True).post(path, message)
        assert (invalid.status_code, sent.status_code, refused.status_code) == (200, 200, 403)
        assert "anna@example.org" in sent.content.decode()  # the confirmation names it
        responses.update({f"{path} invalid": invalid, f"{path} sent": sent, f"{path} 403": refused})
    files = {}
    for number, (name, response) in enumerate(responses.items()):
        file = tmp_path / f"{number:03d}.html"
        file.write_bytes(response.content)
        files[str(file)] = name
    assert vnu(files) == ""

"""The Nu Html Checker finds no errors on any public page, in either language."""

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

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

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from tests.axe import serious_violations  # noqa: F401 - the browser tests import it from here
from tests.seed_snapshot import load_seed

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server with KLOSSnet's content loaded."""
    load_seed()
    return live_server


def sitemap_paths(page, base_url: str) -> list[str]:
    """Every public page the sitemap lists, as paths."""
    response = page.request.get(f"{base_url}/sitemap.xml")
    assert response.ok
    tree = ET.fromstring(response.body())
    return [urlparse(loc.text).path for loc in tree.findall("s:url/s:loc", SITEMAP_NS)]

import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

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


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]

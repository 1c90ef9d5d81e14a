"""The page-weight budget: HTML, CSS and JS of a page without photos stay under 60 kB gzipped."""

import pytest

from operations.pageweight import BUDGET_BYTES, page_weight

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/sv/", "/en/", "/sv/moten/", "/en/meetings/"])
def test_page_without_photos_weighs_less_than_60_kb_compressed(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 200
    weights = page_weight(response.content.decode())
    assert any(name.endswith(".css") for name in weights)  # the stylesheets are counted
    assert sum(weights.values()) <= BUDGET_BYTES, weights

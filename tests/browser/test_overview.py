"""The archive's overview pages in a real browser: axe and layout at 320 and 1280 pixels."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from meetings.models import Theme

from .conftest import serious_violations

# What the browser draws from the seed's pages (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


def overview_paths(language: str) -> list[str]:
    with translation.override(language):
        paths = [reverse("overview:theme_list")]
        paths += [theme.get_absolute_url() for theme in Theme.objects.order_by("pk")[:7]]
        for name in ("overview:places", "overview:numbers"):
            try:
                paths.append(reverse(name))
            except NoReverseMatch:
                pass
    return paths


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_overview_pages_have_no_serious_axe_findings_and_fit_the_screen(
    page, live_site, language, width
):
    page.set_viewport_size({"width": width, "height": 900})
    findings, overflowing = [], []
    for path in overview_paths(language):
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        findings += serious_violations(page)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            overflowing.append(path)
    assert findings == []
    assert overflowing == []

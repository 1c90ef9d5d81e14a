"""axe-core on every public page (as listed by the sitemap), in both languages."""

import pytest

from .conftest import serious_violations, sitemap_paths

# What the browser draws from the seed's pages (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_public_page_has_no_serious_axe_findings(page, live_site, language):
    paths = [
        path for path in sitemap_paths(page, live_site.url) if path.startswith(f"/{language}/")
    ]
    assert len(paths) >= 4
    findings = []
    for path in paths:
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        findings += serious_violations(page)
    assert findings == []


def test_error_page_has_no_serious_axe_findings(page, live_site):
    page.goto(live_site.url + "/sv/finns-inte/")
    assert serious_violations(page) == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_site):
    page.goto(live_site.url + "/sv/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page(page, live_site):
    page.goto(live_site.url + "/sv/om-klossnet/")
    page.get_by_role("link", name="English").click()
    assert page.url == live_site.url + "/en/about/"
    assert page.locator("html").get_attribute("lang") == "en"


def test_layout_holds_at_320_pixels(page, live_site):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site.url + "/sv/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert overflow is False


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_page_in_the_sitemap_is_wider_than_a_375_pixel_phone(page, live_site, language):
    """Nothing pushes a phone's page sideways: long Swedish compounds are hyphenated (or, as
    a last resort, broken), charts and tables keep to the page."""
    page.set_viewport_size({"width": 375, "height": 800})
    paths = [
        path for path in sitemap_paths(page, live_site.url) if path.startswith(f"/{language}/")
    ]
    assert len(paths) >= 4
    wide = {}
    for path in paths:
        page.goto(live_site.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[path] = width
    assert wide == {}


def test_chart_labels_stay_readable_on_a_phone(page, live_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_site.url + "/sv/moten/i-siffror/")
    heights = page.eval_on_selector_all(
        ".chart__label, .chart__value, .chart__tick",
        "labels => labels.map(label => label.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 11

"""The steering group and project pages in a real browser: narrow screens and keyboard."""

import pytest

from tests.seed_snapshot import load_seed

# What the browser draws from the seed's pages (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

PAGES = [
    "/sv/styrgrupp/",
    "/en/steering-group/working-groups/collaboration-merits/",
    "/sv/projekt/",
    "/en/projects/",
    "/sv/projekt/swe-cam/",
    "/en/projects/kloss-akut/",
]


@pytest.fixture
def site(live_server, transactional_db):
    load_seed()
    return live_server


def test_pages_fit_a_320_pixel_screen(page, site):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in PAGES:
        assert page.goto(site.url + path).status == 200
        overflows = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert overflows is False, path


def test_keyboard_reaches_a_pilot_institution_from_the_project_page(page, site):
    page.goto(site.url + "/en/projects/swe-cam/")
    link = page.locator("#participants ~ ul a").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("The first participating institution cannot be reached with Tab.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/en/institutions/" in page.url
    assert "SWE-CAM" in page.content()

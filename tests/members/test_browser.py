"""The directory and an institution page as a person uses them: keyboard, switcher, axe."""

import pytest

from tests.browser.conftest import live_site, serious_violations  # noqa: F401 (fixture)

# What Chromium draws and runs (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


def test_directory_filter_works_with_the_keyboard(page, live_site):  # noqa: F811
    page.goto(live_site.url + "/sv/larosaten/")
    page.get_by_label("Typ av lärosäte").focus()
    page.keyboard.press("End")  # the last kind: foreign members
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sv/larosaten/?kind=foreign")
    assert page.get_by_role("heading", name="Utländska medlemmar").is_visible()
    assert page.get_by_role("link", name="Åbo Akademi").is_visible()
    assert page.get_by_role("link", name="Uppsala universitet").count() == 0
    assert serious_violations(page) == []


def test_language_switcher_on_an_institution_keeps_the_institution(page, live_site):  # noqa: F811
    page.goto(live_site.url + "/sv/larosaten/goteborgs-universitet/")
    page.get_by_role("link", name="English").click()
    assert page.url == live_site.url + "/en/institutions/university-of-gothenburg/"
    assert page.get_by_role("heading", level=1).inner_text() == "University of Gothenburg"
    assert "Gothenburg, Sweden" in page.locator(".facts").inner_text()


def test_institution_page_holds_at_320_pixels(page, live_site):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_site.url + "/en/institutions/malardalens-hogskola/")
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False

"""Searching from the header in a real browser: results, highlights, axe, no CSP errors."""

import pytest
from django.core.management import call_command

from .conftest import serious_violations

# What Chromium adds to the search tested on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


@pytest.mark.parametrize(
    ("language", "word", "button"), [("sv", "samverkan", "Sök"), ("en", "collaboration", "Search")]
)
def test_search_from_the_header(page, live_site, language, word, button):
    call_command("rebuild_search_index", verbosity=0)
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_site.url}/{language}/")
    header = page.locator("header.site-header")
    header.get_by_role("searchbox").fill(word)
    header.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    assert page.locator(".search-result").count() > 0
    assert page.locator(".search-result mark").count() > 0
    assert page.locator("html").get_attribute("lang") == language
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert serious_violations(page) == []
    assert errors == []


def test_no_hits_page_is_accessible(page, live_site):
    call_command("rebuild_search_index", verbosity=0)
    page.goto(f"{live_site.url}/sv/sok/?q=samvrkan")
    assert page.get_by_role("link", name="samverkan", exact=True).count() == 1
    assert serious_violations(page) == []

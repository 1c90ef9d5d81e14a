"""The directory's export page in a real browser, as the coordinator, under the portal's CSP.

django-import-export's own page has an ``onchange`` attribute on "Select all" and style
attributes, which the CSP blocks: the box did nothing and the styles were lost. Here nothing
on the page is refused, "Select all" unticks and ticks every field box, its label names it
(a ``for`` pointing at its id), the page exports a file, and axe finds nothing serious.
"""

import csv
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.browser.conftest import serious_violations
from tests.factories import InstitutionFactory, PersonFactory

# What Chromium draws and runs (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
FIELD_BOXES = ".selectable-field-export-row input[type=checkbox]:not(.select-toggle)"


@pytest.fixture
def coordinator_page(browser, live_site, coordinator):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10000)
    client = Client()
    client.force_login(coordinator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])
    yield page
    context.close()


def test_the_export_page_runs_under_the_csp_and_select_all_works(coordinator_page, live_site):
    PersonFactory(name="Ada Lovelace", institution=InstitutionFactory(short_name="KTH"))
    page = coordinator_page
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused to" in message.text else None,
    )
    page.add_init_script(RECORD_VIOLATIONS)

    response = page.goto(live_site.url + reverse("admin:members_person_export"))
    assert response.ok
    assert "style-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []
    assert refused == []
    # The label names its box (the library's pointed at an id no element had).
    toggle = page.get_by_label("Välj alla", exact=True)
    boxes = page.locator(FIELD_BOXES)
    assert boxes.count() >= 2
    assert all(boxes.nth(index).is_checked() for index in range(boxes.count()))
    # The library's inline styles, now rules in the portal's own stylesheet.
    weight = page.locator("label.select-toggle-label").evaluate(
        "(label) => getComputedStyle(label).fontWeight"
    )
    assert weight == "700"

    toggle.uncheck()
    assert [boxes.nth(index).is_checked() for index in range(boxes.count())] == [
        False
    ] * boxes.count()
    toggle.check()
    assert all(boxes.nth(index).is_checked() for index in range(boxes.count()))
    # One box unticked by hand: "Select all" is no longer ticked, and ticks it back.
    boxes.first.uncheck()
    assert not toggle.is_checked()
    toggle.check()
    assert boxes.first.is_checked()

    page.get_by_label("Format").select_option(label="csv")
    with page.expect_download() as download_info:
        page.locator("input[type=submit]").click()
    path = download_info.value.path()
    with open(path, encoding="utf-8-sig") as exported:
        rows = list(csv.reader(io.StringIO(exported.read())))
    assert len(rows[0]) == boxes.count()
    assert any("Ada Lovelace" in row for row in rows[1:])

    assert page.evaluate("window.__cspViolations") == []
    assert refused == []
    # Last: axe-core injects styles of its own, which the CSP refuses.
    assert serious_violations(page) == []

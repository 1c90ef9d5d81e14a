"""axe-core on every public page (as listed by the sitemap), in both languages."""

import pytest

from members.groups import coordinator_group_ensure
from tests.factories import UserFactory
from tests.showcase import showcase_load

from .conftest import serious_violations, sitemap_paths

# What the browser draws from the seed's pages (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]


# What the crawl assumes when it narrows a loaded page instead of opening it again at 375:
# nothing on the page but its CSS can lay it out (no script of its own; JSON-LD and axe,
# which the test adds, are not the page's).
SCRIPTED = """() => [...document.scripts].some(script => script.type !== "application/ld+json")
    || [...document.querySelectorAll("*")].some(
        element => [...element.attributes].some(attribute => attribute.name.startsWith("on")))"""


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_public_page_has_no_serious_axe_findings_and_fits_a_375_pixel_phone(
    page, live_site, language
):
    """axe-core on each page at 1280 pixels, then the same page at a phone's 375: nothing
    pushes it sideways (long Swedish compounds are hyphenated or, as a last resort, broken;
    charts and tables keep to the page). The public pages run no JavaScript, so the page
    narrowed to 375 is laid out as one opened at 375 (their CSS alone decides); one visit a
    page instead of one for each check."""
    paths = [
        path for path in sitemap_paths(page, live_site.url) if path.startswith(f"/{language}/")
    ]
    assert len(paths) >= 4
    findings, wide, scripted = [], {}, []
    for path in paths:
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(live_site.url + path)
        assert response.status == 200, path
        findings += serious_violations(page)
        if page.evaluate(SCRIPTED):
            scripted.append(path)
        page.set_viewport_size({"width": 375, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            wide[path] = width
    assert findings == []
    assert wide == {}
    assert scripted == [], "a page with script of its own: open it at 375 instead of narrowing"


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


def test_chart_labels_stay_readable_on_a_phone(page, live_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_site.url + "/sv/moten/i-siffror/")
    heights = page.eval_on_selector_all(
        ".chart__label, .chart__value, .chart__tick",
        "labels => labels.map(label => label.getBoundingClientRect().height)",
    )
    assert heights and min(heights) >= 11


@pytest.mark.parametrize("width", [1280, 375])
def test_the_pages_the_seed_alone_does_not_show_have_no_serious_axe_findings_and_fit(
    page, live_site, width
):
    """The pages tests/showcase.py adds (the next-meeting card, a record, a gallery, an
    upcoming meeting, an institution's representative, a theme nothing links to) and the
    contact form's validation error and confirmation, in both languages."""
    coordinator = UserFactory(username="samordnare@kth.se", is_staff=True)
    coordinator.groups.add(coordinator_group_ensure())
    page.set_viewport_size({"width": width, "height": 900})
    paths = showcase_load()
    findings, wide = [], {}

    def check(label):
        nonlocal findings
        findings += serious_violations(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[label] = scroll_width

    for path in paths["sv"] + paths["en"]:
        assert page.goto(live_site.url + path).status == 200, path
        check(path)
    for path in ("/sv/kontakt/", "/en/contact/"):
        page.goto(live_site.url + path)
        form = page.locator("main form").last
        form.locator("input[name=name]").fill("Anna Berg")
        form.locator("input[name=email]").fill("inte-en-adress")
        form.locator("textarea[name=message]").fill("Hej!")
        form.locator("button[type=submit]").click()
        assert page.locator("input[name=email][aria-invalid=true]").count() == 1
        check(f"{path} invalid")
        form = page.locator("main form").last
        form.locator("input[name=email]").fill("anna@example.org")
        form.locator("button[type=submit]").click()
        assert page.get_by_text("anna@example.org").count() >= 1
        check(f"{path} sent")
    assert findings == []
    assert wide == {}

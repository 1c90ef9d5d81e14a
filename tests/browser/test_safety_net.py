"""The coordinator's safety net in a real browser: the history, the comparison of two
versions and the preview of a draft, each checked with axe and under the CSP."""

import os

import pytest
import reversion
from django.conf import settings
from django.test import Client
from django.utils import translation

from meetings.models import Meeting
from tests.browser.conftest import live_site, serious_violations  # noqa: F401 (fixture)

# What Chromium draws and runs (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def shoot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def coordinator_page(browser, live_site, admin_user):  # noqa: F811
    # A Swedish browser: the admin, outside the language-prefixed URLs, follows it.
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    # Log in as the coordinator: the session of a logged-in test client, handed to the browser.
    client = Client()
    client.force_login(admin_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])
    page.csp_errors = csp_errors
    yield page
    context.close()


def test_history_and_comparison_of_a_meeting(coordinator_page, live_site):  # noqa: F811
    page = coordinator_page
    meeting = Meeting.objects.get(slug_sv="2019-11-06-falun")
    for title in ("Nätverksmöte i Falun", "Nätverksmöte i Falun med Dalarnas museum"):
        with reversion.create_revision():
            meeting.title_sv = title
            meeting.save()
            reversion.set_comment(f"Ändrade titel till {title}.")

    page.goto(f"{live_site.url}/admin/meetings/meeting/{meeting.pk}/history/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("radio").count() >= 5  # two versions, each with a label
    shoot(page, "history-1280")
    assert page.csp_errors == []  # before axe, which applies styles of its own
    assert serious_violations(page) == []

    page.get_by_role("button", name="Jämför de valda versionerna").click()
    page.wait_for_url("**/history/compare/**")
    page.csp_errors.clear()
    page.reload()
    assert page.get_by_role("heading", name="Rubrik [sv]").is_visible()
    assert "Dalarnas museum" in page.locator(".history-diff ins").first.inner_text()
    assert page.get_by_role("heading", name="Uppdaterad").count() == 0  # automatic, left out
    shoot(page, "compare-1280")
    assert page.csp_errors == []
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    shoot(page, "compare-375")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_preview_of_a_draft_meeting_from_the_admin(coordinator_page, live_site, language):  # noqa: F811
    page = coordinator_page
    meeting = Meeting.objects.get(slug_sv="2019-11-06-falun")
    Meeting.objects.filter(pk=meeting.pk).update(is_published=False)

    page.goto(f"{live_site.url}/admin/meetings/meeting/{meeting.pk}/change/")
    name = "Förhandsgranska på svenska" if language == "sv" else "Förhandsgranska på engelska"
    page.get_by_role("link", name=name).click()
    with translation.override(language):
        page.wait_for_url(f"**{meeting.get_absolute_url()}?preview=1")
    assert page.locator(".preview-banner").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    shoot(page, f"preview-{language}-1280")
    assert page.csp_errors == []
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 375, "height": 800})
    shoot(page, f"preview-{language}-375")

    # The public still gets 404.
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page().goto(page.url)
    assert public.status == 404
    anonymous.close()

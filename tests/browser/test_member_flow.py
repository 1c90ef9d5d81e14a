"""A member logs in, browses the archive, opens a members-only document and logs out."""

import datetime
import os
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Document, Meeting
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory, UserFactory

from .conftest import serious_violations

# What Chromium adds to views tested on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

PASSWORD = "correct horse battery staple"
EMAIL_LABEL = re.compile(r"^(e-postadress|email)", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"^(lösenord|password)", re.IGNORECASE)
TEXT = {
    "sv": {
        "area": "Medlemssidor",
        "archive": "Mötesarkiv",
        "log_in": "Logga in",
        "log_out": "Logga ut",
    },
    "en": {
        "area": "Members' area",
        "archive": "Meeting archive",
        "log_in": "Log in",
        "log_out": "Log out",
    },
}


@pytest.fixture
def member_world(live_site):
    institution = InstitutionFactory(name="Testlärosätet", email_domains="test.se")
    user = UserFactory(username="ada@test.se", approved_at=timezone.now())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    person = PersonFactory(name="Ada Lovelace", institution=institution, user=user)
    RepresentationFactory(person=person)
    meeting = Meeting.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=3),
        title="Medlemsmöte i test",
        title_en="Members' test meeting",
        slug="medlemsmote-i-test",
        is_published=True,
    )
    document = Document.objects.create(
        meeting=meeting,
        title="Deltagarlista",
        title_en="List of participants",
        file=ContentFile(b"%PDF-1.4\n% KLOSSnet members only\n", name="deltagare.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )
    return {"user": user, "meeting": meeting, "document": document}


def _screenshot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_member_logs_in_browses_the_archive_opens_a_document_and_logs_out(
    page, live_site, member_world, language
):
    text = TEXT[language]
    document = member_world["document"]
    with translation.override(language):
        login_url = live_site.url + reverse("account_login")
        document_url = live_site.url + document.get_absolute_url()

    # Not logged in: the document sends the visitor to the login page.
    page.goto(document_url)
    assert page.url.startswith(login_url)

    page.goto(login_url)
    page.get_by_label(EMAIL_LABEL).fill("ada@test.se")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=text["log_in"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == text["area"]
    assert page.locator("html").get_attribute("lang") == language

    page.get_by_role("navigation", name=text["area"]).get_by_role(
        "link", name=text["archive"]
    ).click()
    title = "Medlemsmöte i test" if language == "sv" else "Members' test meeting"
    page.get_by_role("link", name=title).first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/{member_world['meeting'].slug}/")

    document_title = "Deltagarlista" if language == "sv" else "List of participants"
    with page.expect_download() as download_info:
        page.get_by_role("link", name=document_title).click()
    downloaded = Path(download_info.value.path()).read_bytes()
    assert b"KLOSSnet members only" in downloaded

    page.get_by_role("button", name=text["log_out"]).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=text["log_in"]).first.is_visible()
    response = page.request.get(document_url, max_redirects=0)
    assert response.status == 302


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("url_name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_have_no_serious_axe_findings(page, live_site, url_name, language):
    with translation.override(language):
        url = live_site.url + reverse(url_name)
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == language
    assert serious_violations(page) == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_members_area_pages_have_no_serious_axe_findings(page, live_site, member_world, language):
    page.context.add_cookies(_session_cookie(live_site, member_world["user"]))
    findings = []
    for name in ["members_area:start", "members_area:directory", "members_area:profile"]:
        with translation.override(language):
            url = live_site.url + reverse(name)
        assert page.goto(url).status == 200
        findings += serious_violations(page)
    assert findings == []


@pytest.mark.parametrize("width", [1280, 375])
def test_login_and_members_start_page_fit_the_screen(page, live_site, member_world, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_site.url + "/sv/konto/login/")
    _screenshot(page, f"login-{width}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.context.add_cookies(_session_cookie(live_site, member_world["user"]))
    with translation.override("sv"):
        page.goto(live_site.url + reverse("members_area:start"))
    _screenshot(page, f"members-start-{width}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def _session_cookie(live_site, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_site.url}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_invitation_and_refusal_pages_have_no_serious_axe_findings(page, live_site, language):
    from django.core import mail

    from members.invitations import invitation_send

    person = PersonFactory(email=f"invited-{language}@test.se")
    invitation_send(person=person, base_url=live_site.url, language=language)
    link = re.search(r"(http\S+)", mail.outbox[-1].body).group(1)
    assert page.goto(link).status == 200
    findings = serious_violations(page)
    page.context.add_cookies(_session_cookie(live_site, UserFactory()))
    with translation.override(language):
        assert page.goto(live_site.url + reverse("members_area:start")).status == 403
    findings += serious_violations(page)
    assert findings == []

"""The coordinator's admin at 1280 px, in a real browser: no list or change form of the
portal's models is wider than the window (a wide table scrolls inside its own box), and the
object tools (preview, history, view on site) never cover the page title.

As the coordinator, who is staff but not a superuser: what the coordinator group sees.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from members.models import Person

# What Chromium draws and runs (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

WIDTH = 1280
# The apps whose models the coordinator works with every day.
MAIN_APPS = {"meetings", "registration", "members", "projects", "steering", "network"}

MEASURE = """() => {
    // Each line of the page's title and subtitle (the object's name), against each tool.
    const lines = [];
    for (const heading of document.querySelectorAll("#content > h1, #content > h2")) {
        const range = document.createRange();
        range.selectNodeContents(heading);
        lines.push(...range.getClientRects());
    }
    const tools = [...document.querySelectorAll(".object-tools li")]
        .map((item) => item.getBoundingClientRect())
        .filter((tool) => tool.width && tool.height);
    const overlap = lines.some((line) => tools.some((tool) =>
        tool.left < line.right && line.left < tool.right
        && tool.top < line.bottom && line.top < tool.bottom));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        overlap: overlap,
    };
}"""


@pytest.fixture
def coordinator_page(browser, live_site, coordinator):
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    client = Client()
    client.force_login(coordinator)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_site.url}])
    yield page
    context.close()


@pytest.fixture
def registrations(live_site):
    """A meeting with registrations, so the registrations list has rows as wide as real ones."""
    meeting = Meeting.objects.order_by("-date").first()
    meeting.date = timezone.localdate() + datetime.timedelta(days=30)
    meeting.save()
    parts = registration_setup(meeting=meeting) or list(meeting.registration_parts.all())
    for person in Person.objects.filter(institution__isnull=False).order_by("pk")[:5]:
        registration = Registration.objects.create(
            meeting=meeting, person=person, diet="Vegetarisk", accessibility="Hörslinga"
        )
        for part in parts:
            Entry.objects.create(registration=registration, part=part, status="confirmed")
    return meeting


LONG_TITLE = (
    "Samverkan mellan lärosäten, myndigheter, regioner och näringsliv om strategisk "
    "kompetensförsörjning och livslångt lärande i hela landet"
)


@pytest.fixture
def long_titles(live_site):
    """Titles as long as real ones get: the first meeting's and project's (their change
    forms carry the most object tools)."""
    from projects.models import Project

    for model in (Meeting, Project):
        obj = model.objects.order_by("pk").first()
        obj.title_sv = LONG_TITLE
        obj.save()


def _main_admin_pages(user) -> list[tuple[str, str]]:
    """(name, path) of the changelist and the first object's change form of every main
    model the coordinator may see."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label not in MAIN_APPS:
            continue
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        info = (opts.app_label, opts.model_name)
        pages.append((f"{opts.label} list", reverse("admin:{}_{}_changelist".format(*info))))
        first = model_admin.get_queryset(_Request(user)).order_by("pk").first()
        if first is not None:
            path = reverse("admin:{}_{}_change".format(*info), args=[first.pk])
            pages.append((f"{opts.label} change form", path))
    return pages


class _Request:
    """Enough of a request for a ModelAdmin's get_queryset."""

    def __init__(self, user):
        self.user = user
        self.GET = {}
        self.resolver_match = None


def test_admin_lists_and_forms_fit_1280_px_and_the_tools_leave_the_title_free(
    coordinator_page,
    live_site,
    coordinator,
    registrations,
    long_titles,
):
    page = coordinator_page
    problems = []
    for name, path in _main_admin_pages(coordinator):
        response = page.goto(live_site.url + path)
        assert response.ok, f"{name}: {response.status}"
        measured = page.evaluate(MEASURE)
        if measured["scrollWidth"] > measured["innerWidth"]:
            problems.append(
                f"{name} ({path}) is {measured['scrollWidth']} px wide in a "
                f"{measured['innerWidth']} px window"
            )
        if measured["overlap"]:
            problems.append(f"{name} ({path}): the object tools cover the title")
    assert not problems, "\n".join(problems)

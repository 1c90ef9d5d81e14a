"""Parts of pages every reader sees alike come from the fragment cache, under the content
version (core.pagecache.fragment_cached, ``{% fragment %}``): logged-in members, whom the
page cache never answers, get them without the work, and an edit shows at once."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import pagecache
from guests import views as guests_views
from members import views as members_views
from overview import numbers, places, themes
from tests.factories import InstitutionFactory, MeetingFactory, MeetingHostFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME, NUMBERS, PLACES = "/sv/", "/sv/moten/i-siffror/", "/sv/moten/motesplatser/"
INSTITUTIONS, ARCHIVE = "/sv/larosaten/", "/sv/moten/"
PROJECTS, STEERING = "/sv/projekt/", "/sv/styrgrupp/"
GUESTS = "/sv/moten/gaster/"


@pytest.fixture
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory(marked_as_member=True))
    return client


def _render(source: str, **context) -> str:
    return Template("{% load fragments %}" + source).render(Context(context))


def _counter():
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    return count, calls


def test_a_fragment_renders_once_per_content_version(fragments_on):
    count, calls = _counter()
    source = '{% fragment "part" %}{{ count }}{% endfragment %}'
    assert _render(source, count=count) == "1"
    assert _render(source, count=count) == "1"  # from the cache: not worked out again
    pagecache.content_changed()
    assert _render(source, count=count) == "2"
    assert len(calls) == 2


def test_a_fragment_is_kept_per_language_and_per_vary_value(fragments_on):
    count, _calls = _counter()
    source = '{% fragment "part" page %}{{ count }}{% endfragment %}'
    assert _render(source, count=count, page=1) == "1"
    assert _render(source, count=count, page=2) == "2"
    with translation.override("en"):
        assert _render(source, count=count, page=1) == "3"
    assert _render(source, count=count, page=1) == "1"


def test_without_a_lifetime_fragments_render_every_time(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    count, _calls = _counter()
    source = '{% fragment "part" %}{{ count }}{% endfragment %}'
    assert _render(source, count=count) == "1"
    assert _render(source, count=count) == "2"


def test_a_fragment_holds_no_longer_than_the_next_publication_window(fragments_on):
    count, _calls = _counter()
    source = '{% fragment "part" %}{{ count }}{% endfragment %}'
    with mock.patch.object(pagecache, "entry_lifetime", return_value=0):
        assert _render(source, count=count) == "1"
    assert _render(source, count=count) == "2"  # nothing was kept


def test_a_members_start_page_takes_map_and_numbers_from_the_fragment_cache(
    member_client, seeded, fragments_on
):
    with (
        mock.patch.object(places, "meeting_places", wraps=places.meeting_places) as mapped,
        mock.patch.object(numbers, "network_totals", wraps=numbers.network_totals) as counted,
    ):
        first = member_client.get(HOME).content.decode()
        second = member_client.get(HOME).content.decode()
    assert _numbers_section(first) == _numbers_section(second)
    assert mapped.call_count == 1 and counted.call_count == 1
    assert 'id="where-we-met"' in second and 'id="in-numbers"' in second


def _numbers_section(html: str) -> str:
    return html[html.index('id="in-numbers"') :].split("</section>")[0]


def test_a_new_meeting_shows_at_once_in_a_members_start_page(member_client, seeded, fragments_on):
    before = _numbers_section(member_client.get(HOME).content.decode())
    held = numbers.network_totals().meetings_held
    MeetingFactory(date=datetime.date.today() - datetime.timedelta(days=3))
    after = _numbers_section(member_client.get(HOME).content.decode())
    assert f">{held}<" in before and f">{held + 1}<" in after


@pytest.mark.parametrize(
    "path", [HOME, NUMBERS, PLACES, INSTITUTIONS, ARCHIVE, PROJECTS, STEERING, GUESTS]
)
def test_a_members_page_runs_the_same_queries_at_five_times_the_data(
    member_client, seeded, fragments_on, path
):
    pagecache.content_changed()
    connection.queries_log.clear()  # it keeps the last 9,000: the seed content filled it
    with CaptureQueriesContext(connection) as cold:
        assert member_client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as small:
        assert member_client.get(path).status_code == 200
    warm = len(small)  # now: the captured queries are read from the log, cleared below
    assert warm < len(cold)  # what every reader sees alike came from the cache
    call_command("benchdata", scale=5, stdout=open("/dev/null", "w"))  # noqa: SIM115
    grown = member_client.get(path).content.decode()
    assert "[synthetic]" in grown  # benchdata made a new content version: nothing stale
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as large:
        assert member_client.get(path).status_code == 200
    assert len(large) == warm
    assert len(large) < 12


@pytest.mark.parametrize("path", [NUMBERS, PLACES, INSTITUTIONS, ARCHIVE])
def test_a_renamed_host_shows_at_once_on_the_overview_pages_and_the_directory(
    member_client, seeded, fragments_on, path
):
    host = InstitutionFactory(name="Gamla namnets högskola", short_name="GNH")
    MeetingHostFactory(
        meeting=MeetingFactory(date=datetime.date.today() - datetime.timedelta(days=3)),
        institution=host,
    )
    assert "Gamla namnets högskola" in member_client.get(path).content.decode()
    host.name = "Nya namnets högskola"
    host.save()
    html = member_client.get(path).content.decode()
    assert "Nya namnets högskola" in html and "Gamla namnets högskola" not in html


@pytest.mark.parametrize(
    ("path", "module", "work"),
    [
        (NUMBERS, numbers, "hosts_per_institution"),
        (PLACES, places, "hosts_so_far"),
        (INSTITUTIONS, members_views, "institution_directory_page"),
        ("/sv/moten/teman/samverkansmeriter/", themes, "theme_timeline_page"),
        (GUESTS, guests_views.selectors, "guest_page"),
    ],
)
def test_a_members_list_page_is_worked_out_once_per_content_version(
    member_client, seeded, fragments_on, path, module, work
):
    with mock.patch.object(module, work, wraps=getattr(module, work)) as done:
        member_client.get(path)
        member_client.get(path)
        assert done.call_count == 1
        pagecache.content_changed()
        member_client.get(path)
        assert done.call_count == 2

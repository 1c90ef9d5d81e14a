"""The anonymous page cache: hits, invalidation on every content change, members bypass it.

Each test runs against process memory, against a real Redis (REDIS_URL), the shared cache
production uses when several servers run the portal, and against the database cache with its
version file, production's default on one server.
"""

import datetime
import os
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core import pagecache
from meetings.models import Document, Meeting
from network import models as network
from tests.factories import MeetingFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _use_redis(settings, location):
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": location}}


def _use_the_database(settings, version_dir):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_page_cache",
        }
    }
    settings.PAGE_CACHE_VERSION_DIR = str(version_dir)
    call_command("createcachetable", verbosity=0)


@pytest.fixture(params=["locmem", "redis", "database"])
def page_cache(request, settings, tmp_path):
    if request.param == "redis":
        _use_redis(settings, request.getfixturevalue("redis_url"))
    elif request.param == "database":
        _use_the_database(settings, tmp_path)
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def redis_page_cache(settings, redis_url):
    """Redis as the page cache, with this process subscribed to content changes."""
    _use_redis(settings, redis_url)
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    watcher = pagecache.VersionWatcher.for_cache()
    watcher.current()
    _wait_for(lambda: watcher.current() is not None)
    yield watcher
    cache.clear()


def test_anonymous_page_is_rendered_once_then_served_from_the_cache(
    client, seeded, page_cache, django_assert_num_queries
):
    first = client.get("/sv/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/sv/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "sv"


def test_each_language_has_its_own_cached_page(client, seeded, page_cache):
    client.get("/sv/")
    english = client.get("/en/")
    assert english["X-Page-Cache"] == "miss"
    assert "Voices on KLOSSnet" in english.content.decode()
    assert "Röster om KLOSSnet" in client.get("/sv/").content.decode()


def test_saving_content_in_the_admin_shows_at_once(client, admin_client, seeded, page_cache):
    client.get("/sv/om-klossnet/")
    page = network.Page.objects.get(key=network.Page.Key.ABOUT)
    response = admin_client.post(
        f"/admin/network/page/{page.pk}/change/",
        {
            "key": page.key,
            "title_sv": "Om nätverket, nyskrivet",
            "title_en": page.title_en,
            "lead_sv": page.lead_sv,
            "lead_en": page.lead_en or "",
            "body_sv": page.body_sv,
            "body_en": page.body_en or "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fresh = client.get("/sv/om-klossnet/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Om nätverket, nyskrivet" in fresh.content.decode()


def test_deleting_content_empties_the_cache(client, seeded, page_cache):
    testimonial = network.Testimonial.objects.filter(is_published=True).first()
    assert testimonial.name in client.get("/sv/").content.decode()
    testimonial.delete()
    assert testimonial.name not in client.get("/sv/").content.decode()


def test_many_to_many_changes_empty_the_cache(client, page_cache):
    meeting = MeetingFactory()
    theme = ThemeFactory(name="Samverkan i regionen")
    url = meeting.get_absolute_url()
    assert "Samverkan i regionen" not in client.get(url).content.decode()
    meeting.themes.add(theme)
    assert "Samverkan i regionen" in client.get(url).content.decode()


def test_a_login_does_not_empty_the_cache(client, seeded, page_cache):
    user = UserFactory()
    client.get("/sv/")
    Client().force_login(user)
    assert client.get("/sv/")["X-Page-Cache"] == "hit"


def test_logged_in_visitors_bypass_the_cache(client, seeded, page_cache):
    client.get("/sv/")
    client.force_login(UserFactory())
    response = client.get("/sv/")
    assert "X-Page-Cache" not in response
    assert "Logga ut" in response.content.decode()


def test_visitors_with_a_message_waiting_bypass_the_cache(client, seeded, page_cache):
    client.get("/sv/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/sv/")


def test_pages_with_a_csrf_token_are_never_cached(client, seeded, page_cache):
    for _ in range(2):
        response = client.get("/sv/konto/login/")
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"
    assert "csrftoken" in response.cookies


def test_not_found_pages_are_not_cached(client, seeded, page_cache):
    client.get("/sv/finns-inte/")
    assert "X-Page-Cache" not in client.get("/sv/finns-inte/")


def test_cached_page_answers_304_to_a_matching_etag(client, seeded, page_cache):
    first = client.get("/sv/")
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    response = client.get("/sv/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert client.get("/sv/", headers={"if-none-match": '"other"'}).status_code == 200


def test_content_change_changes_the_etag(client, seeded, page_cache):
    etag = client.get("/sv/")["ETag"]
    network.Testimonial.objects.filter(is_published=True).first().delete()
    assert client.get("/sv/", headers={"if-none-match": etag}).status_code == 200


def test_pages_render_when_the_cache_is_unreachable(client, seeded, settings):
    _use_redis(settings, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    settings.PAGE_CACHE_SECONDS = 300
    assert pagecache.content_version() is None
    response = client.get("/sv/")
    assert response.status_code == 200
    assert "Röster om KLOSSnet" in response.content.decode()


def test_cache_is_off_when_its_lifetime_is_zero(client, seeded, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/sv/")
    assert "X-Page-Cache" not in client.get("/sv/")


def test_a_page_rendered_by_one_server_is_served_by_another(seeded, page_cache):
    # Each test client loads its own middleware: two application servers sharing a cache.
    assert Client().get("/sv/")["X-Page-Cache"] == "miss"
    other_server = Client()
    assert other_server.get("/sv/")["X-Page-Cache"] == "hit"
    network.Testimonial.objects.filter(is_published=True).first().delete()
    assert other_server.get("/sv/")["X-Page-Cache"] == "miss"


def test_no_page_outlives_the_next_publication_boundary(client, seeded, page_cache):
    soon = timezone.now() + datetime.timedelta(seconds=90)
    MeetingFactory(publish_from=soon)
    version = pagecache.content_version()
    assert 0 < pagecache.entry_lifetime(300, version) <= 90


def test_without_a_scheduled_window_pages_live_the_full_lifetime(client, seeded, page_cache):
    version = pagecache.content_version()
    assert pagecache.entry_lifetime(300, version) == 300


def test_a_window_closing_now_keeps_the_page_out_of_the_cache(client, seeded, page_cache):
    now = timezone.now()
    MeetingFactory(publish_until=now + datetime.timedelta(milliseconds=500))
    # Time stands still for the two requests: on a loaded machine half a second passes
    # before the first one, and the window would already be closed.
    with mock.patch("django.utils.timezone.now", return_value=now):
        client.get("/sv/moten/")
        assert client.get("/sv/moten/").get("X-Page-Cache") != "hit"


def test_a_page_from_the_shared_cache_is_not_kept_past_the_boundary(seeded, page_cache, rf):
    MeetingFactory(publish_from=timezone.now() + datetime.timedelta(seconds=90))
    assert Client().get("/sv/moten/")["X-Page-Cache"] == "miss"
    other_server = Client()
    assert other_server.get("/sv/moten/")["X-Page-Cache"] == "hit"  # now in its memory too
    cache.delete(_stored_key(rf.get("/sv/moten/")))
    later = time.monotonic() + 91
    with mock.patch("core.pagecache.time.monotonic", return_value=later):
        assert other_server.get("/sv/moten/")["X-Page-Cache"] == "miss"


def _stored_key(request) -> str:
    """The key under which the page for ``request`` is stored now."""
    version = pagecache.content_version()
    reads_key = pagecache._reads_key(version, pagecache._url(request))
    return pagecache._key(request, version, pagecache.Reads.from_stored(cache.get(reads_key)))


# --- Only the query parameters a page reads make an entry ---------------------------------


def _stored_pages() -> int:
    """How many pages the shared cache holds."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache
    from django.core.cache.backends.locmem import LocMemCache
    from django.db import connection

    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        keys = list(backend._cache)
    elif isinstance(backend, DatabaseCache):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT cache_key FROM {backend._table}")
            keys = [row[0] for row in cursor.fetchall()]
    else:
        keys = [key.decode() for key in backend._cache.get_client().keys("*")]
    return sum("pagecache:page:" in key for key in keys)


def _public_paths() -> list[str]:
    from django.utils import translation

    from core.sitemaps import collect_sitemaps

    paths = []
    with translation.override("sv"):
        for sitemap in (cls() for cls in collect_sitemaps().values()):
            paths += [sitemap.location(item) for item in list(sitemap.items())[:1]]
    return paths


@pytest.mark.parametrize("path", ["/sv/", "/sv/moten/"])
def test_junk_query_strings_share_one_entry(client, seeded, page_cache, path):
    client.get(path)
    before = _stored_pages()
    answers = [client.get(f"{path}?x={n}") for n in range(200)]
    assert all(answer.status_code == 200 for answer in answers)
    assert _stored_pages() - before <= 1
    assert answers[-1]["X-Page-Cache"] == "hit"


def test_no_public_page_makes_an_entry_per_unread_parameter(client, seeded, page_cache):
    # A meeting with members-only material links anonymous visitors to the login.
    meeting = Meeting.objects.published().first()
    document = Document(meeting=meeting, title_sv="Protokoll", visibility="members")
    document.file = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 minutes")
    document.full_clean()
    document.save()
    paths = [*_public_paths(), meeting.get_absolute_url()]
    assert len(paths) > 10
    for path in paths:
        client.get(f"{path}?utm_source=one")
        response = client.get(f"{path}?utm_source=two")
        assert response.status_code == 200, path
        assert response["X-Page-Cache"] == "hit", path


def test_a_parameter_the_page_reads_has_its_own_entry(client, seeded, page_cache, monkeypatch):
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 2)
    client.get("/sv/moten/")
    first, second = client.get("/sv/moten/?page=1"), client.get("/sv/moten/?page=2")
    assert second["X-Page-Cache"] == "miss"
    assert first.content != second.content
    again = client.get("/sv/moten/?page=2")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == second.content
    assert b"Sida 2 av" in second.content and b"Sida 1 av" in first.content
    assert b"Sida 2 av" in client.get("/sv/moten/?page=2&x=2").content


def test_a_parameter_read_only_on_some_requests_still_gets_its_own_entry(seeded, page_cache):
    # The archive reads its filters only when the query string is not empty. Another
    # server that learnt what the page reads before the filters were read must not serve
    # one year's page for another.
    years = sorted({meeting.date.year for meeting in Meeting.objects.published()})
    assert len(years) > 1
    one_server, other_server = Client(), Client()
    one_server.get("/sv/moten/")
    other_server.get("/sv/moten/")
    first = one_server.get(f"/sv/moten/?year={years[0]}")
    later = other_server.get(f"/sv/moten/?year={years[-1]}")
    assert first["X-Page-Cache"] == later["X-Page-Cache"] == "miss"
    assert f'<option value="{years[-1]}" selected>'.encode() in later.content
    assert f'<option value="{years[0]}" selected>'.encode() in first.content
    again = other_server.get(f"/sv/moten/?year={years[0]}&utm_source=x")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content


def test_pager_links_keep_the_filters_but_not_unread_parameters(client, page_cache, monkeypatch):
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 1)
    for day in (1, 2):
        MeetingFactory(date=datetime.date(2019, 3, day))
    html = client.get("/sv/moten/?year=2019&utm_source=x").content.decode()
    assert 'href="?year=2019&amp;page=2"' in html
    assert "utm_source" not in html


def test_a_page_reading_the_whole_query_string_is_cached_only_bare(rf):
    request = rf.get("/sv/moten/?a=1&b=2")
    reads = pagecache._record_reads(request)
    assert request.GET.get("a") == "1" and "c" not in request.GET
    assert reads.names == {"a", "c"} and not reads.everything
    assert list(request.GET.getlist("b")) == ["2"] and bool(request.GET)
    assert reads.names == {"a", "b", "c"} and reads.empty and not reads.count
    assert len(request.GET) == 2 and reads.count and not reads.everything
    for read_all in (
        lambda: request.GET.urlencode(),
        lambda: request.GET.copy(),
        lambda: list(request.GET.items()),
        lambda: request.get_full_path(),
        lambda: request.build_absolute_uri(),
        lambda: request.META["QUERY_STRING"],
    ):
        reads.everything = False
        read_all()
        assert reads.everything


# --- Redis: one round trip less per hit ---------------------------------------------------


def _commands_processed(server) -> int:
    return server.info("stats")["total_commands_processed"]


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


def test_redis_client_is_built_once(redis_page_cache):
    # Django's own backend builds a redis.Redis per operation (~150 µs each).
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client()


def test_with_redis_a_hit_sends_no_command_at_all(client, seeded, redis_page_cache):
    import redis

    server = redis.Redis.from_url(redis_page_cache.url)
    client.get("/sv/")
    before = _commands_processed(server)
    for _ in range(20):
        assert client.get("/sv/")["X-Page-Cache"] == "hit"
    # The only command is the one that read the statistics.
    assert _commands_processed(server) - before == 1


def test_a_change_in_this_process_is_seen_at_once(client, seeded, redis_page_cache):
    client.get("/sv/")
    network.Testimonial.objects.filter(is_published=True).first().delete()
    # No waiting for the announcement to come back from Redis.
    assert client.get("/sv/")["X-Page-Cache"] == "miss"


def test_a_change_announced_by_another_process_reaches_this_one(client, seeded, redis_page_cache):
    import redis

    client.get("/sv/")
    old = redis_page_cache.current()
    # What another server's content_changed() does: a new version, then the announcement.
    cache.set(pagecache.VERSION_KEY, "from-elsewhere", timeout=None)
    redis.Redis.from_url(redis_page_cache.url).publish(pagecache.CHANNEL, "changed")
    _wait_for(lambda: redis_page_cache.current() == "from-elsewhere")
    assert old != "from-elsewhere"
    assert client.get("/sv/")["X-Page-Cache"] == "miss"


def test_while_the_subscription_is_down_the_version_is_read_from_redis(
    client, seeded, redis_page_cache
):
    import redis

    server = redis.Redis.from_url(redis_page_cache.url)
    server.client_kill_filter(_type="pubsub")
    _wait_for(lambda: redis_page_cache.current() is None, seconds=2)
    # A change made while this process listens to nobody is still seen.
    cache.set(pagecache.VERSION_KEY, "while-deaf", timeout=None)
    assert pagecache.content_version() == "while-deaf"
    # It subscribes again by itself.
    _wait_for(lambda: redis_page_cache.current() == "while-deaf")


# --- The database cache: the version from a file, no query per hit ------------------------


@pytest.fixture
def database_page_cache(settings, tmp_path):
    _use_the_database(settings, tmp_path)
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield pagecache.VersionFile.for_cache()
    cache.clear()


def _in_another_process(code: str, *args: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys\nfrom core.pagecache import VersionFile\n{code}",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_with_the_database_cache_a_hit_runs_no_query(
    client, seeded, database_page_cache, django_assert_num_queries
):
    client.get("/sv/moten/")
    with django_assert_num_queries(0):
        for _ in range(3):
            assert client.get("/sv/moten/")["X-Page-Cache"] == "hit"


def test_a_change_written_by_another_process_reaches_this_one(client, seeded, database_page_cache):
    client.get("/sv/")
    assert client.get("/sv/")["X-Page-Cache"] == "hit"
    # What content_changed() does in another worker or a manage.py command on this server.
    _in_another_process(
        "VersionFile(sys.argv[1]).write('0123456789abcdef')", database_page_cache.path
    )
    assert pagecache.content_version() == "0123456789abcdef"
    assert client.get("/sv/")["X-Page-Cache"] == "miss"


def test_a_change_in_this_process_reaches_the_others(client, seeded, database_page_cache):
    before = _in_another_process("print(VersionFile(sys.argv[1]).read())", database_page_cache.path)
    assert before == pagecache.content_version()
    network.Testimonial.objects.filter(is_published=True).first().delete()
    after = _in_another_process("print(VersionFile(sys.argv[1]).read())", database_page_cache.path)
    assert after == pagecache.content_version() != before


def test_a_change_in_a_transaction_is_seen_at_once_and_again_at_commit(
    database_page_cache, django_capture_on_commit_callbacks
):
    before = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.content_changed()
        during = pagecache.content_version()
    # A request that rendered the uncommitted rows under `during` is not served after it.
    assert len({before, during, pagecache.content_version()}) == 3


def test_a_version_file_of_another_user_is_not_used(
    client, seeded, database_page_cache, monkeypatch, django_capture_on_commit_callbacks
):
    database_page_cache.read()  # creates it
    monkeypatch.setattr(pagecache.VersionFile, "_warned", set())
    monkeypatch.setattr("core.pagecache.os.geteuid", lambda: os.getuid() + 4242)
    assert database_page_cache.read() is None
    assert pagecache.content_version() == pagecache.stored_content_version()
    client.get("/sv/")
    with django_capture_on_commit_callbacks(execute=True):  # the version in the database
        network.Testimonial.objects.filter(is_published=True).first().delete()
    assert client.get("/sv/")["X-Page-Cache"] == "miss"


def test_a_link_in_place_of_the_version_file_is_not_followed(database_page_cache, tmp_path):
    target = tmp_path / "elsewhere"
    target.write_text("0123456789abcdef")
    os.symlink(target, database_page_cache.path)
    assert database_page_cache.read() is None
    database_page_cache.write("fedcba9876543210")
    assert target.read_text() == "0123456789abcdef"
    assert pagecache.content_version() == pagecache.stored_content_version()


def test_without_a_usable_directory_the_version_comes_from_the_database(
    client, seeded, database_page_cache, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_VERSION_DIR = str(tmp_path / "missing")
    assert pagecache.content_version() == pagecache.stored_content_version()
    client.get("/sv/")
    assert client.get("/sv/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        network.Testimonial.objects.filter(is_published=True).first().delete()
    assert client.get("/sv/")["X-Page-Cache"] == "miss"


def test_an_empty_directory_setting_reads_the_version_from_the_database(
    database_page_cache, settings
):
    settings.PAGE_CACHE_VERSION_DIR = ""
    assert pagecache.VersionFile.for_cache() is None
    assert pagecache.content_version() == pagecache.stored_content_version()

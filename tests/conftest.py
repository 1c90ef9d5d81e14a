"""Shared fixtures: isolated media directories, seed content, and a real Chromium."""

import atexit
import ctypes
import logging
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import redis
from django.core.cache import caches

from tests import mail_checks
from tests.axe import axe_source
from tests.catalogues import compile_stale, translations_forget
from tests.seed_snapshot import load_seed

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable
# in browser tests. Test configuration only, never in settings.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Debian's chromium-headless-shell when it is installed: the same Blink as /usr/bin/chromium
# without the desktop browser around it (Playwright's own default for headless runs); the
# browser tests cost 417 s of CPU with the full browser and 290 s with the shell, the same
# 69 passing. The full browser when the shell is not there (README: Tests and CI).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or next(
    (
        path
        for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
        if os.path.exists(path)
    ),
    "/usr/bin/chromium",
)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def pytest_configure(config):
    """Test settings: a fast password hasher. Production's PBKDF2 work factor costs over a
    second per user created or logged in; what the tests check does not depend on it."""
    from django.conf import settings
    from django.core.signals import setting_changed

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # An e-mail of a kind no app declared is a bug the tests must catch (core.mail_kinds).
    settings.MAIL_UNKNOWN_KIND_RAISES = True
    # Tasks run at once, in the test, when enqueued (after the commit); the worker's own
    # tests (tests/klossnet/test_tasks.py) switch to the database and RQ backends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A conftest may have imported a task, and so set up the backends, already.
    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)

    # CI's SQLite run is the development stack (`.ci/run`, README: Tests and CI): the cache in
    # this process's memory, as without REDIS_URL. REDIS_URL stays set for the tests of Redis
    # itself, which ask for it (the redis_url fixture) and put the cache there themselves; the
    # PostgreSQL run keeps production's stack, the whole suite on Redis.
    if os.environ.get("KLOSSNET_TEST_CACHE") == "memory":
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
        setting_changed.send(sender=None, setting="CACHES", value=settings.CACHES, enter=True)

    _whitenoise_scans_once()

    # The tests check the translations the source holds, not the last `make messages`.
    if compile_stale(ROOT):
        translations_forget()

    if os.environ.get("PYTEST_XDIST_WORKER"):
        _worker_of_its_own(settings, setting_changed)


def _whitenoise_scans_once():
    """WhiteNoise's middleware scans STATIC_ROOT when it is made and builds each file's
    response headers: once a process in production, but once a test here, as each test's
    client makes its own middleware chain (about 20 ms of CPU a test, 195 files each: 7 % of
    a profile of 460 view tests). The same files under the same settings give the same
    entries, so a scan is kept for the session under a key of everything that goes into
    them: the directory, the URL prefix, the middleware's settings, the static files
    storage (it decides what is immutable) and each file's path, size and time. Any change
    (another STATIC_ROOT, a file written, another max-age) scans again."""
    from django.conf import settings
    from whitenoise.base import WhiteNoise, scantree

    scans = {}
    scan = WhiteNoise.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        files = tuple(
            sorted((path, stat.st_size, stat.st_mtime_ns) for path, stat in scantree(root))
        )
        key = (
            type(self),
            root,
            prefix,
            self.max_age,
            self.allow_all_origins,
            self.charset,
            self.add_headers_function,
            self.index_file,
            self.__dict__.get("immutable_file_test"),
            tuple(sorted(self.media_types.types_map.items())),
            repr(settings.STORAGES.get("staticfiles")),
            settings.STATIC_URL,
            files,
        )
        if key not in scans:
            # The scan's own entries, apart from what other directories added before.
            files, self.files = self.files, {}
            scan(self, root, prefix)
            scans[key], self.files = self.files, files
        self.files.update(scans[key])

    WhiteNoise.update_files_dictionary = update_files_dictionary


def _worker_of_its_own(settings, setting_changed):
    """Under pytest-xdist (`make test` runs `-n auto`) the workers run at the same time, each
    with its own test database (pytest-django names it after the worker). What else they
    would share is made their own here, before any test runs:

    - the page cache's version file (one per database name, and SQLite's in-memory test
      databases all have the same name): a directory per worker;
    - Redis, when REDIS_URL is set (CI): a test empties the cache before it starts and some
      count the server's commands, so a worker of its own gets a redis-server of its own,
      stopped when the worker ends. The tests that start processes (the RQ worker, gunicorn)
      read REDIS_URL, so the environment variable changes too.
    """
    version_dir = tempfile.mkdtemp(prefix="klossnet-pagecache-")
    atexit.register(shutil.rmtree, version_dir, True)
    settings.PAGE_CACHE_VERSION_DIR = version_dir

    shared = settings.REDIS_URL
    if not shared or shutil.which("redis-server") is None:
        return  # the redis_url fixture skips loudly (fails in CI) where there is none
    url = _redis_server_start()
    os.environ["REDIS_URL"] = url
    settings.REDIS_URL = url
    if settings.CACHES["default"].get("LOCATION") == shared:
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": url},
        }
        setting_changed.send(sender=None, setting="CACHES", value=settings.CACHES, enter=True)
    if settings.TASKS_REDIS_URL == shared:
        os.environ.pop("DJANGO_TASKS_REDIS_URL", None)
        settings.TASKS_REDIS_URL = url
        settings.RQ_QUEUES = {"default": {"URL": url}}


def _redis_server_start() -> str:
    """A throwaway redis-server on a free loopback port that ends with this process: stopped
    at exit, and by the kernel (PR_SET_PDEATHSIG) should the worker die without one."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    directory = tempfile.mkdtemp(prefix="klossnet-redis-")
    atexit.register(shutil.rmtree, directory, True)
    libc = ctypes.CDLL(None, use_errno=True)
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            directory,
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL),
    )

    def stop():
        # The page cache's listener thread would report the server it loses on the way out.
        logging.getLogger("core.pagecache").disabled = True
        server.kill()
        server.wait(10)

    atexit.register(stop)
    client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            return f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server on port {port} did not start")


# The garbage collector's thresholds for the test run: (gen 0, gen 1, gen 2) allocations.
GC_THRESHOLDS = (5_000, 20, 20)


def pytest_collection_finish(session):
    """Python's cyclic garbage collector, tuned for a test run. After collecting, the process
    holds Django, every app and every test module: hundreds of thousands of objects that
    live as long as the process. Frozen (``gc.freeze()``), no collection scans them again;
    with the default thresholds (700, 10, 10) the full collections re-scanned them every few
    thousand allocations. Measured on tests/meetings, tests/members and the admin round trip
    in one process: the collector's share of the CPU 8.9 → 3.8 %. Cycles are still freed;
    production (gunicorn, the worker) keeps Python's defaults."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist the long tests (browser and slow: servers, Chromium, the checkers, a
    whole upgrade) go first, and the Makefile hands the workers two tests at a time
    (`--maxschedchunk 2`), so the short tests fill the end on every worker. In file order
    a long test drawn last kept one worker busy minutes after the other had finished (the
    upgrade test: 168 s alone at the end of a run). Each worker has its own Chromium and
    live server (session fixtures), so browser tests run on any of them."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: not _long(item))  # stable: file order within each part


def _long(item) -> bool:
    return any(item.get_closest_marker(name) for name in ("browser", "slow"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, whatever the test before it requested: a
    request through the test client leaves its language active in the thread, and under
    pytest-xdist the tests before this one differ from run to run."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _every_mail_meets_the_minimum(settings):
    """Each e-mail a test sends is checked as it is sent (tests/mail_checks.py)."""
    settings.EMAIL_BACKEND = mail_checks.BACKEND
    mail_checks.problems.clear()
    yield
    found, mail_checks.problems[:] = list(mail_checks.problems), []
    assert not found, "E-mails below the spam-check minimum: " + "; ".join(found)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Rate-limit counters and cached pages never leak from one test (or CI run) to the next."""
    for cache in caches.all():
        cache.clear()
    yield


def skip_or_fail(message: str, install_hint: str):
    """Skip loudly on a developer's machine; fail in CI, where nothing may be missing."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(message + " It never skips in CI.")
    banner = "!" * 70
    print(  # noqa: T201 - the loud message the brief asks for
        f"\n{banner}\n{message}\nSKIPPING. {install_hint}\n{banner}", file=sys.stderr
    )
    pytest.skip(f"SKIPPED LOUDLY: {message}")


@pytest.fixture
def coordinator(db):
    """A coordinator who is staff but not superuser: the coordinator group must be enough."""
    from members.groups import coordinator_group_ensure
    from tests.factories import UserFactory

    user = UserFactory(username="koordinator@kth.se", is_staff=True)
    user.groups.add(coordinator_group_ensure())
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture(scope="session")
def vnu():
    """Validate HTML files with the Nu Html Checker (`npm install vnu-jar`; .ci/run does):
    ``vnu({file: name})`` returns the checker's errors, each file shown by its name."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates = [
        os.environ.get("VNU_JAR", ""),
        os.path.join(root, ".ci", "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar"),
        os.path.join(root, "node_modules", "vnu-jar", "build", "dist", "vnu.jar"),
    ]
    jar = next((path for path in candidates if path and os.path.exists(path)), None)
    if jar is None or shutil.which("java") is None:
        skip_or_fail(
            "The Nu Html Checker (vnu.jar and java) is not installed.",
            "npm install --prefix .ci/tools vnu-jar, and apt-get install default-jre-headless.",
        )

    def validate(files: dict[str, str]) -> str:
        result = subprocess.run(
            # The JIT's first tier only: a check of a few dozen pages ends before the optimizing
            # compiler would pay for itself (3.9 s CPU for one page with it, 0.8 s without).
            [
                "java",
                "-XX:TieredStopAtLevel=1",
                "-Xss16m",
                "-jar",
                jar,
                "--errors-only",
                "--format",
                "text",
                *files,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = result.stderr + result.stdout
        for file, name in files.items():
            report = report.replace(f"file:{file}", name)
        return report if result.returncode else ""

    return validate


@pytest.fixture
def seeded(db):
    """The KLOSSnet seed content, as `manage.py load_klossnet` loads it (loaded once a
    session, then copied in as rows: tests/seed_snapshot.py)."""
    load_seed()


def _chromium_available() -> bool:
    return os.path.exists(CHROMIUM_PATH) or shutil.which(CHROMIUM_PATH) is not None


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium driven by Playwright (no browser download)."""
    if not _chromium_available():
        message = f"Chromium not found at {CHROMIUM_PATH}: browser tests cannot run."
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message + " They never skip in CI.")
        banner = "!" * 70
        print(  # noqa: T201 - the loud message the brief asks for
            f"\n{banner}\n{message}\nSKIPPING BROWSER TESTS. Install Chromium (apt-get "
            f"install chromium-headless-shell or chromium) or set CHROMIUM_PATH.\n{banner}",
            file=sys.stderr,
        )
        pytest.skip(f"SKIPPED LOUDLY: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(axe_source())  # tests/axe.py
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def redis_url():
    """The URL of a running Redis (CI starts one and passes REDIS_URL to `make test`)."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        skip_or_fail(
            "REDIS_URL is not set: the tests against Redis cannot run.",
            "Start redis-server and set REDIS_URL=redis://127.0.0.1:6379/0.",
        )
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        skip_or_fail(f"Redis at {url} does not answer ({error}).", "Start redis-server.")
    return url

"""When the database goes away the portal answers a translated 503, and recovers by itself.

The fast tests make a view's query fail. The slow one runs the real thing: its own
PostgreSQL server (started with pg_ctl in a temporary directory, as CI does), the portal
under gunicorn with production settings, then stops and restarts that server.
"""

import glob
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError

from operations.loadtest import free_port
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.BASE_DIR)


def _broken_query(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/sv/om-klossnet/", "Tillfälligt otillgänglig"),
        ("/en/about/", "Temporarily unavailable"),
    ],
)
def test_lost_database_in_a_view_answers_a_translated_503(client, path, text):
    with mock.patch("network.views.Page.objects.filter", side_effect=_broken_query):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert text in html and "Traceback" not in html
    assert 'class="site-header"' in html


def test_other_database_errors_stay_server_errors(client):
    from django.db import IntegrityError

    client.raise_request_exception = False
    with mock.patch("network.views.Page.objects.filter", side_effect=IntegrityError("bug")):
        assert client.get("/sv/om-klossnet/").status_code == 500


# --- The real outage ------------------------------------------------------------------


class Postgres:
    """A throwaway PostgreSQL server in a temporary directory (runs as postgres when root)."""

    def __init__(self):
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
        if not candidates:
            skip_or_fail(
                "PostgreSQL binaries (/usr/lib/postgresql/*/bin) not found: "
                "the database outage test cannot run.",
                "apt-get install postgresql",
            )
        self.bin = Path(candidates[-1])
        self.port = free_port()
        # Under /tmp with mode 755: initdb, running as postgres, must reach it.
        self.dir = Path(tempfile.mkdtemp(prefix="klossnet-outage-", dir="/tmp"))
        self.dir.chmod(0o755)
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self.run(
            "initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run("pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/klossnet"


def _version_key(path: str) -> int:
    return int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0


@pytest.fixture
def postgres():
    server = Postgres()
    try:
        server.init()
        server.start()
        server.run("createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                   "klossnet")  # fmt: skip
        yield server
    finally:
        server.remove()


# Production's static storage compresses every file it collects (gzip and brotli, most of the
# collection's CPU); this test never asks for a static file, so it collects with the storage
# that storage extends: the same hashed names and the same staticfiles.json, read by the
# production storage under gunicorn. The compression itself runs in .ci/container-check.
COLLECT_WITHOUT_COMPRESSION = """
import django
django.setup()
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils.module_loading import import_string

production = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
assert issubclass(production, ManifestStaticFilesStorage), production
manifest = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


@pytest.fixture(scope="module")
def production_static(tmp_path_factory):
    """Static files collected as production does (hashed names and manifest; see above)."""
    root = tmp_path_factory.mktemp("static")
    env = _production_env(DJANGO_STATIC_ROOT=str(root), DJANGO_SETTINGS_MODULE="klossnet.settings")
    subprocess.run(
        [sys.executable, "-c", COLLECT_WITHOUT_COMPRESSION],
        env=env, check=True, cwd=PROJECT, timeout=300,
    )  # fmt: skip
    assert (root / "staticfiles.json").is_file()
    return root


def _production_env(**overrides) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="outage-test-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    return {**env, **overrides}


@pytest.fixture
def portal(postgres, production_static):
    """The portal under gunicorn with production settings, on a socket the test opened.

    The listening socket exists before gunicorn starts, so requests simply wait in its
    backlog until a worker accepts them: no polling, no sleeping.
    """
    env = _production_env(DATABASE_URL=postgres.url, DJANGO_STATIC_ROOT=str(production_static))
    # Both commands in one process (Python and Django start once, not twice); migrate runs
    # the system checks first, as `manage.py migrate` does.
    prepare = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable'); "
        "call_command('migrate', interactive=False, verbosity=0, skip_checks=False)"
    )
    subprocess.run(
        [sys.executable, "-c", prepare],
        env={**env, "DJANGO_SETTINGS_MODULE": "klossnet.settings"},
        check=True, cwd=PROJECT, timeout=300,
    )  # fmt: skip
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.set_inheritable(True)
    fd = listener.fileno()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "klossnet.wsgi", "--no-control-socket",
            "--bind", f"fd://{fd}", "--workers", "1", "--timeout", "30", "--log-level", "warning",
        ],
        env=env, cwd=PROJECT, pass_fds=(fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        yield listener.getsockname()[1]
    finally:
        server.terminate()
        server.wait(timeout=30)
        listener.close()


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


@pytest.mark.django_db(False)
@pytest.mark.slow  # a PostgreSQL server and gunicorn of its own
@pytest.mark.backend_independent  # its own PostgreSQL server (README: Tests and CI)
def test_portal_answers_503_while_postgres_is_down_and_recovers_when_it_returns(postgres, portal):
    archive_sv, archive_en, about_en = "/sv/moten/", "/en/meetings/", "/en/about/"
    assert _get(portal, "/healthz") == (200, "ok\n")
    status, cached = _get(portal, archive_en)
    assert status == 200

    postgres.stop()
    # Pages not yet in the page cache need the database: the translated 503 page.
    status, html = _get(portal, archive_sv)
    assert status == 503
    assert "Tillfälligt otillgänglig" in html and "Traceback" not in html
    status, html = _get(portal, about_en)
    assert status == 503 and "Temporarily unavailable" in html
    # A page already in the page cache is still served: the content version comes from its
    # file (klossnet/pagecache.py), not from the database, and the page from memory.
    assert _get(portal, archive_en) == (200, cached)
    assert _get(portal, "/healthz")[0] == 503

    postgres.start()
    assert _get(portal, "/healthz") == (200, "ok\n")
    status, html = _get(portal, archive_sv)
    assert status == 200 and "Tillfälligt otillgänglig" not in html
    assert _get(portal, archive_en)[0] == 200

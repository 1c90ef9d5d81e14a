"""Production configuration: which cache, storage and checks the environment selects."""

import json
import os
import subprocess
import sys

import pytest

# Settings read in subprocesses whose environment has no DATABASE_URL of the test run's
# (README: Tests and CI).
pytestmark = pytest.mark.backend_independent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 30 + "a-long-random-production-secret-1234567890",
    "DJANGO_ALLOWED_HOSTS": "klossnet.example.org",
}


def _environment(**overrides) -> dict[str, str]:
    # Neither the test run's own flags nor a developer's REDIS_URL belong to the case tested.
    drop = {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    return {**env, **overrides}


def _python(code: str, **env) -> str:
    """The last line ``code`` prints in a Python process of its own under ``env``."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**_environment(**env), "DJANGO_SETTINGS_MODULE": "klossnet.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def _settings(*expressions: str, **env) -> list[str]:
    """The expressions' values (as ``str``) under one environment: one Python process for all
    of them, as each environment needs a fresh one (settings are read once, at start)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps([str(value) for value in ({', '.join(expressions)},)]))"
    )
    values = json.loads(_python(code, **env))
    assert len(values) == len(expressions)
    return values


def _setting(expression: str, **env) -> str:
    return _settings(expression, **env)[0]


BACKEND = "settings.CACHES['default']['BACKEND']"


@pytest.mark.parametrize("debug", ["0", "1"])
def test_redis_url_puts_the_cache_in_redis(debug):
    env = {**PRODUCTION, "DJANGO_DEBUG": debug, "REDIS_URL": "redis://redis.internal:6379/0"}
    backend, location = _settings(BACKEND, "settings.CACHES['default']['LOCATION']", **env)
    assert backend == "core.cache.RedisCache"
    assert location == env["REDIS_URL"]


def test_production_without_redis_shares_the_database_cache():
    assert _setting(BACKEND, **PRODUCTION) == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("redis_url", ["", "redis://redis:6379/0"])
def test_production_counts_login_limits_in_a_database_table_of_their_own(redis_url):
    """Not in the shared cache, which culls (database) or evicts (Redis) under pressure."""
    from members.login_limits import CACHE_TABLE

    env = {**PRODUCTION, "REDIS_URL": redis_url}
    alias = "settings.CACHES['login_limits']"
    backend, location, max_entries = _settings(
        f"{alias}['BACKEND']", f"{alias}['LOCATION']", f"{alias}['OPTIONS']['MAX_ENTRIES']", **env
    )
    assert backend == "django.core.cache.backends.db.DatabaseCache"
    assert location == CACHE_TABLE
    assert int(max_entries) >= 100_000


def test_client_addresses_come_from_a_proxy_header_only_when_told_to():
    assert _setting("settings.TRUSTED_PROXY_COUNT", **PRODUCTION) == "0"
    env = {**PRODUCTION, "DJANGO_TRUSTED_PROXY_COUNT": "1"}
    assert _setting("settings.TRUSTED_PROXY_COUNT", **env) == "1"


def test_development_without_redis_caches_in_memory():
    assert _setting(BACKEND, DJANGO_DEBUG="1") == "django.core.cache.backends.locmem.LocMemCache"


def test_check_deploy_is_clean_with_redis_and_object_storage():
    env = {
        **_environment(**PRODUCTION),
        "REDIS_URL": "redis://redis:6379/0",
        "DATABASE_URL": "postgres://klossnet@db/klossnet",
        "DJANGO_S3_BUCKET": "klossnet-media",
        "DJANGO_S3_ENDPOINT_URL": "https://s3.example.org",
        "DJANGO_S3_ACCESS_KEY_ID": "key",
        "DJANGO_S3_SECRET_ACCESS_KEY": "secret",
        "DJANGO_PRIVATE_MEDIA_SERVER": "x-accel-redirect",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_object_storage_settings_keep_members_files_private():
    env = {**PRODUCTION, "DJANGO_S3_BUCKET": "klossnet-media", "DJANGO_S3_REGION": "eu-north-1"}
    public_auth, private_auth, img_src = _settings(
        "settings.STORAGES['default']['OPTIONS']['querystring_auth']",
        "settings.STORAGES['private']['OPTIONS']['querystring_auth']",
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
        **env,
    )
    assert public_auth == "False"
    assert private_auth == "True"
    assert "https://klossnet-media.s3.eu-north-1.amazonaws.com" in img_src


def test_a_process_that_loads_every_url_starts_without_weasyprint():
    """WeasyPrint (Pango, fontTools) is a third of a Django process's start, about 0.7 s of
    CPU, and only the record's PDF needs it: every manage.py command, worker and test process
    loads the URLs (the system checks do) and would pay for it. records/pdf.py imports it on
    the first PDF; the container part draws a PDF in the image (.ci/container-check)."""
    code = (
        "import sys, django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; print(sorted(name for name in sys.modules "
        "if name.split('.')[0] in {'weasyprint', 'pydyf', 'tinycss2', 'cssselect2'}))"
    )
    assert _python(code, DJANGO_DEBUG="1") == "[]"

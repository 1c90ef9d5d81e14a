"""Production configuration: which cache, storage and checks the environment selects."""

import os
import subprocess
import sys

import pytest

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


def _setting(expression: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**_environment(**env), "DJANGO_SETTINGS_MODULE": "klossnet.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


BACKEND = "settings.CACHES['default']['BACKEND']"


@pytest.mark.parametrize("debug", ["0", "1"])
def test_redis_url_puts_the_cache_in_redis(debug):
    env = {**PRODUCTION, "DJANGO_DEBUG": debug, "REDIS_URL": "redis://redis.internal:6379/0"}
    assert _setting(BACKEND, **env) == "core.cache.RedisCache"
    assert _setting("settings.CACHES['default']['LOCATION']", **env) == env["REDIS_URL"]


def test_production_without_redis_shares_the_database_cache():
    assert _setting(BACKEND, **PRODUCTION) == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("redis_url", ["", "redis://redis:6379/0"])
def test_production_counts_login_limits_in_a_database_table_of_their_own(redis_url):
    """Not in the shared cache, which culls (database) or evicts (Redis) under pressure."""
    from members.login_limits import CACHE_TABLE

    env = {**PRODUCTION, "REDIS_URL": redis_url}
    alias = "settings.CACHES['login_limits']"
    assert _setting(f"{alias}['BACKEND']", **env) == "django.core.cache.backends.db.DatabaseCache"
    assert _setting(f"{alias}['LOCATION']", **env) == CACHE_TABLE
    assert int(_setting(f"{alias}['OPTIONS']['MAX_ENTRIES']", **env)) >= 100_000


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
    assert _setting("settings.STORAGES['default']['OPTIONS']['querystring_auth']", **env) == (
        "False"
    )
    assert _setting("settings.STORAGES['private']['OPTIONS']['querystring_auth']", **env) == (
        "True"
    )
    img_src = _setting("settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']", **env)
    assert "https://klossnet-media.s3.eu-north-1.amazonaws.com" in img_src

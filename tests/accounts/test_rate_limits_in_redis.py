"""With Redis, the login rate limits still count in their own database table: every
application server sees the same count, and Redis evicting or losing keys cannot wipe it."""

import pytest
import redis
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.cache import create_cache_tables
from members.login_limits import CACHE_ALIAS, CACHE_TABLE
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": redis_url},
        CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        },
    }
    create_cache_tables(using="default", verbosity=0)
    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    yield server
    server.flushdb()


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_failed_logins_are_counted_apart_from_redis_and_block_every_server(
    client, member, redis_cache
):
    for _ in range(5):
        assert _log_in(client, member.email, "wrong").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")
        assert cursor.fetchone()[0] > 0
    # Redis under memory pressure (allkeys-lru) or restarted: its keys are gone.
    redis_cache.flushdb()
    # Another application server: a new client, the same database.
    other_server = Client()
    response = _log_in(other_server, member.email, PASSWORD)
    assert "_auth_user_id" not in other_server.session
    assert "För många felaktiga lösenord för det här kontot" in response.content.decode()

"""The login rate limits count in Redis, so every application server sees the same count."""

import pytest
import redis
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": "klossnet.cache.RedisCache", "LOCATION": redis_url}}
    server = redis.Redis.from_url(redis_url)
    server.flushdb()
    yield server
    server.flushdb()


def _log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_failed_logins_are_counted_in_redis_and_block_every_server(client, member, redis_cache):
    for _ in range(5):
        assert _log_in(client, member.email, "wrong").status_code == 200
    assert redis_cache.dbsize() > 0
    # Another application server: a new client, the same Redis.
    other_server = Client()
    response = _log_in(other_server, member.email, PASSWORD)
    assert "_auth_user_id" not in other_server.session
    assert "För många misslyckade inloggningsförsök" in response.content.decode()

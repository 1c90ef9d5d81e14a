"""The cache: Django's Redis backend reusing its redis-py client, and the database cache's tables.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` for every cache
operation. Each one copies redis-py's table of response callbacks, which costs about 150 µs:
more than the round trip to Redis, and half the time of a page served from the page cache
(core/pagecache.py). The client is thread-safe and only wraps the connection pool, so
one per pool is enough.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.checks import Error, Tags, register
from django.db import connections, router


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# --- The database cache's tables ----------------------------------------------------------
# Without Redis, production keeps its cache in the database. A forgotten `createcachetable`
# used to leave every cache call failing (and the page cache off) without a word, so
# `migrate` creates the table of every DatabaseCache alias in settings.CACHES (pre_migrate:
# before the first migration on a new database, whose data migrations' saves already use the
# cache, and for an alias added after the last migration), and `check --deploy --database default`
# reports one that is missing.


def database_cache_tables() -> dict[str, str]:
    """The table of each DatabaseCache alias in settings.CACHES, by alias."""
    return {
        alias: caches[alias]._table
        for alias in settings.CACHES
        if isinstance(caches[alias], BaseDatabaseCache)
    }


def create_cache_tables(*, using: str, verbosity: int = 1, **kwargs) -> None:
    """pre_migrate receiver: createcachetable on the database about to be migrated."""
    if database_cache_tables():
        from django.core.management import call_command

        call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


def missing_cache_tables(database: str) -> dict[str, str]:
    """The DatabaseCache aliases whose table ``database`` should hold but does not."""
    tables = database_cache_tables()
    if not tables:
        return {}
    connection = connections[database]
    existing = set(connection.introspection.table_names())
    return {
        alias: table
        for alias, table in tables.items()
        if table not in existing
        and router.allow_migrate_model(database, BaseDatabaseCache(table, {}).cache_model_class)
    }


@register(Tags.caches, Tags.database, deploy=True)
def check_cache_tables(app_configs=None, databases=None, **kwargs):
    """A deployment check (not run by `migrate`, which creates the tables after its checks)."""
    errors = []
    for database in databases or ():
        for alias, table in missing_cache_tables(database).items():
            errors.append(
                Error(
                    f"The table {table!r} of the database cache {alias!r} does not exist in "
                    f"the database {database!r}: every cache call fails and the page cache "
                    "and the login rate limits are off.",
                    hint="Run `manage.py migrate` (it creates the cache tables).",
                    id="core.E001",
                )
            )
    return errors

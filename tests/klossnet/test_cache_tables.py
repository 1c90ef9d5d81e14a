"""The database cache (production without Redis) has its tables after `migrate` alone.

A forgotten `createcachetable` used to leave every cache call failing: the page cache off and
an error logged on every request. `migrate` now creates the table of every DatabaseCache
alias, and `check --deploy --database default` names one that is missing.
"""

from unittest import mock

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db

TABLES = {"default": "test_cache_default", "logins": "test_cache_logins"}


@pytest.fixture
def database_caches(settings):
    settings.CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
        for alias, table in TABLES.items()
    } | {"memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _deploy_errors() -> list[str]:
    errors = checks.run_checks(include_deployment_checks=True, databases=["default"])
    return [error.id for error in errors if error.id == "core.E001"]


def test_migrate_creates_the_table_of_every_database_cache(database_caches):
    assert not set(TABLES.values()) & _tables()
    call_command("migrate", verbosity=0)
    assert set(TABLES.values()) <= _tables()


def test_the_tables_exist_before_the_first_migration_runs(database_caches):
    """On a new database the data migrations' saves bump the page cache's content version:
    without the table, production without Redis logged a traceback for each of them."""
    from django.db.migrations.executor import MigrationExecutor

    seen = []
    migrate = MigrationExecutor.migrate

    def recording(self, *args, **kwargs):
        seen.append(_tables())
        return migrate(self, *args, **kwargs)

    with mock.patch.object(MigrationExecutor, "migrate", recording):
        call_command("migrate", verbosity=0)
    assert seen and set(TABLES.values()) <= seen[0]


def test_the_database_cache_works_after_migrate(database_caches):
    from django.core.cache import caches

    call_command("migrate", verbosity=0)
    for alias in TABLES:
        caches[alias].set("key", alias)
        assert caches[alias].get("key") == alias


def test_deploy_check_names_each_missing_cache_table(database_caches):
    assert _deploy_errors() == ["core.E001", "core.E001"]
    call_command("migrate", verbosity=0)
    assert _deploy_errors() == []


def test_migrate_is_not_stopped_by_the_missing_table(database_caches):
    # migrate runs the checks (without the deployment ones) before it creates the tables.
    errors = checks.run_checks(databases=["default"])
    assert not [error for error in errors if error.id == "core.E001"]

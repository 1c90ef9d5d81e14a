"""The seed content, loaded once per test session and copied in as rows for each test after.

`load_klossnet` takes one to two seconds (services, validation, history); some 180 tests
need its content. The first test that asks for it loads it through the command and the rows
it added are read back, table by table; every later test gets the same rows inserted
directly, inside its own transaction, so each still starts from exactly what the command
makes and rolls back alone. Foreign keys are deferred to the commit on SQLite and
PostgreSQL alike (Django creates them DEFERRABLE INITIALLY DEFERRED), so the order of
insertion does not matter; PostgreSQL's sequences are moved past the copied ids.
"""

import os

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

# Django's own bookkeeping, written by migrate, never by the seed.
SKIP = {"django_migrations", "django_content_type", "auth_permission"}
# SQLite keeps an FTS5 table's data in shadow tables that the virtual table maintains itself.
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")

_snapshots: dict[str, list[tuple[str, list[str], list[tuple]]]] = {}


def _tables() -> list[str]:
    names = set(connection.introspection.table_names(include_views=False)) - SKIP
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
            )
            virtual = [row[0] for row in cursor.fetchall()]
        names -= {f"{name}{suffix}" for name in virtual for suffix in FTS5_SHADOWS}
        names -= {name for name in names if name.startswith("sqlite_")}
    return sorted(names)


def _rows(table: str) -> tuple[list[str], set[tuple]]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite" and _is_virtual(cursor, table):
            cursor.execute(f"SELECT rowid, * FROM {quote(table)}")
        else:
            cursor.execute(f"SELECT * FROM {quote(table)}")
        columns = [column[0] for column in cursor.description]
        return columns, set(cursor.fetchall())


def _is_virtual(cursor, table: str) -> bool:
    cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
    row = cursor.fetchone()
    return bool(row and row[0] and row[0].upper().startswith("CREATE VIRTUAL"))


def load_seed() -> None:
    """Give the current test the seed content, as `manage.py load_klossnet` loads it."""
    key = connection.settings_dict["NAME"]
    snapshot = _snapshots.get(key)
    if snapshot is None:
        before = {table: _rows(table)[1] for table in _tables()}
        call_command("load_klossnet", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        snapshot = []
        for table in _tables():
            columns, rows = _rows(table)
            added = sorted(rows - before.get(table, set()), key=repr)
            if added:
                snapshot.append((table, columns, added))
        _snapshots[key] = snapshot
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns, rows in snapshot:
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)

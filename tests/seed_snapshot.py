"""The seed content, loaded once per test session and copied in as rows for each test after.

`load_klossnet` takes one to two seconds (services, validation, history) and 15 s where its
commit hooks run (the search index); some 200 tests need its content. The first test that
asks for it loads it through the command, and the rows the command added are read back,
table by table. Every later test gets the same rows inserted directly, inside one
transaction, on top of whatever the test made before, so each starts from what the command
makes and its own changes stay its own (rolled back, or flushed after a transactional test).
Foreign keys are checked at the commit on SQLite and PostgreSQL alike (Django creates them
DEFERRABLE INITIALLY DEFERRED), so the order of the tables does not matter.

The seed's rows point at content types and permissions (its history does), which migrate
made, not the seed; a flush after a transactional test makes them anew under other ids, so
those references are carried by natural key (app label, model, codename) and mapped to
today's ids. Any other reference to a row the seed did not make is refused when the snapshot
is taken, so a change in the seed cannot silently break the copy.

Transactional tests (the live server of the browser tests) get a snapshot of their own:
there the command commits, so what waits for the commit (the search index) is part of it.
"""

import os
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

# SQLite keeps an FTS5 table's data in shadow tables that the virtual table maintains itself.
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
CONTENT_TYPES, PERMISSIONS = "django_content_type", "auth_permission"


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple]
    # column index → the table (content types or permissions) whose ids it holds
    mapped: dict[int, str] = field(default_factory=dict)


@dataclass
class Snapshot:
    tables: list[Table]
    keys: dict[str, dict[int, tuple]]  # content type / permission id → natural key


_snapshots: dict[tuple[str, bool], Snapshot] = {}


def _virtual_tables(cursor) -> set[str]:
    if connection.vendor != "sqlite":
        return set()
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
    )
    return {row[0] for row in cursor.fetchall()}


def _tables(cursor) -> list[str]:
    names = set(connection.introspection.table_names(cursor, include_views=False))
    names -= {"django_migrations", CONTENT_TYPES, PERMISSIONS}
    if connection.vendor == "sqlite":
        names -= {name for name in names if name.startswith("sqlite_")}
        names -= {f"{name}{suffix}" for name in _virtual_tables(cursor) for suffix in FTS5_SHADOWS}
    return sorted(names)


def _read(cursor, table: str, virtual: set[str]) -> tuple[list[str], set[tuple]]:
    rowid = "rowid, " if table in virtual else ""
    cursor.execute(f"SELECT {rowid}* FROM {connection.ops.quote_name(table)}")
    return [column[0] for column in cursor.description], set(cursor.fetchall())


def _natural_keys(cursor) -> dict[str, dict[int, tuple]]:
    cursor.execute(f"SELECT id, app_label, model FROM {CONTENT_TYPES}")
    types = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    cursor.execute(f"SELECT id, content_type_id, codename FROM {PERMISSIONS}")
    permissions = {row[0]: (types[row[1]], row[2]) for row in cursor.fetchall()}
    return {CONTENT_TYPES: types, PERMISSIONS: permissions}


def _take(before: dict[str, set[tuple]]) -> Snapshot:
    tables = []
    with connection.cursor() as cursor:
        virtual = _virtual_tables(cursor)
        for name in _tables(cursor):
            columns, rows = _read(cursor, name, virtual)
            added = sorted(rows - before.get(name, set()), key=repr)
            if not added:
                continue
            table = Table(name, columns, added)
            relations = (
                {} if name in virtual else connection.introspection.get_relations(cursor, name)
            )
            for column, (_target_column, target) in relations.items():
                index = columns.index(column)
                if target in {CONTENT_TYPES, PERMISSIONS}:
                    table.mapped[index] = target
                elif before.get(target) and any(row[index] is not None for row in added):
                    # The seed may refer to what it made itself; anything else would need a
                    # mapping like the content types'.
                    made = {row[0] for row in before[target]}
                    stray = {row[index] for row in added} & made
                    assert not stray, (
                        f"{name}.{column} refers to {target} rows the seed did not make"
                    )
            tables.append(table)
        return Snapshot(tables, _natural_keys(cursor))


def _restore(snapshot: Snapshot) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        now = {
            kind: {key: pk for pk, key in ids.items()}
            for kind, ids in _natural_keys(cursor).items()
        }
        remap = {
            kind: {
                old: now[kind][key] for old, key in snapshot.keys[kind].items() if key in now[kind]
            }
            for kind in (CONTENT_TYPES, PERMISSIONS)
        }
        for table in snapshot.tables:
            rows = table.rows
            if table.mapped:
                rows = [
                    tuple(
                        remap[table.mapped[i]][value]
                        if i in table.mapped and value is not None
                        else value
                        for i, value in enumerate(row)
                    )
                    for row in rows
                ]
            if table.columns[0] == "rowid":
                # Django's flush leaves the full-text table alone: clear rows under these ids.
                cursor.executemany(
                    f"DELETE FROM {quote(table.name)} WHERE rowid = %s", [row[:1] for row in rows]
                )
            names = ", ".join(quote(column) for column in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", rows)
        if connection.vendor == "postgresql":
            # Models without a table of their own (unmanaged, as django-rq's dashboard) have
            # no sequence.
            tabled = [model for model in apps.get_models() if model._meta.managed]
            for statement in connection.ops.sequence_reset_sql(no_style(), tabled):
                cursor.execute(statement)


def load_seed() -> None:
    """Give the current test the seed content, as `manage.py load_klossnet` loads it."""
    # Inside the test's transaction or committing as it goes: the two differ in what the
    # commit hooks wrote.
    key = (connection.settings_dict["NAME"], connection.in_atomic_block)
    if key in _snapshots:
        _restore(_snapshots[key])
        return
    with connection.cursor() as cursor:
        virtual = _virtual_tables(cursor)
        before = {name: _read(cursor, name, virtual)[1] for name in _tables(cursor)}
    call_command("load_klossnet", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    _snapshots[key] = _take(before)

"""A database made by the previous release migrates to this one and serves the same content.

The previous release is checked out from git (the commit before the project package was split
into apps), migrated and loaded with the seed content; then this code migrates the same
database. Every row stays, the moved models' content types and history follow them, and the
pages answer.
"""

import ast
import importlib
import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings

# Its databases are SQLite files of its own, whatever DATABASE_URL says (README: Tests and CI).
pytestmark = [pytest.mark.slow, pytest.mark.backend_independent]

# The last commit whose models lived in the project package (app label ``klossnet``).
PREVIOUS_RELEASE = "46ad69f"
ROOT = Path(settings.BASE_DIR)
# Rows Django itself adds for a new release's apps (migration records, content types and
# permissions of new models); everything else must be exactly as it was.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}


def _run(cwd: Path, database: Path, *command: str) -> str:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(database.parent / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(database.parent / "private-media"),
        "PYTHONPATH": str(cwd),
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _rows(database: Path) -> dict[str, list]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in BOOKKEEPING and not name.startswith("klossnet_search_fts_")
        ]
        return {
            table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))
            for table in tables
        }


def _relabel(row: str, moved: dict[str, str]) -> str:
    for model, app in moved.items():
        row = row.replace(f'"model": "klossnet.{model}"', f'"model": "{app}.{model}"')
    return row


def _own_theme_texts(row: str) -> str:
    """A theme row as meetings 0007 leaves it: an example theme's shared boilerplate
    description replaced by its own text."""
    migration = importlib.import_module("meetings.migrations.0007_theme_example_texts")
    values = ast.literal_eval(row)
    key = next((key for key in migration.NEW if key in values), None)
    if key is None:
        return row
    new = {migration.OLD[code]: migration.NEW[key][code] for code in ("sv", "en")}
    return repr(tuple(new.get(value, value) for value in values))


def test_a_database_of_the_previous_release_migrates_without_losing_a_row(tmp_path):
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", PREVIOUS_RELEASE],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.fail(f"The previous release {PREVIOUS_RELEASE} is not in this checkout: {error}")
    old = tmp_path / "previous"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(old, filter="data")
    database = tmp_path / "db.sqlite3"
    # The previous release's database in one process (its migrate, then its seed content).
    _run(
        old,
        database,
        "shell",
        "-c",
        "from django.core.management import call_command; "
        "call_command('migrate', interactive=False, verbosity=0); call_command('load_klossnet')",
    )
    before = _rows(database)
    assert before["klossnet_page"] and before["reversion_version"]

    _run(ROOT, database, "migrate", "--no-input", "-v", "0")

    # The versions' serialized rows name the models' new labels; nothing else differs.
    moved = {"page": "network", "testimonial": "network", "contact": "network"}
    moved |= {"accessibilitystatement": "network", "outgoingmail": "core"}
    expected = dict(before)
    expected["reversion_version"] = sorted(
        _relabel(row, moved) for row in before["reversion_version"]
    )
    # The one change a migration makes on purpose: the example themes' own texts.
    expected["meetings_theme"] = sorted(map(_own_theme_texts, before["meetings_theme"]))
    assert expected["meetings_theme"] != before["meetings_theme"]
    after = _rows(database)
    # The privacy page's seed text gains what is said about attendance (network/0003); the
    # rest of that row, and every other page, stays as it was.
    privacy_before = [row for row in before["klossnet_page"] if "'privacy'" in row]
    privacy_after = [row for row in after["klossnet_page"] if "'privacy'" in row]
    assert len(privacy_before) == len(privacy_after) == 1
    assert "Närvaro vid nätverksmöten" not in privacy_before[0]
    assert "Närvaro vid nätverksmöten" in privacy_after[0]
    assert "Attendance at network meetings" in privacy_after[0]
    expected["klossnet_page"] = sorted(
        [*(row for row in before["klossnet_page"] if "'privacy'" not in row), *privacy_after]
    )
    # The coordinator group holds every permission of the portal's models by rule
    # (members.groups): it keeps each it had and gains those of models and permissions added
    # since, which are new rows of auth_permission.
    granted_before = set(before["auth_group_permissions"])
    assert granted_before <= set(after["auth_group_permissions"])
    expected["auth_group_permissions"] = after["auth_group_permissions"]
    # Tables of apps added since (the task queue) start empty.
    added = {table: rows for table, rows in after.items() if table not in before}
    assert added == dict.fromkeys(added, [])
    assert {table: rows for table, rows in after.items() if table in before} == expected
    with sqlite3.connect(database) as connection:
        labels = dict(
            connection.execute(
                "SELECT model, app_label FROM django_content_type "
                "WHERE model IN ('page', 'searchdocument', 'outgoingmail')"
            )
        )
        stale = connection.execute(
            "SELECT count(*) FROM django_content_type WHERE app_label = 'klossnet'"
        ).fetchone()[0]
    assert labels == {"page": "network", "searchdocument": "search", "outgoingmail": "core"}
    assert stale == 0
    # The pages answer with the content, and an old version of a moved model still restores.
    out = _run(
        ROOT,
        database,
        "shell",
        "-c",
        "from django.test import Client; from reversion.models import Version; "
        "get = Client(HTTP_HOST='localhost').get; "
        "from network.models import Page; "
        "page = Page.objects.get(key='about'); "
        "version = Version.objects.get_for_object(page).first(); "
        "version.revision.revert(); "
        "print(get('/sv/').status_code, get('/sv/om-klossnet/').status_code, "
        "get('/sv/sok/?q=samverkan').status_code)",
    )
    assert out.strip().splitlines()[-1].split() == ["200", "200", "200"]

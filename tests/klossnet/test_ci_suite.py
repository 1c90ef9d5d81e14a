"""How CI runs the suite (.ci/run, the Makefile, README: Tests and CI): the whole suite once,
on SQLite, and again on PostgreSQL only what can depend on the database backend."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
MARK = "pytest.mark.backend_independent"

pytestmark = pytest.mark.backend_independent  # reads files only


def make_target(name: str) -> tuple[list[str], str]:
    """A Makefile target's prerequisites and its recipe."""
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(name)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert match, f"no target {name} in the Makefile"
    return match.group(1).split(), match.group(2)


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Tests and CI\n(.*?)(?=^## )", readme, re.M | re.S)
    assert match, "README.md has no section 'Tests and CI'"
    return match.group(1)


def marked_files() -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").glob("**/test_*.py")
        if MARK in path.read_text()
    }


def test_ci_runs_the_whole_suite_on_sqlite_and_what_depends_on_the_backend_on_postgresql():
    ci = (ROOT / ".ci" / "run").read_text()
    runs = re.findall(r"^((?:\w+=\S+ )*)make (test[\w-]*)$", ci, re.M)
    assert runs == [("", "test"), ('DATABASE_URL="$pg_url" ', "test-backend")]


def test_make_test_backend_leaves_out_the_backend_independent_tests_and_the_checks():
    prerequisites, recipe = make_target("test-backend")
    assert '-m "not backend_independent"' in recipe
    assert not {"lint", "migrations-check", "lock-check"} & set(prerequisites)
    # `make test` stays the whole suite with every check.
    prerequisites, recipe = make_target("test")
    assert {"lint", "migrations-check", "lock-check"} <= set(prerequisites)
    assert " -m " not in recipe


def listed_files() -> dict[str, str]:
    """The README's list of files with backend_independent tests: {file: the reason}."""
    listed = {}
    for bullet in re.findall(r"^- (.*?)(?=^- |^$)", readme_section(), re.M | re.S):
        names, reason = re.match(r"(.*?[`)]): (.*)", bullet, re.S).groups()
        for name in re.findall(r"`(tests/[\w/]+\.py)`", names):
            listed[name] = reason.strip()
    return listed


def test_every_backend_independent_test_is_in_the_readme_with_its_reason():
    listed = listed_files()
    assert marked_files(), "no test is marked backend_independent"
    assert set(listed) == marked_files()
    assert all(len(reason) > 40 for reason in listed.values()), listed


def test_the_marker_is_registered_with_its_meaning():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"backend_independent: cannot differ between SQLite and PostgreSQL' in pyproject

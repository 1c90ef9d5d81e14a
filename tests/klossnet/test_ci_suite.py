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
    assert runs == [
        ("KLOSSNET_TEST_CACHE=memory ", "test"),
        ('DATABASE_URL="$pg_url" ', "test-backend"),
    ]


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


class _Item:
    def __init__(self, name, *markers):
        self.name, self.markers = name, set(markers)

    def get_closest_marker(self, name):
        return name if name in self.markers else None

    def add_marker(self, marker):
        self.markers.add(marker)


def test_under_xdist_the_long_tests_go_first_and_the_workers_take_two_at_a_time(monkeypatch):
    from tests.conftest import pytest_collection_modifyitems

    names = ["a", "browser-1", "b", "slow-1", "c", "browser-2"]
    items = [_Item(name, *([name.split("-")[0]] if "-" in name else [])) for name in names]
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    pytest_collection_modifyitems(None, items)
    assert [item.name for item in items] == ["browser-1", "slow-1", "browser-2", "a", "b", "c"]
    # Started by hand, without xdist, the tests keep the order of their files.
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    items = [_Item(name) for name in names]
    pytest_collection_modifyitems(None, items)
    assert [item.name for item in items] == names
    makefile = (ROOT / "Makefile").read_text()
    assert "PYTEST_XDIST = -n $(TEST_WORKERS) --dist load --maxschedchunk 2\n" in makefile


def test_the_collector_leaves_what_collection_loaded_alone_and_runs_less_often():
    """tests/conftest.py's pytest_collection_finish has run in this process (each xdist
    worker collects for itself): what was loaded is frozen, the thresholds are the run's."""
    import gc

    from tests.conftest import GC_THRESHOLDS

    assert gc.get_freeze_count() > 100_000
    assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.isenabled()

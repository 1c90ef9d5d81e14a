"""Lower apps do not import upper ones: what an upper app shows on a lower app's page comes
through an app-config hook (``members.apps``, ``steering.apps``). Checked on the imports
(ast) of every module of the lower app, migrations aside, including imports inside
functions."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# A lower app and the apps above it that it must not import.
LAYERS = [
    ("steering", {"projects"}),
]


def imported_top_level_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from projects.models import Project\n")
    assert imported_top_level_packages(module) == {"os", "projects"}


@pytest.mark.parametrize(("app", "upper"), LAYERS)
def test_a_lower_app_does_not_import_the_apps_above_it(app, upper):
    root = Path(settings.BASE_DIR) / app
    found = {
        f"{path.relative_to(root.parent)}: {', '.join(sorted(hits))}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and (hits := imported_top_level_packages(path) & upper)
    }
    assert not found, found

"""The list of languages is written once, in settings.LANGUAGES.

Everything else derives from it (settings.LANGUAGES, LANGUAGE_CODE,
MODELTRANSLATION_LANGUAGES): this test reads the apps' Python code (ast, not a grep) and
fails on a literal list of all the language codes, e.g. ``("sv", "en")``,
``[("sv", _("Swedish")), ("en", _("English"))]`` or a TextChoices class of them, or of a
translated field's columns, ``("speakers_sv", "speakers_en")`` (modeltranslation's
``build_localized_fieldname`` makes those from the list).
"""

import ast
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CODES = {code for code, _name in settings.LANGUAGES}
SKIPPED_PARTS = {"migrations", "tests", "node_modules", "staticfiles", ".venv", "venv"}


def _app_python_files():
    for path in sorted(BASE_DIR.rglob("*.py")):
        relative = path.relative_to(BASE_DIR)
        if SKIPPED_PARTS & set(relative.parts) or relative.parts[0].startswith("."):
            continue
        if relative == Path("klossnet/settings.py"):
            continue  # the one place the list is written
        yield relative, path


def _leading_code(node) -> str | None:
    """ "sv" for ``"sv"``, ``("sv", _("Swedish"))``, ``SWEDISH = "sv", _("Swedish")`` and a
    translated field's column, ``"speakers_sv"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        stem, _underscore, suffix = node.value.rpartition("_")
        return suffix if stem and suffix in CODES else node.value
    if isinstance(node, ast.Tuple) and node.elts:
        first = node.elts[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def hard_coded_language_lists(source: str) -> list[int]:
    """Line numbers of literal lists (tuples, sets, class bodies) of all the codes."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.ClassDef):
            items = [item.value for item in node.body if isinstance(item, ast.Assign)]
        else:
            continue
        codes = [_leading_code(item) for item in items]
        if len(items) == len(CODES) and set(codes) == CODES:
            lines.append(node.lineno)
    return lines


def test_the_detector_finds_the_forms_a_language_list_takes():
    first, second = sorted(CODES)
    assert hard_coded_language_lists(f"LANGUAGES = ({first!r}, {second!r})") == [1]
    assert hard_coded_language_lists(f"for code in [{first!r}, {second!r}]: pass") == [1]
    assert hard_coded_language_lists(f"choices = (({first!r}, _('A')), ({second!r}, _('B')))") == [
        1
    ]
    assert hard_coded_language_lists(
        f"class Language(TextChoices):\n    A = {first!r}, _('A')\n    B = {second!r}, _('B')\n"
    ) == [1]
    assert hard_coded_language_lists(f"for f in ('title_{first}', 'title_{second}'): pass") == [1]
    # Not a list of the languages: one code, or codes among other values.
    assert hard_coded_language_lists(f"x = {first!r} if y else {second!r}") == []
    assert hard_coded_language_lists(f"x = ({first!r}, {second!r}, 'de')") == []


def test_no_app_code_writes_its_own_list_of_languages():
    found = [
        f"{relative}:{line}"
        for relative, path in _app_python_files()
        for line in hard_coded_language_lists(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"use settings.LANGUAGES instead of a literal list at {found}"


def test_modeltranslation_follows_the_languages_setting():
    assert tuple(settings.MODELTRANSLATION_LANGUAGES) == tuple(
        code for code, _ in settings.LANGUAGES
    )
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == settings.LANGUAGE_CODE

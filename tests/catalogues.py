"""Compiled translations for the test run: every stale .mo is compiled from its .po first.

The .mo files are build output (git ignores them) and only `make messages` writes them,
while the tests are usually run with pytest directly. A checkout whose .po files moved on
since the last compile (a pull, a rebase, a landing on main) then served the old
catalogue: new strings showed in English, and tests of translated messages failed with
nothing wrong in the code. A catalogue is stale when its .mo is missing or translates
differently from its .po; contents are compared, not times, since a copied or restored
file can be newer and still old. polib compiles as the Makefile's fallback does, so no
gettext tools are needed.
"""

import os
import pathlib

import polib


def catalogues(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(
        path for path in root.glob("**/locale/*/LC_MESSAGES/*.po") if ".venv" not in path.parts
    )


def translations(entries) -> dict:
    """What a catalogue translates, keyed as gettext looks it up (header left out)."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): entry.msgstr_plural or entry.msgstr
        for entry in entries
        if entry.msgid
    }


def stale(po_path: pathlib.Path) -> bool:
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return True
    source = polib.pofile(str(po_path)).translated_entries()
    return translations(polib.mofile(str(mo_path))) != translations(source)


def compile_stale(root: pathlib.Path) -> list[pathlib.Path]:
    """Compile each stale catalogue under root; return the .po files compiled."""
    compiled = []
    for po_path in catalogues(root):
        if not stale(po_path):
            continue
        mo_path = po_path.with_suffix(".mo")
        # Written under another name and renamed: a server reading the catalogue meanwhile
        # sees the old file or the new one, never half of one.
        partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        os.replace(partial, mo_path)
        compiled.append(po_path)
    return compiled


def translations_forget():
    """Make Django read the catalogues again: pytest-django sets Django up before any
    conftest runs, and setting up already loads the catalogues. Django keeps its merged
    translations (reset as its setting_changed receiver does for LOCALE_PATHS), and the
    standard library's gettext keeps every parsed .mo by path, so both are dropped."""
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    gettext._translations.clear()
    trans_real._default = None
    trans_real._active = Local()
    trans_real._translations = {}
    trans_real.translation_catalog_exists.cache_clear()

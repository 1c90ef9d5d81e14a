"""Loading the seed content (``manage.py load_klossnet``): the building blocks every app's
loader uses.

Seed content lives as JSON in ``content/`` at the project's root, one file per app.
Translated values are written as
``{"sv": "…", "en": "…"}`` and land in modeltranslation's ``<field>_sv``/``<field>_en``.
Loading creates what is missing and leaves existing rows alone, so running it again never
undoes the coordinator's edits.
"""

import json
from typing import Any, TypeVar

from django.conf import settings
from django.db import models

M = TypeVar("M", bound=models.Model)

CONTENT_DIR = settings.BASE_DIR / "content"


def content_read(name: str) -> Any:
    return json.loads((CONTENT_DIR / f"{name}.json").read_text(encoding="utf-8"))


def translated_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Expand {"title": {"sv": "…", "en": "…"}} into title_sv/title_en (and title)."""
    expanded: dict[str, Any] = {}
    for field, value in values.items():
        if isinstance(value, dict) and set(value) <= {code for code, _ in settings.LANGUAGES}:
            for code, text in value.items():
                expanded[f"{field}_{code}"] = text
            expanded[field] = value.get(settings.LANGUAGE_CODE, "")
        else:
            expanded[field] = value
    return expanded


def seed_get_or_create(
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[M, bool]:
    """Create ``model`` from seed values unless a row matching ``lookup`` exists."""
    instance = model.objects.filter(**lookup).first()
    if instance is not None:
        return instance, False
    instance = model(**translated_fields({**lookup, **values}))
    instance.full_clean()
    instance.save()
    return instance, True

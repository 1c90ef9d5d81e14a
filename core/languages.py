"""Names derived from the one list of languages, settings.LANGUAGES."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def localized_fieldnames(field: str) -> list[str]:
    """A translated field's columns, one per language: ``["name_sv", "name_en"]`` for
    ``"name"`` (search fields, lookups across a relation, erasure in every language)."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]

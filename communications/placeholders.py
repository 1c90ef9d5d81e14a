"""Placeholders in the coordinator's texts: a fixed set of names in braces, ``{meeting}``.

The text is never given to a template engine: each known ``{name}`` is replaced by its value
for the recipient, so nothing the coordinator writes can reach an attribute, a tag or a
setting. Braces around anything else are left as written (and refused by the forms).
"""

import re

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

NAMES = (
    "meeting",
    "date",
    "dates",
    "place",
    "name",
    "registration_link",
    "registration_closes",
    "meeting_link",
    "materials_link",
    "parts",
)


def unknown_placeholders(text: str) -> list[str]:
    """The names in braces that are not placeholders, each once, in order."""
    return list(dict.fromkeys(name for name in PLACEHOLDER.findall(text) if name not in NAMES))


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each known placeholder replaced by its value (in one pass: a value that
    itself holds braces is not filled again)."""
    return PLACEHOLDER.sub(
        lambda match: str(values.get(match.group(1), match.group(0))), text or ""
    )

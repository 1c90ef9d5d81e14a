"""Swedish phone numbers as people write them (``08-790 60 63``), for Swedish readers as
written and for everyone else in international format (``+46 8 790 60 63``), with the
``tel:`` address in E.164 (``+4687906063``) for every reader."""

import re

COUNTRY_CODE = "46"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def phone_e164(number: str) -> str:
    """The number as a ``tel:`` address: ``+`` and digits (a national number gets +46)."""
    number = (number or "").strip()
    if number.startswith("+"):
        return "+" + _digits(number)
    digits = _digits(number)
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return f"+{COUNTRY_CODE}{digits[1:]}"
    return digits


def phone_international(number: str) -> str:
    """A national Swedish number in international format, keeping the writer's grouping:
    the area code (before the dash or the first space) loses its 0 and follows +46."""
    number = (number or "").strip()
    if not number.startswith("0") or number.startswith("00"):
        return number
    parts = re.split(r"\s*-\s*|\s+", number, maxsplit=1)
    area = _digits(parts[0])[1:]
    rest = parts[1].strip() if len(parts) > 1 else ""
    return f"+{COUNTRY_CODE} {area} {rest}".strip() if area else number

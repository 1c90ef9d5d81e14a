"""Loading the seed content (``manage.py load_klossnet``).

Seed content lives as JSON in ``klossnet/content/``. Translated values are written as
``{"sv": "…", "en": "…"}`` and land in modeltranslation's ``<field>_sv``/``<field>_en``.
Loading creates what is missing and leaves existing rows alone, so running it again never
undoes the coordinator's edits.
"""

import json
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction

from .models import AccessibilityStatement, Contact, Page, Testimonial

M = TypeVar("M", bound=models.Model)

CONTENT_DIR = Path(__file__).resolve().parent / "content"


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


@transaction.atomic
def network_content_load() -> None:
    content = content_read("network")
    for key, values in content["pages"].items():
        seed_get_or_create(Page, lookup={"key": key}, values=values)
    for position, values in enumerate(content["testimonials"]):
        seed_get_or_create(
            Testimonial,
            lookup={"name": values["name"]},
            values={**values, "position": position},
        )
    if not Contact.objects.exists():
        seed_get_or_create(Contact, lookup={"pk": Contact.singleton_pk}, values=content["contact"])
    if not AccessibilityStatement.objects.exists():
        seed_get_or_create(
            AccessibilityStatement,
            lookup={"pk": AccessibilityStatement.singleton_pk},
            values=content["accessibility_statement"],
        )


@transaction.atomic
def coordinator_ensure(*, email: str, password: str):
    """Create a superuser coordinator who can log in with ``email`` straight away.

    The coordinator is also put in the coordinator group, so taking away superuser rights
    later still leaves them able to do all content work.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from members.groups import coordinator_group_ensure

    user = get_user_model().objects.create_superuser(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(coordinator_group_ensure())
    return user

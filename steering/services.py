"""Actions that change the steering group: loading the seed content."""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from core.content import content_read, seed_get_or_create
from meetings.services import themes_by_seed_key
from members.models import Institution, Person

from .models import SteeringGroup, SteeringGroupMembership, WorkingGroup


def person_by_name(name: str) -> Person:
    """The person the members content created (matched by exact name)."""
    person = Person.objects.filter(name=name).first()
    if person is None:
        raise ImproperlyConfigured(f"{name} is not in the member content (content/members.json).")
    return person


def institution_by_short_name(short_name: str) -> Institution:
    institution = Institution.objects.filter(short_name=short_name).first()
    if institution is None:
        raise ImproperlyConfigured(
            f"No institution with the short name {short_name} in content/members.json."
        )
    return institution


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def steering_content_load() -> None:
    """Create the steering group's texts, memberships and working groups that are missing."""
    content = content_read("steering")
    if not SteeringGroup.objects.exists():
        seed_get_or_create(
            SteeringGroup,
            lookup={"pk": SteeringGroup.singleton_pk},
            values=content["steering_group"],
        )
    for entry in content["memberships"]:
        values = dict(entry)
        person = person_by_name(values.pop("person"))
        institution = institution_by_short_name(values.pop("institution"))
        for key in ("started_on", "ended_on", "listed_on"):
            values[key] = _date(values.get(key))
        # Matched by person only: once the coordinator has changed a role or ended a
        # membership, loading again must not add a second one (or a second convener).
        seed_get_or_create(
            SteeringGroupMembership,
            lookup={"person": person},
            values={**values, "institution": institution},
        )
    for entry in content["working_groups"]:
        values = dict(entry)
        slug = values.pop("slug")
        themes = values.pop("themes", [])
        values["started_on"] = _date(values.get("started_on"))
        values["ended_on"] = _date(values.get("ended_on"))
        group, created = seed_get_or_create(
            WorkingGroup, lookup={"slug_sv": slug["sv"]}, values={**values, "slug": slug}
        )
        if created:
            group.themes.set(themes_by_seed_key(themes))

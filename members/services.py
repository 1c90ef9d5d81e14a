"""Actions that change member data: loading the seed content, cleaning uploaded photos."""

import datetime

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from klossnet.history import history_purge
from klossnet.services import content_read, seed_get_or_create
from klossnet.uploads import image_without_metadata

from .models import Institution, Person

# Keys in members.json that document the content but are not model fields.
_NOTE_KEYS = {"basis"}


def _institution_values(entry: dict) -> dict:
    values = {key: value for key, value in entry.items() if key not in _NOTE_KEYS}
    for key in ("member_since", "member_until"):
        if values.get(key):
            values[key] = datetime.date.fromisoformat(values[key])
    if values.get("successor"):
        values["successor"] = Institution.objects.get(short_name=values["successor"])
    return values


@transaction.atomic
def members_content_load() -> None:
    """Create the institutions and people of ``klossnet/content/members.json`` that are missing.

    Institutions are matched by short name, people by name; existing rows are left as the
    coordinator edited them. Representations are not loaded: the sources do not say who
    represents whom, so the coordinator adds them.
    """
    content = content_read("members")
    for entry in content["institutions"]:
        values = _institution_values(entry)
        short_name = values.pop("short_name")
        institution, created = seed_get_or_create(
            Institution, lookup={"short_name": short_name}, values=values
        )
        if not created and not institution.has_coordinates and values.get("latitude"):
            # Coordinates came after the institutions: fill them in where none are set.
            institution.latitude = values["latitude"]
            institution.longitude = values["longitude"]
            institution.full_clean()
            institution.save(update_fields=["latitude", "longitude"])
    for entry in content["people"]:
        values = dict(entry)
        name = values.pop("name")
        values["institution"] = Institution.objects.get(short_name=values["institution"])
        seed_get_or_create(Person, lookup={"name": name}, values=values)


def institution_membership_end(*, institution: Institution, on: datetime.date) -> bool:
    """Record that ``institution`` left the network on ``on``; nothing is deleted.

    Returns False (and changes nothing) when it is not a member on that day.
    """
    if not institution.member_since or institution.member_since > on:
        return False
    if institution.member_until and institution.member_until < on:
        return False
    institution.member_until = on
    institution.full_clean()
    institution.save(update_fields=["member_until"])
    return True


def person_photo_strip_metadata(*, person: Person) -> None:
    """Re-encode a newly uploaded photo without EXIF (no GPS or camera data is published)."""
    if person.photo:
        person.photo = image_without_metadata(person.photo, name=person.photo.name)


def person_consent_touch(*, person: Person) -> None:
    """Record when the publication consent was given or withdrawn."""
    person.consent_changed_at = timezone.now()


def person_erase(*, person: Person) -> dict[str, int]:
    """Erase a person on request (GDPR art. 17): the person, their links and their login.

    Rows that only link the person to something else (representations, steering-group
    memberships, project contacts, …) are removed with them; the meetings, projects and
    institutions they point to stay. Speaker names in agendas are plain text the
    coordinator edits. Their stored versions go as well (klossnet.history). Returns how
    many linking rows of each kind went.
    """
    removed: dict[str, int] = {}
    with transaction.atomic():
        # Apps whose rows need more than a delete (e.g. a freed meeting place goes to the
        # waiting list) name an eraser on their AppConfig: ``person_eraser = "dotted.path"``,
        # a callable ``(*, person) -> dict[str, int]``.
        for app_config in apps.get_app_configs():
            eraser = getattr(app_config, "person_eraser", None)
            if eraser:
                removed.update(import_string(eraser)(person=person))
        for relation in person._meta.related_objects:
            if relation.one_to_many and relation.on_delete is models.PROTECT:
                links = relation.related_model._default_manager.filter(
                    **{relation.field.name: person}
                )
                count = links.count()
                if count:
                    links.delete()
                    removed[str(relation.related_model._meta.verbose_name_plural)] = count
        user = person.user
        # The history must forget them too: their versions, versions of rows that named
        # them, and the admin log lines about them.
        history_purge(objects=[person], mentioning=person.name)
        person.delete()
        if user is not None:
            user.delete()
        # Their photo goes with the row, after the commit (klossnet.stored_files).
    return removed

"""Reads of the guests: the talks on a meeting's agenda (the ``agenda_guests`` hook of
``meetings.apps``) and the guests page."""

from dataclasses import dataclass, field

from django.urls import reverse

from .models import Guest, Organisation, Talk


def agenda_guests(agenda_items) -> dict[int, list[dict]]:
    """The talks of ``agenda_items``, by agenda item: each as ``label`` (name or role, and
    organisation), ``url`` (its place on the guests page) and ``admin_url`` (one query)."""
    talks = (
        Talk.objects.filter(agenda_item__in=[item.pk for item in agenda_items])
        .select_related("guest", "organisation")
        .order_by("agenda_item_id", "order", "pk")
    )
    placed: dict[int, list[dict]] = {}
    for talk in talks:
        placed.setdefault(talk.agenda_item_id, []).append(
            {
                "label": talk.speaker_label,
                "url": talk.url,
                "admin_url": reverse("admin:guests_talk_change", args=[talk.pk]),
            }
        )
    return placed


@dataclass
class OrganisationVisits:
    organisation: Organisation
    talks: list[Talk] = field(default_factory=list)


@dataclass
class PersonVisits:
    guest: Guest
    talks: list[Talk] = field(default_factory=list)


@dataclass
class KindGroup:
    kind: str
    label: str
    organisations: list[OrganisationVisits]


def guest_page() -> dict:
    """Who has visited the network, for the guests page (one query, whatever the data):
    ``kinds``, the organisations by kind, each with its talks (its people among them);
    ``people``, those who spoke for no organisation, each with their talks. Only talks at
    published meetings count; the oldest first, so each guest's visits read as a history."""
    talks = (
        Talk.objects.published()
        .select_related("agenda_item__meeting", "guest", "organisation")
        .order_by("agenda_item__meeting__date", "agenda_item__order", "order", "pk")
    )
    organisations: dict[int, OrganisationVisits] = {}
    people: dict[int, PersonVisits] = {}
    anchored: set[int] = set()
    for talk in talks:
        # A person's anchor goes on their first talk on the page, so each id appears once.
        talk.guest_anchor = talk.guest_id is not None and talk.guest_id not in anchored
        if talk.guest_id:
            anchored.add(talk.guest_id)
        if talk.organisation_id:
            organisations.setdefault(
                talk.organisation_id, OrganisationVisits(talk.organisation)
            ).talks.append(talk)
        else:
            talk.guest_anchor = False  # the person's heading carries it
            people.setdefault(talk.guest_id, PersonVisits(talk.guest)).talks.append(talk)
    kinds = []
    for kind, label in Organisation.Kind.choices:
        members = sorted(
            (visits for visits in organisations.values() if visits.organisation.kind == kind),
            key=lambda visits: visits.organisation.name.casefold(),
        )
        if members:
            kinds.append(KindGroup(kind, label, members))
    return {
        "kinds": kinds,
        "people": sorted(people.values(), key=lambda visits: visits.guest.public_name.casefold()),
    }

"""Synthetic guests for ``manage.py benchdata`` (names start with “[synthetic]”).

Per unit of scale: as many organisations (7, one of each kind), people (5) and talks (11)
as the seed has, the talks at the synthetic meetings' agenda items (meetings' generator
runs first: INSTALLED_APPS order).
"""

from meetings.benchdata import SYNTHETIC_PREFIX
from meetings.models import AgendaItem

from .models import Guest, Organisation, Talk

ORGANISATIONS_PER_SCALE = len(Organisation.Kind.choices)
PEOPLE_PER_SCALE = 5
TALKS_PER_SCALE = 11


def guests_benchdata(*, scale: int) -> None:
    start = Organisation.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).count()
    kinds = [kind for kind, _label in Organisation.Kind.choices]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"{SYNTHETIC_PREFIX} Organisation {number}",
            name_sv=f"{SYNTHETIC_PREFIX} Organisation {number}",
            name_en=f"{SYNTHETIC_PREFIX} Organisation {number}",
            slug=f"synthetic-{number}",
            kind=kinds[number % len(kinds)],
        )
        for number in range(start, start + ORGANISATIONS_PER_SCALE * scale)
    )
    start = Guest.objects.filter(name__startswith=SYNTHETIC_PREFIX).count()
    people = Guest.objects.bulk_create(
        Guest(
            name=f"{SYNTHETIC_PREFIX} Gäst {number}",
            role="utredare",
            role_sv="utredare",
            role_en="investigator",
            organisation=organisations[number % len(organisations)] if number % 2 else None,
            publicly_named=number % 3 != 0,
        )
        for number in range(start, start + PEOPLE_PER_SCALE * scale)
    )
    items = list(
        AgendaItem.objects.filter(meeting__title_sv__startswith=SYNTHETIC_PREFIX, talks=None)
        .order_by("pk")
        .values_list("pk", flat=True)[: TALKS_PER_SCALE * scale]
    )
    talks = []
    for number, item in enumerate(items):
        guest = people[number % len(people)] if number % 4 else None
        talks.append(
            Talk(
                agenda_item_id=item,
                guest=guest,
                organisation=organisations[number % len(organisations)]
                if guest is None or number % 3 == 0
                else None,
                order=0,
            )
        )
    Talk.objects.bulk_create(talks)

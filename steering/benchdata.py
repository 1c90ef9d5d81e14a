"""Synthetic steering-group history for ``manage.py benchdata`` (names start with “[synthetic]”).

Per unit of scale: two earlier compositions of the steering group (six people each, one
convener, periods that never overlap) and ten working groups with five members each (more
than the network will have: so that at 3× the list of them is longer than a page). The people
are synthetic too; ``projects.benchdata`` reuses them as contact persons.
"""

import datetime

from members.models import Institution, Person
from search.signals import objects_changed

from .models import SteeringGroupMembership, WorkingGroup, WorkingGroupMembership

SYNTHETIC_PREFIX = "[synthetic]"
PEOPLE_PER_SCALE = 12
COMPOSITIONS_PER_SCALE = 2
WORKING_GROUPS_PER_SCALE = 10


def synthetic_institution_ids() -> list[int]:
    """The synthetic institutions' ids (the seed's when there are none), in order."""
    synthetic = Institution.objects.filter(short_name__startswith="SYN").order_by("pk")
    ids = list(synthetic.values_list("pk", flat=True))
    return ids or list(Institution.objects.order_by("pk").values_list("pk", flat=True))


def synthetic_people(*, scale: int) -> list[Person]:
    """Add ``PEOPLE_PER_SCALE × scale`` synthetic people and return the new ones."""
    institutions = synthetic_institution_ids()
    start = Person.objects.filter(name__startswith=SYNTHETIC_PREFIX).count()
    people = [
        Person(
            name=f"{SYNTHETIC_PREFIX} Person {number}",
            title_sv="vicerektor",
            title_en="Pro-Vice-Chancellor",
            institution_id=institutions[number % len(institutions)],
            email=f"synthetic{number}@example.org",
        )
        for number in range(start + 1, start + 1 + PEOPLE_PER_SCALE * scale)
    ]
    return Person.objects.bulk_create(people, batch_size=500)


def steering_benchdata(*, scale: int) -> None:
    people = synthetic_people(scale=scale)
    earlier = SteeringGroupMembership.objects.filter(
        person__name__startswith=SYNTHETIC_PREFIX
    ).count()
    # Synthetic compositions lie in the 1990s and earlier, one per year, never overlapping.
    first_period = earlier // 6
    memberships = []
    for offset in range(COMPOSITIONS_PER_SCALE * scale):
        period = first_period + offset
        started_on = datetime.date(1999 - period, 1, 1)
        ended_on = datetime.date(1999 - period, 12, 31)
        for seat in range(6):
            person = people[(offset * 6 + seat) % len(people)]
            memberships.append(
                SteeringGroupMembership(
                    person_id=person.pk,
                    institution_id=person.institution_id,
                    role=(
                        SteeringGroupMembership.Role.CONVENER
                        if seat == 0
                        else SteeringGroupMembership.Role.MEMBER
                    ),
                    started_on=started_on,
                    ended_on=ended_on,
                    position=seat,
                )
            )
    SteeringGroupMembership.objects.bulk_create(memberships, batch_size=500)

    start = WorkingGroup.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).count()
    groups = [
        WorkingGroup(
            name_sv=f"{SYNTHETIC_PREFIX} Arbetsgrupp {number}",
            name_en=f"{SYNTHETIC_PREFIX} Working group {number}",
            slug_sv=f"syntetisk-arbetsgrupp-{number}",
            slug_en=f"synthetic-working-group-{number}",
            description_sv="Syntetisk arbetsgrupp för mätningar.",
            description_en="Synthetic working group for measurements.",
            # Before everything else synthetic: ten a unit of scale would otherwise crowd
            # the first page of every theme's timeline more as the scale grows.
            started_on=datetime.date(1950 - number % 20, 1, 1),
        )
        for number in range(start + 1, start + 1 + WORKING_GROUPS_PER_SCALE * scale)
    ]
    for group in groups:
        group.normalise_period()  # as save() does
    groups = WorkingGroup.objects.bulk_create(groups, batch_size=500)
    WorkingGroupMembership.objects.bulk_create(
        [
            WorkingGroupMembership(
                working_group_id=group.pk, person_id=person.pk, institution_id=person.institution_id
            )
            for group in groups
            for person in people[:5]
        ],
        batch_size=500,
    )
    # bulk_create() sends no signals: the new groups go into the search index as saved ones.
    objects_changed(WorkingGroup, [group.pk for group in groups])

"""Reads of the steering group used by its page and by the institution pages."""

import datetime
from collections import defaultdict
from itertools import groupby

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.periods import today
from members.models import Institution

from .models import SteeringGroupMembership, WorkingGroup

_ROLE_ORDER = Case(
    When(role=SteeringGroupMembership.Role.CONVENER, then=Value(0)),
    When(role=SteeringGroupMembership.Role.MEMBER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def current_memberships(on: datetime.date | None = None) -> list[SteeringGroupMembership]:
    """The current group: convener first, then members, then the coordinator."""
    return list(
        SteeringGroupMembership.objects.current(on)
        .select_related("person", "institution")
        .order_by(_ROLE_ORDER, "position", "person__name")
    )


def former_compositions_page(
    *, number=None, per_page: int, on: datetime.date | None = None
) -> tuple[list[dict], Page]:
    """One page of the former compositions, latest first, ``per_page`` to a page. Each:
    ``{"started_on", "ended_on", "memberships"}``; memberships sharing the same dates served
    together. Only the periods of every former membership are read to count and order them;
    memberships only for the page's periods (two queries)."""
    periods = list(
        SteeringGroupMembership.objects.former(on)
        .order_by("-ended_on", "-started_on")
        .values_list("started_on", "ended_on")
        .distinct()
    )
    page = Paginator(periods, per_page).get_page(number)
    served = Q()  # no period: no former membership either, and the same two queries
    for started_on, ended_on in page.object_list:
        served |= Q(ended_on=ended_on) & (
            Q(started_on=started_on) if started_on else Q(started_on__isnull=True)
        )
    memberships = (
        SteeringGroupMembership.objects.former(on)
        .filter(served)
        .select_related("person", "institution")
        .order_by("-ended_on", "-started_on", _ROLE_ORDER, "position", "person__name")
    )

    def period(membership):
        return (membership.started_on, membership.ended_on)

    compositions = [
        {"started_on": started_on, "ended_on": ended_on, "memberships": list(group)}
        for (started_on, ended_on), group in groupby(memberships, key=period)
    ]
    return compositions, page


def working_group_sections(groups: list[WorkingGroup], *, summary: bool = False) -> dict:
    """What other apps show for each working group (contract: ``steering.apps``): a working
    group's pk -> its sections, sorted by ``order``. One call per app for all the groups."""
    sections = defaultdict(list)
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "working_group_sections", None)
        if path:
            for pk, found in import_string(path)(groups, summary=summary).items():
                sections[pk].extend(found)
    return {
        pk: sorted(found, key=lambda section: section["order"]) for pk, found in sections.items()
    }


def _with_sections(groups: list[WorkingGroup]) -> list[WorkingGroup]:
    sections = working_group_sections(groups, summary=True)
    for group in groups:
        group.sections = sections.get(group.pk, [])
    return groups


def working_groups(*, limit: int) -> tuple[list[WorkingGroup], bool]:
    """The first ``limit`` working groups (the newest first), each with ``sections``: its
    lines from other apps (projects); and whether there are more (the list page has all)."""
    groups = list(WorkingGroup.objects.all()[: limit + 1])
    return _with_sections(groups[:limit]), len(groups) > limit


def working_groups_page(*, number=None, per_page: int) -> Page:
    """One page of every working group, the newest first, each with ``sections``."""
    page = Paginator(WorkingGroup.objects.all(), per_page).get_page(number)
    page.object_list = _with_sections(list(page.object_list))
    return page


def institution_sections(institution: Institution) -> list[dict]:
    """The "Steering group" section on an institution's page (one query)."""
    memberships = list(
        SteeringGroupMembership.objects.filter(institution=institution)
        .select_related("person")
        .order_by(F("ended_on").desc(nulls_first=True), _ROLE_ORDER, "person__name")
    )
    if not memberships:
        return []
    on = today()
    return [
        {
            "title": _("Steering group"),
            "template": "steering/includes/institution_steering.html",
            "context": {
                "current_steering": [m for m in memberships if m.is_current],
                "former_steering": [m for m in memberships if m.ended_on and m.ended_on < on],
            },
            "order": 30,
        }
    ]

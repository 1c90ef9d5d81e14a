"""The network in numbers: meetings per year, hosting and participation per institution.

Participation comes from meeting registrations once there are any (meetings.registration);
until then the page shows what the archive knows: hosting and steering-group terms.
A fixed number of queries, whatever the size of the archive.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear

from meetings.models import Meeting, MeetingHost, StudyVisit
from members.models import Institution

from .places import swedish_key
from .themes import published


def held_meetings():
    return published(Meeting.objects.all()).past()


def meetings_per_year() -> list[tuple[int, int]]:
    """(year, number of meetings held), every year from the first to the last, gaps as 0."""
    counts = dict(
        held_meetings()
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .values_list("year", "count")
    )
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


@dataclass
class InstitutionRow:
    institution: Institution
    values: tuple[int, ...]

    @property
    def label(self) -> str:
        return self.institution.short_name or self.institution.name


def _rows(queryset, fields: tuple[str, ...]) -> list[InstitutionRow]:
    rows = [
        InstitutionRow(institution, tuple(getattr(institution, name) for name in fields))
        for institution in queryset
    ]
    rows.sort(key=lambda row: swedish_key(row.institution.name))
    rows.sort(key=lambda row: row.values, reverse=True)
    return rows


def hosts_per_institution() -> list[InstitutionRow]:
    """Institutions that hosted a held meeting, with how many, the most first."""
    hosted = Count(
        "hostings__meeting", filter=Q(hostings__meeting__in=held_meetings()), distinct=True
    )
    return _rows(Institution.objects.annotate(hosted=hosted).filter(hosted__gt=0), ("hosted",))


@dataclass
class Participation:
    source: str  # "registrations" or "archive"
    rows: list[InstitutionRow]


def _registration_participation() -> list[InstitutionRow]:
    if not apps.is_installed("meetings.registration"):
        return []
    entry = apps.get_model("registration", "Entry")
    # By the institution each person came from then (Registration.institution).
    confirmed = Q(
        registrations__meeting__in=held_meetings(),
        registrations__entries__status=entry.Status.CONFIRMED,
    )
    queryset = Institution.objects.annotate(
        participants=Count("registrations__person", filter=confirmed, distinct=True),
        meetings_attended=Count("registrations__meeting", filter=confirmed, distinct=True),
    ).filter(participants__gt=0)
    return _rows(queryset, ("participants", "meetings_attended"))


def participation_per_institution() -> Participation:
    """Registrations at held meetings when there are any, else hosting and steering terms."""
    rows = _registration_participation()
    if rows:
        return Participation("registrations", rows)
    hosted = Count(
        "hostings__meeting", filter=Q(hostings__meeting__in=held_meetings()), distinct=True
    )
    terms = Count("steering_group_memberships", distinct=True)
    queryset = Institution.objects.annotate(hosted=hosted, terms=terms).filter(
        Q(hosted__gt=0) | Q(terms__gt=0)
    )
    return Participation("archive", _rows(queryset, ("hosted", "terms")))


@dataclass
class NetworkTotals:
    """The network at a glance, for the start page."""

    meetings_held: int
    first_year: int | None
    member_institutions: int
    host_institutions: int
    study_visits: int


def network_totals() -> NetworkTotals:
    """Meetings held (and since when), member institutions, hosts, study visits (4 queries)."""
    held = held_meetings().order_by().aggregate(count=Count("pk"), first=Min("date"))
    hosts = (
        MeetingHost.objects.filter(meeting__in=held_meetings())
        .order_by()
        .aggregate(count=Count("institution", distinct=True))
    )
    return NetworkTotals(
        meetings_held=held["count"],
        first_year=held["first"].year if held["first"] else None,
        member_institutions=Institution.objects.current_members().count(),
        host_institutions=hosts["count"],
        study_visits=StudyVisit.objects.filter(meeting__in=held_meetings()).count(),
    )

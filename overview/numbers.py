"""The network in numbers: meetings per year, hosting and participation per institution.

Participation comes from meeting registrations once there are any (meetings.registration);
until then the page shows what the archive knows: hosting and steering-group terms.
A fixed number of queries, whatever the size of the archive.

A chart shows what a reader can take in: the TOP_INSTITUTIONS institutions with the most,
and one line for the others together (:func:`top_rows`); every institution's figures are in
a paged table (:func:`institution_figures`), so the page stays the same size as the network
grows.
"""

from dataclasses import dataclass, field

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


# Bars a reader can take in at a glance; the real network has about 40 institutions.
TOP_INSTITUTIONS = 12


@dataclass
class OtherInstitutions:
    """The institutions after the first TOP_INSTITUTIONS of a chart, as one line: how many,
    and their values added up."""

    count: int
    values: tuple[int, ...]


def top_rows(
    rows: list[InstitutionRow], top: int = TOP_INSTITUTIONS
) -> tuple[list[InstitutionRow], OtherInstitutions | None]:
    """The first ``top`` rows and the rest together, or every row when only one is left over
    (a line for one other institution says no less than its own row)."""
    if len(rows) <= top + 1:
        return rows, None
    rest = rows[top:]
    values = tuple(sum(column) for column in zip(*(row.values for row in rest), strict=True))
    return rows[:top], OtherInstitutions(len(rest), values)


@dataclass
class Figures:
    """Every institution's figures for the paged table: with registrations (``source`` as in
    :class:`Participation`) each row's values are meetings hosted, people who took part and
    meetings attended; without, meetings hosted and steering-group terms."""

    source: str
    rows: list[InstitutionRow] = field(default_factory=list)


def institution_figures(hosts: list[InstitutionRow], participation: Participation) -> Figures:
    """Every institution with a figure on the page, in the order of the participation chart
    (then the hosts that had no one take part)."""
    if participation.source == "archive":
        return Figures("archive", participation.rows)  # (hosted, terms): every host is there
    hosted = {row.institution.pk: row.values[0] for row in hosts}
    rows = [
        InstitutionRow(row.institution, (hosted.get(row.institution.pk, 0), *row.values))
        for row in participation.rows
    ]
    taking_part = {row.institution.pk for row in participation.rows}
    rows += [
        InstitutionRow(row.institution, (row.values[0], 0, 0))
        for row in hosts
        if row.institution.pk not in taking_part
    ]
    return Figures("registrations", rows)


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

"""Reads for the registration pages; each a fixed number of queries whatever the numbers."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from core.publishing import published_q
from meetings.models import Document, Meeting
from members.models import Institution, Person, Representation

from .models import Entry, Part, Registration


def registration_meetings() -> QuerySet[Meeting]:
    """Upcoming published meetings that take registrations, the soonest first."""
    return (
        Meeting.objects.published()
        .upcoming()
        .filter(registration_window__isnull=False)
        .select_related("registration_window")
    )


def meeting_parts(*, meeting: Meeting) -> list[Part]:
    return list(
        Part.objects.filter(meeting=meeting).select_related("study_visit", "meeting").with_counts()
    )


def _entries_with_positions() -> QuerySet[Entry]:
    """Entries with ``ahead``: how many wait before them on their part's list."""
    ahead = (
        Entry.objects.filter(part=OuterRef("part"), status=Entry.Status.WAITLISTED)
        .filter(
            Q(queued_at__lt=OuterRef("queued_at"))
            | Q(queued_at=OuterRef("queued_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("part")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Entry.objects.select_related("part__study_visit", "part__meeting")
        .annotate(ahead=Coalesce(Subquery(ahead), Value(0)))
        .order_by("part__position", "part_id")
    )


def managed_registrations(*, meeting_ids, person: Person) -> list[Registration]:
    """Registrations of ``person`` and those they made for colleagues, with their entries."""
    return list(
        Registration.objects.active()
        .filter(meeting_id__in=meeting_ids)
        .filter(Q(person=person) | Q(registered_by=person))
        .select_related("person", "meeting")
        .prefetch_related(Prefetch("entries", queryset=_entries_with_positions()))
        .order_by("meeting__date", "person__name")
    )


def attendees(*, meeting: Meeting) -> dict:
    """Who is coming (people with a confirmed place): names of those who consented to be
    listed, and the number per institution of everyone."""
    registrations = (
        Registration.objects.active()
        .filter(meeting=meeting)
        .filter(
            Exists(Entry.objects.filter(registration=OuterRef("pk"), status=Entry.Status.CONFIRMED))
        )
        .select_related("person__institution")
        .order_by("person__name")
    )
    listed, per_institution = [], {}
    for registration in registrations:
        institution = registration.person.institution
        name = institution.name if institution else ""
        per_institution[name] = per_institution.get(name, 0) + 1
        if registration.listing_consent:
            listed.append(registration)
    return {
        "listed": sorted(listed, key=lambda r: (r.person.name.casefold(), r.pk)),
        "per_institution": sorted(per_institution.items(), key=lambda item: item[0].casefold()),
        "total": sum(per_institution.values()),
    }


# --- Attendance ----------------------------------------------------------------------------
# Personal data: show what these return only to the coordinator (registration.
# mark_attendance or view_entry) and, about themself, to the person.


def _attended_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(attendance=Entry.Attendance.ATTENDED)


def attended_registrations(*, meeting: Meeting, part: Part | None = None) -> QuerySet[Registration]:
    """Those who attended ``meeting`` (at least one part, or ``part``), with person, login and
    institution selected: the addressees of a follow-up "to those who attended"
    (``registration.email`` and ``registration.language``)."""
    entries = _attended_entries().filter(registration=OuterRef("pk"))
    if part is not None:
        entries = entries.filter(part=part)
    return (
        Registration.objects.filter(meeting=meeting)
        .filter(Exists(entries))
        .select_related("person__user", "person__institution", "meeting")
        .order_by("person__name", "pk")
    )


def meetings_attended(*, user) -> QuerySet[Meeting]:
    """Meetings where the person behind ``user`` attended at least one part, newest first."""
    if user is None or not user.is_authenticated:
        return Meeting.objects.none()
    attended = _attended_entries().filter(
        registration__meeting=OuterRef("pk"), registration__person__user_id=user.pk
    )
    return Meeting.objects.filter(Exists(attended)).order_by("-date")


def has_attended(*, user, meeting: Meeting) -> bool:
    """Whether the person behind ``user`` attended ``meeting`` (one query)."""
    if user is None or not user.is_authenticated:
        return False
    return (
        _attended_entries()
        .filter(registration__meeting=meeting, registration__person__user_id=user.pk)
        .exists()
    )


def institution_participation(*, institution) -> list[dict]:
    """Per year, how many published meetings had at least one attendee from ``institution``
    (counts only, for its public page; one query): the institution they came from then
    (``Registration.institution``), not the one they belong to now."""
    attended = _attended_entries().filter(
        registration__meeting=OuterRef("pk"), registration__institution=institution
    )
    rows = (
        Meeting.objects.published()
        .filter(Exists(attended))
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("year")
        .annotate(meetings=Count("pk"))
        .order_by("-year")
    )
    return list(rows)


def my_attended_meetings(*, user) -> list[Meeting]:
    """The member's own attended meetings, newest first, with their material (two queries)."""
    return list(
        meetings_attended(user=user)
        .filter(published_q())
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("order", "pk")))
    )


def meetings_held_recently(*, count: int = 2, today=None) -> list[Meeting]:
    """The last ``count`` meetings that took registrations and have been held."""
    today = today or timezone.localdate()
    return list(
        Meeting.objects.filter(date__lt=today, registration_parts__isnull=False)
        .distinct()
        .order_by("-date")[:count]
    )


def institutions_absent(*, meetings: list[Meeting]) -> list[Institution]:
    """Current member institutions with no attendee at any of ``meetings``, each with
    ``last_attended`` (the date of the latest meeting anyone of theirs attended, or None)
    and its current representatives (three queries)."""
    attended_at = _attended_entries().filter(registration__institution=OuterRef("pk"))
    last = attended_at.order_by("-registration__meeting__date").values(
        "registration__meeting__date"
    )[:1]
    return list(
        Institution.objects.current_members()
        .exclude(Exists(attended_at.filter(registration__meeting__in=meetings)))
        .annotate(last_attended=Subquery(last))
        .prefetch_related(
            Prefetch(
                "representations",
                queryset=Representation.objects.current()
                .select_related("person")
                .order_by("person__name"),
                to_attr="current_representations",
            )
        )
        .order_by("name")
    )

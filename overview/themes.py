"""Theme memory: which themes the network took up, when, and in what.

Every read here runs a fixed number of queries, whatever the size of the archive.
"""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet

from meetings.models import AgendaItem, Document, Meeting, MeetingHost, StudyVisit, Theme
from projects.models import Participant, Project, ProjectContact
from steering.models import WorkingGroup, WorkingGroupMembership


def published(queryset: QuerySet) -> QuerySet:
    """Only what the public may see: the model's ``.published()`` where it has one.

    Meetings have it; projects and working groups get publication windows later, and this
    picks them up without a change here.
    """
    method = getattr(queryset, "published", None)
    return method() if callable(method) else queryset


@dataclass
class ThemeSummary:
    theme: Theme
    meeting_ids: set = field(default_factory=set)
    agenda_items: int = 0
    study_visits: int = 0
    projects: int = 0
    working_groups: int = 0
    years: set = field(default_factory=set)

    @property
    def meetings(self) -> int:
        return len(self.meeting_ids)

    @property
    def first_year(self) -> int | None:
        return min(self.years) if self.years else None

    @property
    def last_year(self) -> int | None:
        return max(self.years) if self.years else None

    @property
    def total(self) -> int:
        return self.meetings + self.projects + self.working_groups


def _period_years(started_on: datetime.date | None, ended_on: datetime.date | None) -> set[int]:
    return {day.year for day in (started_on, ended_on) if day}


def theme_index() -> list[ThemeSummary]:
    """Every theme with what took it up and the first and last year it was active (6 queries)."""
    summaries = {theme.pk: ThemeSummary(theme=theme) for theme in Theme.objects.all()}
    meetings = published(Meeting.objects.all())

    def add(theme_id, meeting_id, date):
        summary = summaries[theme_id]
        summary.meeting_ids.add(meeting_id)
        summary.years.add(date.year)

    for theme_id, meeting_id, date in Meeting.themes.through.objects.filter(
        meeting__in=meetings
    ).values_list("theme_id", "meeting_id", "meeting__date"):
        add(theme_id, meeting_id, date)
    for attribute, model, owner in (
        ("agenda_items", AgendaItem, "agendaitem"),
        ("study_visits", StudyVisit, "studyvisit"),
    ):
        for theme_id, meeting_id, date in model.themes.through.objects.filter(
            **{f"{owner}__meeting__in": meetings}
        ).values_list("theme_id", f"{owner}__meeting_id", f"{owner}__meeting__date"):
            add(theme_id, meeting_id, date)
            setattr(summaries[theme_id], attribute, getattr(summaries[theme_id], attribute) + 1)
    for attribute, model, owner in (
        ("projects", Project, "project"),
        ("working_groups", WorkingGroup, "workinggroup"),
    ):
        for theme_id, started_on, ended_on in model.themes.through.objects.filter(
            **{f"{owner}__in": published(model.objects.all())}
        ).values_list("theme_id", f"{owner}__started_on", f"{owner}__ended_on"):
            summary = summaries[theme_id]
            setattr(summary, attribute, getattr(summary, attribute) + 1)
            summary.years |= _period_years(started_on, ended_on)
    return list(summaries.values())


def theme_by_slug(slug: str, language: str) -> Theme | None:
    """The theme whose slug in ``language`` (or, failing that, in Swedish) is ``slug``."""
    return (
        Theme.objects.filter(**{f"slug_{language}": slug}).first()
        or Theme.objects.filter(Q(slug_sv=slug) | Q(slug_en=slug)).first()
    )


@dataclass
class TimelineEntry:
    kind: str  # "meeting", "project" or "working_group"
    date: datetime.date | None
    object: object


def theme_timeline(theme: Theme, *, only: dict | None = None) -> list[TimelineEntry]:
    """Everything that took up ``theme``, newest first (a fixed number of queries).

    A meeting comes with its hosts, the agenda items and study visits that carry the theme,
    and its documents (the view decides which of them the reader may see). ``only``: the
    primary keys of each kind to load (``{"meeting": […], "project": […], …}``), for one
    page of the timeline.
    """
    meetings = published(Meeting.objects.all()).with_theme(theme)
    projects = published(Project.objects.filter(themes=theme))
    groups = published(WorkingGroup.objects.filter(themes=theme))
    if only is not None:
        meetings = meetings.filter(pk__in=only.get("meeting", ()))
        projects = projects.filter(pk__in=only.get("project", ()))
        groups = groups.filter(pk__in=only.get("working_group", ()))
    meetings = meetings.prefetch_related(
        Prefetch(
            "hostings",
            queryset=MeetingHost.objects.select_related("institution").order_by("position"),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.filter(themes=theme),
            to_attr="theme_agenda_items",
        ),
        Prefetch(
            "study_visits",
            queryset=StudyVisit.objects.filter(themes=theme),
            to_attr="theme_study_visits",
        ),
        Prefetch("documents", queryset=Document.objects.order_by("order", "pk")),
    ).order_by("-date")
    projects = projects.select_related("coordinating_institution").prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("institution"),
        ),
        Prefetch(
            "contacts",
            queryset=ProjectContact.objects.select_related("person", "institution"),
        ),
    )
    groups = groups.prefetch_related(
        Prefetch(
            "memberships",
            queryset=WorkingGroupMembership.objects.current().select_related(
                "person", "institution"
            ),
            to_attr="current_memberships",
        )
    )
    entries = [TimelineEntry("meeting", meeting.date, meeting) for meeting in meetings]
    entries += [TimelineEntry("project", project.started_on, project) for project in projects]
    entries += [TimelineEntry("working_group", group.started_on, group) for group in groups]
    return _newest_first(entries)


def _newest_first(entries: list) -> list:
    # Anything without a date goes last.
    return sorted(entries, key=lambda entry: entry.date or datetime.date.min, reverse=True)


def theme_timeline_page(theme: Theme, *, number, per_page: int) -> tuple[list[TimelineEntry], Page]:
    """One page of :func:`theme_timeline`, in its order: only the dates of every entry are
    read to put them in order, and whole entries only for the page (a fixed number of
    queries, whatever the size of the archive)."""
    keys = [
        TimelineEntry("meeting", date, pk)
        for pk, date in published(Meeting.objects.all())
        .with_theme(theme)
        .order_by("-date")
        .values_list("pk", "date")
    ]
    for kind, model in (("project", Project), ("working_group", WorkingGroup)):
        keys += [
            TimelineEntry(kind, started_on, pk)
            for pk, started_on in published(model.objects.filter(themes=theme)).values_list(
                "pk", "started_on"
            )
        ]
    page = Paginator(_newest_first(keys), per_page).get_page(number)
    only: dict[str, list] = {}
    for key in page.object_list:
        only.setdefault(key.kind, []).append(key.object)
    loaded = {(entry.kind, entry.object.pk): entry for entry in theme_timeline(theme, only=only)}
    return [loaded[(key.kind, key.object)] for key in page.object_list], page

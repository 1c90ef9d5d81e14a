"""Reads of projects used by the list, the project page and the institution pages."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.periods import Status, today
from core.publishing import published_q
from members.models import Institution
from members.permissions import can_see_contact_details

from .models import Participant, Project, ProjectContact

# The order the list page shows the groups in.
STATUS_GROUPS = [
    (Status.ONGOING, _("Ongoing projects")),
    (Status.PLANNED, _("Planned projects")),
    (Status.COMPLETED, _("Completed projects")),
    (Status.UNKNOWN, _("Other projects")),
]


def project_list_page(*, number=None, per_page: int) -> tuple[list[dict], Page]:
    """One page of the list of top-level projects by status (STATUS_GROUPS, each newest
    first), each with its sub-projects: each group with its projects on this page and its
    size on every page (``total``). Only the dates of every project are read to put them in
    order; whole rows only for the page (four queries)."""
    on = today()
    by_status: dict[str, list[int]] = {status: [] for status, _label in STATUS_GROUPS}
    dates = Project.objects.top_level().published().values_list("pk", "started_on", "ended_on")
    for pk, started_on, ended_on in dates:
        by_status[Project(started_on=started_on, ended_on=ended_on).status_on(on)].append(pk)
    entries = [(status, pk) for status, _title in STATUS_GROUPS for pk in by_status[status]]
    page = Paginator(entries, per_page).get_page(number)
    projects = (
        Project.objects.select_related("coordinating_institution")
        .prefetch_related(
            Prefetch(
                "children", queryset=Project.objects.published().order_by("started_on", "name")
            ),
            "funders",
        )
        .in_bulk([pk for _status, pk in page.object_list])
    )
    groups = []
    for status, title in STATUS_GROUPS:
        shown = [projects[pk] for entry_status, pk in page.object_list if entry_status == status]
        if shown:
            groups.append(
                {
                    "status": status,
                    "title": title,
                    "projects": shown,
                    "total": len(by_status[status]),
                }
            )
    return groups, page


def project_by_slug(slug: str, *, include_drafts: bool = False) -> Project:
    """The project with ``slug`` in the current language, or in Swedish as the fallback.
    Drafts and projects outside their publication window only for a staff preview."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    projects = Project.objects.all() if include_drafts else Project.objects.published()
    candidates = list(
        projects.filter(Q(**{f"slug_{language}": slug}) | Q(slug_sv=slug)).select_related(
            "coordinating_institution", "parent", "working_group"
        )[:2]
    )
    for candidate in candidates:
        if getattr(candidate, f"slug_{language}", None) == slug:
            return candidate
    if not candidates:
        raise Http404
    return candidates[0]


def project_detail(*, project: Project, user) -> dict:
    """Everything the project page shows, in a fixed number of queries."""
    contacts = list(
        ProjectContact.objects.filter(project=project).select_related(
            "person", "person__institution", "institution"
        )
    )
    return {
        "participants": list(
            Participant.objects.filter(project=project).select_related("institution")
        ),
        "contacts": [
            {"contact": contact, "show_contact": can_see_contact_details(user, contact.person)}
            for contact in contacts
        ],
        "fundings": list(project.fundings.select_related("funder")),
        "results": list(project.results.all()),
        "meetings": list(project.meetings.all()),
        "children": list(project.children.published().order_by("started_on", "name")),
        "related_projects": list(project.related.published().order_by("started_on", "name")),
    }


def institution_sections(institution: Institution) -> list[dict]:
    """The "Projects" section on an institution's page (two queries)."""
    entries: dict[int, dict] = {}
    for project in Project.objects.published().filter(coordinating_institution=institution):
        entries[project.pk] = {
            "project": project,
            "roles": [_("coordinating institution")],
            "note": "",
        }
    for participation in Participant.objects.filter(
        published_q("project__"), institution=institution
    ).select_related("project"):
        entry = entries.setdefault(
            participation.project_id,
            {"project": participation.project, "roles": [], "note": ""},
        )
        entry["roles"].append(participation.get_role_display())
        entry["note"] = participation.note
    if not entries:
        return []
    projects = sorted(
        entries.values(),
        key=lambda entry: (
            entry["project"].started_on is not None,
            entry["project"].started_on or datetime.date.min,
        ),
        reverse=True,
    )
    return [
        {
            "title": _("Projects"),
            "template": "projects/includes/institution_projects.html",
            "context": {"institution_projects": projects},
            "order": 20,
        }
    ]


# A working group's projects as many as a reader takes in: on the steering group's page,
# in a line; on the group's own page, in a list. The rest are counted, and in the project list.
WORKING_GROUP_SUMMARY_PROJECTS = 5
WORKING_GROUP_PROJECTS = 10


def working_group_sections(working_groups, *, summary: bool = False) -> dict[int, list[dict]]:
    """The published projects each working group runs (contract: ``steering.apps``), the
    newest first and at most WORKING_GROUP_SUMMARY_PROJECTS (``summary``) or
    WORKING_GROUP_PROJECTS of them with how many more, in one query for all the groups."""
    projects_by_group = defaultdict(list)
    for project in (
        Project.objects.published()
        .filter(working_group__in=working_groups)
        .order_by("-started_on", "name")
    ):
        projects_by_group[project.working_group_id].append(project)
    if summary:
        template = "projects/includes/working_group_projects_summary.html"
        shown = WORKING_GROUP_SUMMARY_PROJECTS
    else:
        template = "projects/includes/working_group_projects.html"
        shown = WORKING_GROUP_PROJECTS
    groups = {group.pk: group for group in working_groups}
    return {
        pk: [
            {
                "title": _("Projects"),
                "template": template,
                "context": {
                    "projects": projects[:shown],
                    "more": len(projects[shown:]),
                    "working_group": groups.get(pk),
                },
                "order": 10,
            }
        ]
        for pk, projects in projects_by_group.items()
    }

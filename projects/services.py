"""Actions that change projects: loading the seed content."""

import datetime

from django.db import transaction

from core.content import content_read, seed_get_or_create
from meetings.services import themes_by_seed_key
from steering.models import WorkingGroup
from steering.services import institution_by_short_name, person_by_name

from .models import Funder, Funding, Participant, Project, ProjectContact, ProjectResult

# Keys of a project entry in projects.json that are rows of their own, not project fields.
_RELATION_KEYS = ("participants", "contacts", "results", "funders", "related", "parent", "themes")


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _project_values(entry: dict) -> dict:
    values = {key: value for key, value in entry.items() if key not in _RELATION_KEYS}
    values.pop("slug")
    values.pop("acronym")
    values["started_on"] = _date(values.get("started_on"))
    values["ended_on"] = _date(values.get("ended_on"))
    if values.get("coordinating_institution"):
        values["coordinating_institution"] = institution_by_short_name(
            values["coordinating_institution"]
        )
    if values.get("working_group"):
        values["working_group"] = WorkingGroup.objects.get(slug_sv=values["working_group"])
    return values


@transaction.atomic
def projects_content_load() -> None:
    """Create the projects of ``content/projects.json`` and their rows if missing."""
    content = content_read("projects")
    for entry in content["funders"]:
        seed_get_or_create(Funder, lookup={"name_sv": entry["name"]["sv"]}, values=entry)

    projects: dict[str, Project] = {}
    created_now: set[str] = set()
    for entry in content["projects"]:
        slug = entry["slug"]
        # Matched by acronym, which the coordinator is less likely to edit than the slug.
        project, created = seed_get_or_create(
            Project,
            lookup={"acronym": entry["acronym"]},
            values={**_project_values(entry), "slug": slug},
        )
        projects[slug["sv"]] = project
        if created:
            created_now.add(slug["sv"])
        else:
            continue  # the coordinator owns it now; never re-add what they removed
        project.themes.set(themes_by_seed_key(entry.get("themes", [])))
        for position, row in enumerate(entry.get("participants", [])):
            seed_get_or_create(
                Participant,
                lookup={
                    "project": project,
                    "institution": institution_by_short_name(row["institution"]),
                },
                values={"role": row["role"], "note": row.get("note", ""), "position": position},
            )
        for position, row in enumerate(entry.get("contacts", [])):
            seed_get_or_create(
                ProjectContact,
                lookup={
                    "project": project,
                    "person": person_by_name(row["person"]),
                    "role": row["role"],
                },
                values={
                    "institution": institution_by_short_name(row["institution"]),
                    "note": row.get("note", ""),
                    "position": position,
                },
            )
        for position, row in enumerate(entry.get("results", [])):
            seed_get_or_create(
                ProjectResult,
                lookup={"project": project, "title_sv": row["title"]["sv"]},
                values={**row, "position": position},
            )
        for row in entry.get("funders", []):
            seed_get_or_create(
                Funding,
                lookup={"project": project, "funder": Funder.objects.get(name_sv=row["funder"])},
                values={key: value for key, value in row.items() if key != "funder"},
            )

    # Links between projects, once all of them exist.
    for entry in content["projects"]:
        if entry["slug"]["sv"] not in created_now:
            continue
        project = projects[entry["slug"]["sv"]]
        if entry.get("parent"):
            project.parent = projects[entry["parent"]]
            project.full_clean()
            project.save(update_fields=["parent"])
        for slug in entry.get("related", []):
            project.related.add(projects[slug])

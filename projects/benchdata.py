"""Synthetic projects for ``manage.py benchdata`` (names start with “[synthetic]”).

Per unit of scale: one portfolio with six sub-projects and five other projects, in every
status (ongoing, completed, planned, period not recorded). Each has participants, contact
persons, results, a funder, meetings and related projects, so the list, project and
institution pages are measured with full rows.
"""

import datetime

from core.periods import Precision
from members.models import Person
from search.signals import objects_changed
from steering.benchdata import SYNTHETIC_PREFIX, synthetic_institution_ids
from steering.models import WorkingGroup

from .models import (
    Funder,
    Funding,
    Participant,
    Project,
    ProjectContact,
    ProjectMeeting,
    ProjectResult,
)

CHILDREN_PER_PORTFOLIO = 6
OTHER_PROJECTS_PER_SCALE = 5
PARTICIPANTS_PER_PROJECT = 8
CONTACTS_PER_PROJECT = 4
MEETINGS_PER_PROJECT = 3

# (started_on, ended_on) cycling through every status.
PERIODS = [
    (datetime.date(2020, 1, 1), None),
    (datetime.date(2010, 1, 1), datetime.date(2012, 12, 31)),
    (datetime.date(2100, 1, 1), datetime.date(2101, 12, 31)),
    (None, None),
]


def _project(number: int, **extra) -> Project:
    started_on, ended_on = PERIODS[number % len(PERIODS)]
    return Project(
        name_sv=f"{SYNTHETIC_PREFIX} Projekt {number}",
        name_en=f"{SYNTHETIC_PREFIX} Project {number}",
        acronym=f"SYN-{number}",
        slug_sv=f"syntetiskt-projekt-{number}",
        slug_en=f"synthetic-project-{number}",
        summary_sv="Syntetiskt projekt för mätningar.",
        summary_en="Synthetic project for measurements.",
        description_sv="Syntetiskt projekt.\n\n- punkt ett\n- punkt två",
        goals_sv="Mäta sidornas hastighet.",
        started_on=started_on,
        ended_on=ended_on,
        precision=Precision.YEAR,
        **extra,
    )


def projects_benchdata(*, scale: int) -> None:
    institutions = synthetic_institution_ids()
    people = list(
        Person.objects.filter(name__startswith=SYNTHETIC_PREFIX)
        .order_by("pk")
        .values_list("pk", "institution_id")
    )
    working_group = (  # the first one made: the benchmark measures its page
        WorkingGroup.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    funder, _created = Funder.objects.get_or_create(
        name_sv=f"{SYNTHETIC_PREFIX} Finansiär",
        defaults={"name_en": f"{SYNTHETIC_PREFIX} Funder"},
    )
    number = Project.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).count()

    # Made in one insert in the order of numbers (each portfolio before its sub-projects);
    # the sub-projects get their portfolio once it has its primary key.
    created: list[Project] = []
    portfolios: list[tuple[Project, list[Project]]] = []
    for _unit in range(scale):
        number += 1
        portfolio = _project(number, coordinating_institution_id=institutions[0])
        created.append(portfolio)
        portfolios.append((portfolio, []))
        for _child in range(CHILDREN_PER_PORTFOLIO):
            number += 1
            created.append(_project(number))
            portfolios[-1][1].append(created[-1])
        for _other in range(OTHER_PROJECTS_PER_SCALE):
            number += 1
            created.append(_project(number, working_group_id=working_group))
    for project in created:
        project.normalise_period()  # as save() does
    created = Project.objects.bulk_create(created, batch_size=500)
    for portfolio, sub_projects in portfolios:
        Project.objects.filter(pk__in=[child.pk for child in sub_projects]).update(
            parent_id=portfolio.pk
        )
    created.reverse()  # newest first

    participants, contacts, results, fundings, meetings, related = [], [], [], [], [], []
    Related = Project.related.through
    for index, project in enumerate(created):
        for seat in range(PARTICIPANTS_PER_PROJECT):
            participants.append(
                Participant(
                    project_id=project.pk,
                    institution_id=institutions[(index + seat) % len(institutions)],
                    role=Participant.Role.PILOT if seat % 2 else Participant.Role.PARTNER,
                    position=seat,
                )
            )
        for seat in range(min(CONTACTS_PER_PROJECT, len(people))):
            person, institution = people[(index + seat) % len(people)]
            contacts.append(
                ProjectContact(
                    project_id=project.pk,
                    person_id=person,
                    institution_id=institution,
                    role=ProjectContact.Role.CONTACT,
                    position=seat,
                )
            )
        results.append(
            ProjectResult(
                project_id=project.pk,
                kind=ProjectResult.Kind.FINAL_REPORT,
                title_sv=f"Slutrapport {project.acronym}",
                title_en=f"Final report {project.acronym}",
                url="https://example.org/synthetic-report.pdf",
                year=2012,
            )
        )
        fundings.append(Funding(project_id=project.pk, funder_id=funder.pk, amount=1_000_000))
        for meeting in range(MEETINGS_PER_PROJECT):
            meetings.append(
                ProjectMeeting(
                    project_id=project.pk,
                    date=datetime.date(2011, 1 + meeting, 15),
                    title_sv=f"Träff {meeting + 1}",
                    title_en=f"Meeting {meeting + 1}",
                )
            )
        # Each project is related to the next two (``related`` is symmetrical: both ways).
        for other in created[index + 1 : index + 3]:
            related.append(Related(from_project_id=project.pk, to_project_id=other.pk))
            related.append(Related(from_project_id=other.pk, to_project_id=project.pk))
    Participant.objects.bulk_create(participants, batch_size=500)
    ProjectContact.objects.bulk_create(contacts, batch_size=500)
    ProjectResult.objects.bulk_create(results, batch_size=500)
    Funding.objects.bulk_create(fundings, batch_size=500)
    ProjectMeeting.objects.bulk_create(meetings, batch_size=500)
    Related.objects.bulk_create(related, batch_size=1000)
    # bulk_create() sends no signals: the new projects go into the search index as saved ones.
    objects_changed(Project, [project.pk for project in created])

"""Synthetic projects for ``manage.py benchdata`` (names start with “[synthetic]”).

Per unit of scale: one portfolio with six sub-projects and five other projects, in every
status (ongoing, completed, planned, period not recorded). Each has participants, contact
persons, results, a funder, meetings and related projects, so the list, project and
institution pages are measured with full rows.
"""

import datetime

from core.periods import Precision
from members.models import Person
from steering.benchdata import SYNTHETIC_PREFIX, synthetic_institutions
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
    institutions = synthetic_institutions()
    people = list(Person.objects.filter(name__startswith=SYNTHETIC_PREFIX).order_by("pk"))
    working_group = WorkingGroup.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).first()
    funder, _created = Funder.objects.get_or_create(
        name_sv=f"{SYNTHETIC_PREFIX} Finansiär",
        defaults={"name_en": f"{SYNTHETIC_PREFIX} Funder"},
    )
    number = Project.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).count()

    created: list[Project] = []
    for _unit in range(scale):
        number += 1
        portfolio = _project(number, coordinating_institution=institutions[0])
        portfolio.save()
        created.append(portfolio)
        for _child in range(CHILDREN_PER_PORTFOLIO):
            number += 1
            created.append(_project(number, parent=portfolio))
        for _other in range(OTHER_PROJECTS_PER_SCALE):
            number += 1
            created.append(_project(number, working_group=working_group))
    Project.objects.bulk_create([p for p in created if p.pk is None], batch_size=500)
    created = list(
        Project.objects.filter(name_sv__startswith=SYNTHETIC_PREFIX).order_by("-pk")[: len(created)]
    )

    participants, contacts, results, fundings, meetings = [], [], [], [], []
    for index, project in enumerate(created):
        for seat in range(PARTICIPANTS_PER_PROJECT):
            participants.append(
                Participant(
                    project=project,
                    institution=institutions[(index + seat) % len(institutions)],
                    role=Participant.Role.PILOT if seat % 2 else Participant.Role.PARTNER,
                    position=seat,
                )
            )
        for seat in range(min(CONTACTS_PER_PROJECT, len(people))):
            person = people[(index + seat) % len(people)]
            contacts.append(
                ProjectContact(
                    project=project,
                    person=person,
                    institution=person.institution,
                    role=ProjectContact.Role.CONTACT,
                    position=seat,
                )
            )
        results.append(
            ProjectResult(
                project=project,
                kind=ProjectResult.Kind.FINAL_REPORT,
                title_sv=f"Slutrapport {project.acronym}",
                title_en=f"Final report {project.acronym}",
                url="https://example.org/synthetic-report.pdf",
                year=2012,
            )
        )
        fundings.append(Funding(project=project, funder=funder, amount=1_000_000))
        for meeting in range(MEETINGS_PER_PROJECT):
            meetings.append(
                ProjectMeeting(
                    project=project,
                    date=datetime.date(2011, 1 + meeting, 15),
                    title_sv=f"Träff {meeting + 1}",
                    title_en=f"Meeting {meeting + 1}",
                )
            )
    Participant.objects.bulk_create(participants, batch_size=500)
    ProjectContact.objects.bulk_create(contacts, batch_size=500)
    ProjectResult.objects.bulk_create(results, batch_size=500)
    Funding.objects.bulk_create(fundings, batch_size=500)
    ProjectMeeting.objects.bulk_create(meetings, batch_size=500)
    for index, project in enumerate(created):
        project.related.add(*created[index + 1 : index + 3])

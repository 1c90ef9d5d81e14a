"""What the site search finds among the projects (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from core.publishing import indexable_q
from search.registry import Entry, Provider, lines, plain

from .models import Project


def _project_pk(instance) -> list[int]:
    return [instance.project_id]


class ProjectProvider(Provider):
    kind = "project"
    label = _("Projects")
    position = 80
    model = Project
    watch = {
        "projects.Project": lambda project: [project.pk],
        "projects.Participant": _project_pk,
        "projects.ProjectResult": _project_pk,
        "projects.Funding": _project_pk,
        "members.Institution": lambda institution: Project.objects.involving(
            institution
        ).values_list("pk", flat=True),
    }

    def queryset(self):
        return (
            Project.objects.filter(indexable_q())
            .select_related("coordinating_institution")
            .prefetch_related("participants__institution", "results", "funders")
        )

    def entry(self, project):
        coordinator = project.coordinating_institution
        return Entry(
            title=str(project),
            body=lines(
                plain(project.summary),
                plain(project.description),
                plain(project.goals),
                plain(project.focus_areas),
                coordinator.name if coordinator else "",
                *(p.institution.name for p in project.participants.all()),
                *(funder.name for funder in project.funders.all()),
                *(result.title for result in project.results.all()),
            ),
            url=project.get_absolute_url(),
            publish_from=project.publish_from,
            publish_until=project.publish_until,
        )


PROVIDERS = [ProjectProvider()]

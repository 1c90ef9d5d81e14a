"""Theme links for ``manage.py benchdata``: synthetic agenda items, study visits, projects
and working groups carry themes, so the theme pages are measured at scale too."""

from meetings.models import AgendaItem, StudyVisit, Theme
from projects.models import Project
from steering.models import WorkingGroup

SYNTHETIC_PREFIX = "[synthetic]"


def themes_benchdata(*, scale: int) -> None:
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    if not themes:
        return
    for model, field in (
        (AgendaItem, "title_sv"),
        (StudyVisit, "name_sv"),
        (Project, "name_sv"),
        (WorkingGroup, "name_sv"),
    ):
        through = model.themes.through
        owner = f"{model.themes.field.m2m_field_name()}_id"
        linked = set(through.objects.values_list(owner, flat=True))
        synthetic = (
            model.objects.filter(**{f"{field}__startswith": SYNTHETIC_PREFIX})
            .exclude(pk__in=linked)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        through.objects.bulk_create(
            [
                through(**{owner: pk, "theme_id": themes[index % len(themes)]})
                for index, pk in enumerate(synthetic)
            ],
            batch_size=1000,
        )

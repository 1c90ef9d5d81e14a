from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")
    content_loader = "projects.services.projects_content_load"
    institution_sections = "projects.selectors.institution_sections"
    # The projects a working group runs, on the steering app's pages (see steering.apps).
    working_group_sections = "projects.selectors.working_group_sections"
    benchdata_generator = "projects.benchdata.projects_benchdata"

"""The steering app: the steering group and the working groups.

It sits below ``projects`` (a project names the working group that runs it) and imports
nothing of it. What an upper app shows on the working-group pages comes through a hook:

Extension point: sections on the working-group pages
----------------------------------------------------
* An app's ``AppConfig`` may have an attribute ``working_group_sections``: the dotted path
  to a callable, e.g. ``working_group_sections = "projects.selectors.working_group_sections"``.
* The callable takes a list of ``WorkingGroup`` and a keyword ``summary`` and returns a
  ``dict`` from a working group's pk to a ``list[dict]`` of sections, each as for the
  institution page (``members.apps``): ``title``, ``template``, ``context``, ``order``.
  Groups the app has nothing for are left out.
* ``summary=False``: full sections for the group's own page (rendered in
  ``<section><h2>{{ section.title }}</h2>…``; use <h3> and below inside). ``summary=True``:
  a line or two for the group's card on the steering group page.
* One query for the whole list, however many groups: the steering group page asks once.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Steering group")
    content_loader = "steering.services.steering_content_load"
    institution_sections = "steering.selectors.institution_sections"
    benchdata_generator = "steering.benchdata.steering_benchdata"

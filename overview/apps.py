"""The overview app: pages drawn from the whole archive.

Extension point: sections on a theme's page
-------------------------------------------
Apps add sections to a theme's page (after its timeline) without overview knowing of them:

* ``AppConfig.theme_sections``: dotted path to a callable taking the ``request`` and the
  ``Theme`` shown, returning a ``list[dict]`` of sections with the keys of the institution
  page's (``members.apps``: ``title``, ``template``, ``context``, ``order``) and an ``"id"``
  for the section's <h2>, unique on the page. Return ``[]`` for nothing.
* The callable checks the visitor's rights itself and keeps its queries constant.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Pages drawn from the whole archive: theme memory, where the network met, numbers."""

    name = "overview"
    verbose_name = _("Overview of the archive")
    benchdata_generator = "overview.benchdata.themes_benchdata"
    # Where a meeting took place, on the map page's geometry (hook of meetings.apps).
    meeting_locator = "overview.places.meeting_locator"

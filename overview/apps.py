from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Pages drawn from the whole archive: theme memory, where the network met, numbers."""

    name = "overview"
    verbose_name = _("Overview of the archive")
    benchdata_generator = "overview.benchdata.themes_benchdata"

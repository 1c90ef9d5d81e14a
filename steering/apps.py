from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "steering"
    verbose_name = _("Steering group")
    content_loader = "steering.services.steering_content_load"
    institution_sections = "steering.selectors.institution_sections"
    benchdata_generator = "steering.benchdata.steering_benchdata"

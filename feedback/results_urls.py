"""Survey results in the members' area (/sv/medlemmar/utvardering/…)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import results_views

app_name = "feedback_results"
urlpatterns = [
    path(_("feedback/results/"), results_views.results_index, name="index"),
    path(_("feedback/results/<int:pk>/"), results_views.results_detail, name="detail"),
    path(_("feedback/trend/<int:pk>/"), results_views.results_trend, name="trend"),
]

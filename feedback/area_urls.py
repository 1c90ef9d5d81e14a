"""Answering surveys (/sv/medlemmar/…): in the members' area, and through the e-mail's link."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "feedback_area"
urlpatterns = [
    path(_("feedback/<int:pk>/"), views.survey_answer, name="survey_answer"),
    path(_("feedback/answer/<str:token>/"), views.survey_link, name="survey_link"),
]

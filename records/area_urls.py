"""Records in review in the members' area (/sv/medlemmar/…)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "records_area"
urlpatterns = [
    path(_("records/<int:pk>/"), views.record_review, name="record_review"),
]

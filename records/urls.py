"""The public record of a meeting, mounted beside the meeting pages (/sv/moten/…)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "records"
urlpatterns = [
    path(_("<slug:slug>/record/"), views.record_detail, name="record_detail"),
    path(_("<slug:slug>/record.pdf"), views.record_pdf, name="record_pdf"),
]

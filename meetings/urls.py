from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .feeds import MeetingFeed

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path(_("calendar.ics"), views.ical, name="ical"),
    path(_("feed/"), MeetingFeed(), name="feed"),
    path(_("documents/<int:pk>/"), views.document_download, name="document_download"),
    path(_("<slug:slug>/calendar.ics"), views.meeting_ical, name="meeting_ical"),
    path("<slug:slug>/", views.meeting_detail, name="meeting_detail"),
]

"""Mounted inside the members' area path: /sv/medlemmar/anmalan/…, /en/members/registration/…"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import attendance_views, views

app_name = "registration"
urlpatterns = [
    path(_("registration/"), views.index, name="index"),
    path(_("registration/<slug:slug>/"), views.meeting, name="meeting"),
    path(_("registration/<slug:slug>/<int:pk>/change/"), views.edit, name="edit"),
    path(_("registration/<slug:slug>/<int:pk>/cancel/"), views.cancel, name="cancel"),
]

# The coordinator's pages on the day (registration.mark_attendance).
urlpatterns += [
    path(_("attendance/"), attendance_views.attendance_index, name="attendance_index"),
    path(
        _("attendance/follow-up/"),
        attendance_views.attendance_follow_up,
        name="attendance_follow_up",
    ),
    path(_("attendance/<int:pk>/"), attendance_views.attendance, name="attendance"),
    path(_("attendance/<int:pk>/door/"), attendance_views.attendance_door, name="attendance_door"),
    path(
        _("attendance/<int:pk>/badges/"),
        attendance_views.attendance_badges,
        name="attendance_badges",
    ),
    path(_("check-in/<str:token>/"), attendance_views.check_in, name="check_in"),
]

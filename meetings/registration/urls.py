"""Mounted inside the members' area path: /sv/medlemmar/anmalan/…, /en/members/registration/…"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "registration"
urlpatterns = [
    path(_("registration/"), views.index, name="index"),
    path(_("registration/<slug:slug>/"), views.meeting, name="meeting"),
    path(_("registration/<slug:slug>/<int:pk>/change/"), views.edit, name="edit"),
    path(_("registration/<slug:slug>/<int:pk>/cancel/"), views.cancel, name="cancel"),
]

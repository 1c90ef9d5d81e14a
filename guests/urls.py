"""Mounted under the meeting archive's address, before its meeting pages (/sv/moten/gaster/)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "guests"
urlpatterns = [
    path(_("guests/"), views.guest_list, name="guest_list"),
    # The signed token is the credential (guests.links).
    path(_("guests/slides/<str:token>/"), views.slides_upload, name="slides_upload"),
]

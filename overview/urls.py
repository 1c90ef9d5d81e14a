"""Mounted under the meeting archive's address, before its meeting pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "overview"
urlpatterns = [
    path(_("themes/"), views.theme_list, name="theme_list"),
    path(_("themes/<slug:slug>/"), views.theme_detail, name="theme_detail"),
    path(_("where-we-have-met/"), views.places_map, name="places"),
    path(_("in-numbers/"), views.network_in_numbers, name="numbers"),
]

"""The members' area, mounted at /sv/medlemmar/ and /en/members/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import area_views

app_name = "members_area"
urlpatterns = [
    path("", area_views.start, name="start"),
    path(_("directory/"), area_views.directory, name="directory"),
    path(_("profile/"), area_views.profile, name="profile"),
    path(_("e-mail-settings/"), area_views.mail_preferences, name="mail_preferences"),
    # Public: the invitation link itself is the credential.
    path(_("invitation/<str:token>/"), area_views.invitation_accept, name="invitation_accept"),
]

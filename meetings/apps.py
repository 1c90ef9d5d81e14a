from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    content_loader = "meetings.services.meetings_content_load"
    benchdata_generator = "meetings.benchdata.meetings_benchdata"
    # Engineer A's institution page asks every app for sections about an institution.
    institution_sections = "meetings.selectors.institution_sections"
    # The members' start page and a member's personal calendar ask every app for their parts.
    members_area_sections = "meetings.selectors.members_area_sections"
    personal_calendar_events = "meetings.feeds.personal_calendar_events"

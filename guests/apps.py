"""The guests app: the organisations and people invited to speak at the meetings, their
talks and the slides they send afterwards. It sits above meetings, which knows nothing of it:
the meeting page's agenda shows the talks through the ``agenda_guests`` hook
(``meetings.apps``). Records sit above it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuestsConfig(AppConfig):
    name = "guests"
    verbose_name = _("Guests")
    agenda_guests = "guests.selectors.agenda_guests"
    # After the meetings' (INSTALLED_APPS order): the talks name their agenda items.
    content_loader = "guests.services.guests_content_load"
    benchdata_generator = "guests.benchdata.guests_benchdata"
    mail_kinds = "guests.mail_kinds.MAIL_KINDS"

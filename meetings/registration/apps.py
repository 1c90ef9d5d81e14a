from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    """Registration for meetings: a nested app so it owns its models and migrations."""

    name = "meetings.registration"
    label = "registration"
    verbose_name = _("Meeting registration")
    # members.services.person_erase calls this so erasing a person removes their registrations.
    person_eraser = "meetings.registration.services.person_registrations_erase"
    # The kinds of e-mail it sends (core.mail_kinds).
    mail_kinds = "meetings.registration.mail_kinds.MAIL_KINDS"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    """Registration for meetings: a nested app so it owns its models and migrations."""

    name = "meetings.registration"
    label = "registration"
    verbose_name = _("Meeting registration")
    # members.services.person_erase calls this so erasing a person removes their registrations.
    person_eraser = "meetings.registration.services.person_registrations_erase"
    # The members app's hooks (contracts in members/apps.py): participation per year on an
    # institution's public page, and "My meetings" on the member's start page.
    institution_sections = "meetings.registration.sections.institution_sections"
    members_area_sections = "meetings.registration.sections.members_area_sections"
    # The kinds of e-mail it sends (core.mail_kinds).
    mail_kinds = "meetings.registration.mail_kinds.MAIL_KINDS"

"""The communications of a meeting: save the date, registration open, the reminder,
practical information and the follow-up, each in the recipient's language, sent once.

It sits above steering and meetings (it reads their members, registrations and the steering
group) and below projects; meetings knows nothing of it. It learns of new registrations
through Django's model signals on the registration's entries (``signals``) and of
everything else by reading the state on each periodic run (``services``).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "communications"
    verbose_name = _("Communications")
    # load_klossnet creates the default messages the coordinator edits.
    content_loader = "communications.services.message_templates_load"
    # The kinds of e-mail it sends (core.mail_kinds): members may switch each off.
    mail_kinds = "communications.mail_kinds.MAIL_KINDS"

    def ready(self):
        from . import signals

        signals.connect()

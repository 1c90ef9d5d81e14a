from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    # Sent once, on the coordinator's request, to a guest who has no account: always goes.
    MailKind("guests/slides_link", _("The link for sending the slides of your talk"), True),
]

"""The e-mails of the network app (core.mail_kinds): the contact form's message to the
coordinator always goes."""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    MailKind("network/contact", _("A message from the contact form"), True),
]

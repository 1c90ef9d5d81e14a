"""The e-mails of registration (core.mail_kinds): the receipts always go; the coordinator's
messages to those registered can be switched off."""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    MailKind("registration/confirmation", _("Confirmation of your registration"), True),
    MailKind("registration/promoted", _("You got a place from the waiting list"), True),
    MailKind("registration/cancelled", _("Confirmation of a cancelled registration"), True),
    MailKind(
        "registration/mailing",
        _("Messages to those registered for a meeting"),
        False,
        _("What the coordinator writes to everyone registered for a meeting you attend."),
    ),
]

"""The e-mails of the feedback app (core.mail_kinds): the invitation to a meeting's survey
and its one reminder. Neither is a receipt, so a member may switch them off, and each
carries the one-click unsubscribe."""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

SURVEY = "feedback/survey"

MAIL_KINDS = [
    MailKind(
        SURVEY,
        _("Feedback surveys after meetings"),
        False,
        _("After a meeting you attended: the anonymous survey, and one reminder."),
    ),
]

"""The e-mails of the meetings' communications (core.mail_kinds): none is a receipt, so a
member may switch each off, and each carries the one-click unsubscribe."""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    MailKind(
        "meeting/save_the_date",
        _("Save the date for a network meeting"),
        False,
        _("When a new meeting is published: its dates and place."),
    ),
    MailKind(
        "meeting/registration_open",
        _("Registration for a meeting is open"),
        False,
        _("When registration opens, with the link to register."),
    ),
    MailKind(
        "meeting/registration_closing",
        _("Reminder that registration closes soon"),
        False,
        _("A few days before registration closes, if you have not registered."),
    ),
    MailKind(
        "meeting/practical_information",
        _("Practical information before a meeting"),
        False,
        _("Times, places and the study visit's meeting point of the parts you registered for."),
    ),
    MailKind(
        "meeting/follow_up",
        _("Thank you and material after a meeting"),
        False,
        _("After a meeting you attended: the presentations and other material."),
    ),
    MailKind(
        "meeting/message",
        _("Messages from the coordinator"),
        False,
        _("What the coordinator writes to the members, those registered or the steering group."),
    ),
]

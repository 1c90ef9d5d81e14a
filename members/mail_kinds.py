"""The members app's e-mails (core.mail_kinds): all of them transactional."""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    MailKind("members/invitation", _("Invitation to create a login"), True),
    MailKind("members/signup_pending", _("A sign-up waits for approval (coordinators)"), True),
    MailKind("members/signup_approved", _("Your sign-up is approved: you are a member"), True),
    # allauth's own: address confirmation, password reset, changed password or address….
    MailKind("account/*", _("Log-in and account e-mails"), True),
]

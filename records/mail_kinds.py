"""The records app's e-mails (core.mail_kinds).

The call to review a record is a request the member never asked for and can ignore (the
record waits on their members' start page all the same), so a member may switch it off and
it carries the one-click unsubscribe. The decision on a member's own comment answers
something they sent, as a receipt does: it always goes.
"""

from django.utils.translation import gettext_lazy as _

from core.mail_kinds import MailKind

MAIL_KINDS = [
    MailKind(
        "records/review",
        _("Records of meetings you attended, to review"),
        False,
        _(
            "When the coordinator asks those who attended a meeting to read its record and "
            "send corrections or additions."
        ),
    ),
    MailKind("records/comment_decided", _("The decision on your comments on a record"), True),
]

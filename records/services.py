"""Actions on records that the views and the admin take (the admin's own saves are in
admin.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.mail import MailTally

from .emails import record_decisions_announce, record_review_announce
from .models import Record, RecordComment, RecordSection


def record_comment_send(
    *, record: Record, author, kind: str, text: str, section: RecordSection | None = None
) -> RecordComment:
    """An attendee's correction or addition, while the record is in review."""
    if not record.is_in_review:
        raise ValidationError(_("This record is no longer open for comments."))
    if section is not None and section.record_id != record.pk:
        raise ValidationError(_("Choose a part of this record."))
    comment = RecordComment(record=record, author=author, kind=kind, text=text, section=section)
    comment.full_clean()
    comment.save()
    return comment


def record_state_announce(*, record: Record, previous: str | None) -> MailTally | None:
    """Tell the members what a record's new state asks of them, once it is saved with its
    comments' decisions: sent to review (again, after a return to draft), those who
    attended are asked to read it; made final, those who commented hear what was decided.
    None when the state did not change or asks nothing."""
    if record.state == previous:
        return None
    if record.state == Record.State.REVIEW:
        return record_review_announce(record=record)
    if record.state == Record.State.FINAL:
        return record_decisions_announce(record=record)
    return None

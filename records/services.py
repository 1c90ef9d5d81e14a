"""Actions on records that the views take (the admin's own saves are in admin.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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

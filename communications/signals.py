"""A late registrant gets the practical information at once: a confirmed place saved
(a registration, a change, a move up from the waiting list) queues the catch-up for its
meeting once the transaction commits, if practical information has already gone out."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from meetings.registration.models import Entry

from .models import Communication, Kind
from .services import late_registrants_enqueue


def _catch_up_if_sent(part_id: int) -> None:
    sent = Communication.objects.approved().filter(
        kind=Kind.PRACTICAL_INFORMATION,
        finished_at__isnull=False,
        meeting__registration_parts=part_id,
    )
    meeting_id = sent.values_list("meeting_id", flat=True).first()
    if meeting_id is not None:
        late_registrants_enqueue(meeting_id=meeting_id)


def entry_saved(sender, instance: Entry, **kwargs) -> None:
    if instance.status == Entry.Status.CONFIRMED:
        transaction.on_commit(partial(_catch_up_if_sent, instance.part_id), robust=True)


def connect() -> None:
    post_save.connect(entry_saved, sender=Entry, dispatch_uid="communications_entry_saved")

"""Actions on guests that change several rows."""

from django.db import transaction

from core.history import history_purge

from .models import Guest


def guest_erase(*, guest: Guest) -> dict[str, int]:
    """Erase a guest on request (GDPR art. 17): the person and every trace of them.

    A talk they gave for an organisation stays as the organisation's (the archive keeps
    that the organisation spoke); one they gave on their own goes. Their name leaves the
    plain-text speakers of the agenda items they spoke at (the lines that name them), their
    versions and admin log lines go (core.history). Returns how many rows of each kind
    changed.
    """
    with transaction.atomic():
        talks = list(guest.talks.select_related("agenda_item"))
        kept = [talk for talk in talks if talk.organisation_id]
        gone = [talk for talk in talks if not talk.organisation_id]
        mentions = [text for text in (guest.name.strip(), guest.email) if len(text) > 4]
        speakers_edited = 0
        for item in {talk.agenda_item for talk in talks}:
            if _speakers_forget(item, guest.name.strip()):
                speakers_edited += 1
        history_purge(objects=[guest, *talks], mentioning=mentions)
        for talk in kept:
            talk.guest = None
            talk.save(update_fields=["guest"])
        for talk in gone:
            talk.delete()
        guest.delete()
    return {
        "talks kept for their organisation": len(kept),
        "talks removed": len(gone),
        "agenda items edited": speakers_edited,
    }


def _speakers_forget(item, name: str) -> bool:
    """Drop the lines naming ``name`` from the item's speakers, in every language."""
    changed = []
    for field in ("speakers_sv", "speakers_en"):
        text = getattr(item, field, "") or ""
        lines = text.splitlines()
        kept = [line for line in lines if name.casefold() not in line.casefold()]
        if kept != lines:
            setattr(item, field, "\n".join(kept))
            changed.append(field)
    if changed:
        item.speakers = item.speakers_sv
        item.save(update_fields=changed)
    return bool(changed)

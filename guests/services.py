"""Actions on guests that change several rows."""

import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.content import content_read, seed_get_or_create
from core.history import history_purge
from core.languages import localized_fieldnames
from core.mail import mail_send
from meetings.models import AgendaItem, Document

from .links import slides_url
from .models import Guest, Organisation, SlideUpload, Talk


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
    for field in localized_fieldnames("speakers"):
        text = getattr(item, field, "") or ""
        lines = text.splitlines()
        kept = [line for line in lines if name.casefold() not in line.casefold()]
        if kept != lines:
            setattr(item, field, "\n".join(kept))
            changed.append(field)
    if changed:
        item.save(update_fields=changed)
    return bool(changed)


def guests_content_load() -> None:
    """Load the guests the sources name from ``content/guests.json`` (after the meetings:
    the talks name their agenda items). Once only: when any guest or guest organisation
    exists, the coordinator owns them, and a guest erased on request must not come back."""
    if Organisation.objects.exists() or Guest.objects.exists():
        return
    content = content_read("guests")
    organisations = {}
    for values in content["organisations"]:
        values = dict(values)
        slug = values.pop("slug")
        organisations[slug], _created = seed_get_or_create(
            Organisation, lookup={"slug": slug}, values=values
        )
    people = {}
    for values in content["people"]:
        values = dict(values)
        name = values.pop("name")
        organisation = values.pop("organisation", None)
        if organisation:
            values["organisation"] = organisations[organisation]
        people[name], _created = seed_get_or_create(Guest, lookup={"name": name}, values=values)
    orders: dict[int, int] = {}
    for talk in content["talks"]:
        item = AgendaItem.objects.filter(
            meeting__slug_sv=talk["meeting"], title_sv=talk["agenda_item"]
        ).first()
        if item is None:  # the coordinator changed the agenda since: theirs now
            continue
        order = orders.get(item.pk, 0)
        orders[item.pk] = order + 1
        seed_get_or_create(
            Talk,
            lookup={
                "agenda_item": item,
                "guest": people.get(talk.get("person")),
                "organisation": organisations.get(talk.get("organisation")),
            },
            values={"order": order},
        )


def slides_publish(*, upload: SlideUpload) -> Document:
    """Publish a guest's slides as a document of the talk's meeting, with the upload's
    visibility (the coordinator's approval)."""
    with transaction.atomic():
        meeting = upload.talk.agenda_item.meeting
        document = Document(
            meeting=meeting,
            title=upload.title,
            title_sv=upload.title,
            title_en=upload.title,
            visibility=upload.visibility,
            order=meeting.documents.count(),
        )
        with upload.file.open("rb") as source:
            document.file.save(
                os.path.basename(upload.file.name), ContentFile(source.read()), save=False
            )
        document.save()
        upload.document = document
        upload.state = SlideUpload.State.PUBLISHED
        upload.decided_at = timezone.now()
        upload.save(update_fields=["document", "state", "decided_at"])
    return document


def slides_reject(*, upload: SlideUpload) -> None:
    upload.state = SlideUpload.State.REJECTED
    upload.decided_at = timezone.now()
    upload.save(update_fields=["state", "decided_at"])


def slides_link_send(*, talk: Talk, language: str = "sv") -> bool:
    """E-mail the talk's guest the signed link for their slides; False when the guest has
    no address."""
    guest = talk.guest
    if guest is None or not guest.email:
        return False
    with translation.override(language):
        context = {
            "talk": talk,
            "guest": guest,
            "meeting": talk.agenda_item.meeting,
            "url": slides_url(talk, language=language),
            "days": settings.GUEST_SLIDES_LINK_DAYS,
        }
        message = EmailMessage(
            subject=gettext("Your slides from %(meeting)s") % {"meeting": context["meeting"].title},
            body=render_to_string("guests/email/slides_link.txt", context),
            to=[guest.email],
        )
        mail_send(message, kind="guests/slides_link", language=language)
    return True

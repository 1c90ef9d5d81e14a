"""A message of the plan as one recipient reads it: the placeholders filled in their
language, as plain text with an HTML part beside it.

The values of a message that are the same for every recipient are worked out once per
language (``Values``); only the name and the recipient's parts differ per person.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.mail_preferences import site_url
from meetings.registration.models import Part
from meetings.registration.services import registration_deadline

from .audiences import Recipient
from .models import DELIVERY_HEADER, Communication
from .placeholders import fill


def _dates(meeting) -> str:
    if meeting.eve_date:
        return f"{date_format(meeting.eve_date, 'j F')}–{date_format(meeting.date, 'j F Y')}"
    return date_format(meeting.date, "j F Y")


def part_line(part: Part) -> str:
    """One part as practical information: what, when, where."""
    start, end = part.start, part.end
    when = f"{date_format(start, 'l j F')} {date_format(start, 'H:i')}–{date_format(end, 'H:i')}"
    meeting = part.meeting
    if part.kind == Part.Kind.STUDY_VISIT and part.study_visit_id:
        place = part.study_visit.place
        where = _("meeting point: %(place)s") % {"place": place} if place else ""
    elif part.kind == Part.Kind.DINNER:
        where = meeting.dinner_note
    else:
        where = meeting.place
    return "- " + ", ".join(text for text in (part.name, when, where) if text)


@dataclass
class Values:
    """The placeholders' values shared by every recipient of one message in one language."""

    common: dict[str, str]
    # The meeting's parts, for recipients who have none of their own.
    parts: list[Part]


def values_for(communication: Communication, language: str, parts: list[Part]) -> Values:
    """Call inside ``translation.override(language)``."""
    meeting = communication.meeting
    common = dict.fromkeys(
        ("meeting", "date", "dates", "place", "registration_link", "registration_closes"), ""
    )
    common |= {"meeting_link": "", "materials_link": ""}
    if meeting is not None:
        meeting_link = site_url(meeting.get_absolute_url())
        window = getattr(meeting, "registration_window", None)
        common |= {
            "meeting": meeting.title,
            "date": date_format(meeting.date, "j F Y"),
            "dates": _dates(meeting),
            "place": meeting.place,
            "meeting_link": meeting_link,
            "materials_link": meeting_link + "#documents",
        }
        if window is not None:
            deadline = registration_deadline(meeting=meeting, window=window)
            common["registration_link"] = site_url(
                reverse("registration:meeting", kwargs={"slug": meeting.slug})
            )
            common["registration_closes"] = date_format(timezone.localtime(deadline), "j F Y H:i")
    return Values(common=common, parts=parts)


def rendered(communication: Communication, recipient: Recipient, values: Values) -> tuple[str, str]:
    """Subject and plain-text body for ``recipient``; call inside the recipient's language."""
    parts = recipient.parts or values.parts
    personal = values.common | {
        "name": recipient.person.name,
        "parts": "\n".join(part_line(part) for part in parts),
    }
    subject = " ".join(fill(communication.subject, personal).split())
    return subject, fill(communication.body, personal)


def html_body(text: str, language: str) -> str:
    """The plain text as HTML: escaped, paragraphs and line breaks kept, links clickable."""
    paragraphs = [block for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return render_to_string(
        "communications/email.html", {"paragraphs": paragraphs, "language": language}
    )


def message_for(
    communication: Communication, recipient: Recipient, values: Values, *, delivery_pk: int
) -> EmailMultiAlternatives:
    """The e-mail to ``recipient``; call inside the recipient's language."""
    subject, body = rendered(communication, recipient, values)
    message = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={DELIVERY_HEADER: str(delivery_pk)},
    )
    message.attach_alternative(html_body(body, recipient.language), "text/html")
    return message


def language_values(communication: Communication, parts: list[Part]) -> dict[str, Values]:
    """The shared values in every language of the site."""
    shared = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            shared[code] = values_for(communication, code, parts)
    return shared

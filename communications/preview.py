"""What the coordinator sees before a message goes: the exact recipients, each with their
language and whether they had it already, and the message as it reads in each language."""

from django.conf import settings
from django.utils import translation

from members.models import Person

from .audiences import Recipient, audience_recipients
from .models import Communication
from .rendering import html_body, language_values, rendered
from .services import meeting_parts


def communication_preview(*, communication: Communication) -> dict:
    """Recipients and the rendering in every language (a fixed number of queries)."""
    recipients = audience_recipients(communication)
    delivered = dict(
        communication.deliveries.values_list("person_id", "status"),
    )
    values = language_values(communication, meeting_parts(communication.meeting))
    languages = dict(settings.LANGUAGES)
    renderings = []
    for code, name in settings.LANGUAGES:
        theirs = [recipient for recipient in recipients if recipient.language == code]
        # As the first recipient in that language reads it, or an example recipient.
        sample = theirs[0] if theirs else _example(code)
        with translation.override(code):
            subject, body = rendered(communication, sample, values[code])
        renderings.append(
            {
                "code": code,
                "language": name,
                "count": len(theirs),
                "sample": sample.person.name,
                "subject": subject,
                "body": body,
                "html": html_body(body, code),
            }
        )
    rows = [
        {
            "recipient": recipient,
            "language": languages.get(recipient.language, recipient.language),
            "delivered": delivered.get(recipient.person.pk),
        }
        for recipient in recipients
    ]
    return {
        "recipients": rows,
        "count": len(rows),
        "waiting": sum(1 for row in rows if row["delivered"] is None),
        "renderings": renderings,
    }


def _example(language: str) -> Recipient:
    with translation.override(language):
        name = translation.gettext("Example Recipient")
    return Recipient(person=Person(name=name), email="", language=language)

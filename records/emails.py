"""E-mails around a record's review, each in its recipient's language.

When the coordinator sends a record to review, everyone who attended the meeting and has a
login (the review page is in the members' area) is asked to read it; when the record becomes
final, everyone who commented hears which of their comments were accepted or rejected. A
recipient's language is the one they registered for the meeting in, else the one their
login reads e-mail in. Both go through ``core.mail`` (the worker sends them), called by the
admin when it saves the record's new state.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.mail import MailTally, mail_send_many
from core.mail_preferences import mail_language, site_url
from meetings.registration import selectors as registration_selectors

from .models import Record, RecordComment


def _render(template: str, language: str, context: dict, to: str) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string(f"records/email/{template}_subject.txt", context)
        body = render_to_string(f"records/email/{template}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[to])


def _name(user) -> str:
    try:
        return user.person.name
    except ObjectDoesNotExist:  # a login linked to no person (marked as member)
        return user.get_full_name()


def record_review_announce(*, record: Record) -> MailTally:
    """Ask those who attended ``record``'s meeting to review it (one e-mail each)."""
    meeting = record.meeting
    messages = []
    seen = set()
    for registration in registration_selectors.attended_registrations(meeting=meeting):
        user = registration.person.user
        if user is None or not user.is_active or not user.email or user.pk in seen:
            continue
        seen.add(user.pk)
        language = registration.language or mail_language(user)
        with translation.override(language):
            review_url = site_url(reverse("records_area:record_review", kwargs={"pk": record.pk}))
        context = {
            "name": registration.person.name,
            "meeting": meeting,
            "review_url": review_url,
        }
        messages.append((_render("review", language, context, user.email), language, user))
    return mail_send_many(messages, kind="records/review")


def record_decisions_announce(*, record: Record) -> MailTally:
    """Tell each member who commented on ``record`` which comments were accepted or
    rejected, and why where the coordinator said so (one e-mail each)."""
    meeting = record.meeting
    by_author: dict[int, list[RecordComment]] = {}
    authors = {}
    comments = (
        record.comments.exclude(status=RecordComment.Status.PENDING)
        .filter(author__is_active=True, author__email__gt="")
        .select_related("author__person", "section__agenda_item")
    )
    for comment in comments:
        by_author.setdefault(comment.author_id, []).append(comment)
        authors[comment.author_id] = comment.author
    languages = dict(
        registration_selectors.attended_registrations(meeting=meeting)
        .filter(person__user_id__in=authors)
        .values_list("person__user_id", "language")
    )
    messages = []
    for author_pk, decided in by_author.items():
        author = authors[author_pk]
        language = languages.get(author_pk) or mail_language(author)
        with translation.override(language):
            record_url = site_url(record.get_absolute_url())
            context = {
                "name": _name(author),
                "meeting": meeting,
                "record_url": record_url,
                "accepted": [c for c in decided if c.status == RecordComment.Status.ACCEPTED],
                "rejected": [c for c in decided if c.status == RecordComment.Status.REJECTED],
            }
        messages.append((_render("decided", language, context, author.email), language, author))
    return mail_send_many(messages, kind="records/comment_decided")

"""The invitation to a meeting's survey and its one reminder, each once, to those who
attended (the reminder: those of them who have not answered), each in their language with
their own signed link (``feedback.links``), through ``core.mail.mail_send``.

The communications app's plans do not fit: their audiences and placeholders know nothing of
a survey, of who has answered or of a link per person, and that app sits below this one.
The coordinator sends both from the survey list in the admin (actions).
"""

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.mail import MailTally, mail_send_many
from core.mail_preferences import site_url
from meetings.registration.selectors import attended_registrations

from .links import survey_link_path
from .mail_kinds import SURVEY
from .models import Respondent, Survey


def _messages(survey: Survey, registrations, template: str) -> list[tuple]:
    messages = []
    for registration in registrations:
        if not registration.email:
            continue
        language = registration.language
        person = registration.person
        with translation.override(language):
            context = {
                "survey": survey,
                "meeting": survey.meeting,
                "name": person.name,
                "link": site_url(survey_link_path(survey=survey, person=person, language=language)),
            }
            subject = render_to_string(f"feedback/email/{template}_subject.txt", context)
            body = render_to_string(f"feedback/email/{template}.txt", context)
        message = EmailMessage(" ".join(subject.split()), body, to=[registration.email])
        recipient = person.user if person.user_id else registration.email
        messages.append((message, language, recipient))
    return messages


def _check_open(survey: Survey) -> None:
    if survey.state_on(timezone.localdate()) != "open":
        raise ValidationError(
            _("The survey of %(meeting)s is not open today.") % {"meeting": survey.meeting},
            code="not_open",
        )


@transaction.atomic
def survey_invitations_send(*, survey: Survey) -> MailTally | None:
    """Invite everyone who attended; None when the invitation went already (at most once,
    even when two coordinators press at the same moment)."""
    _check_open(survey)
    today = timezone.localdate()
    if not Survey.objects.filter(pk=survey.pk, invited_on__isnull=True).update(invited_on=today):
        return None
    survey.invited_on = today
    registrations = attended_registrations(meeting=survey.meeting)
    return mail_send_many(_messages(survey, registrations, "invitation"), kind=SURVEY)


@transaction.atomic
def survey_reminders_send(*, survey: Survey) -> MailTally | None:
    """Remind those who attended and have not answered; None when the reminder went
    already. Only after the invitation."""
    _check_open(survey)
    if survey.invited_on is None:
        raise ValidationError(
            _("Send the invitation of %(meeting)s before its reminder.")
            % {"meeting": survey.meeting},
            code="not_invited",
        )
    today = timezone.localdate()
    if not Survey.objects.filter(pk=survey.pk, reminded_on__isnull=True).update(reminded_on=today):
        return None
    survey.reminded_on = today
    registrations = attended_registrations(meeting=survey.meeting).exclude(
        person__in=Respondent.objects.filter(survey=survey).values("person")
    )
    return mail_send_many(_messages(survey, registrations, "reminder"), kind=SURVEY)

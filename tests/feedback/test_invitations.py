"""The invitation to a survey goes once to those who attended, each in their language with
their own link; the one reminder goes once to those who have not answered."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.mail_kinds import mail_kind
from core.mail_preferences import mail_switch
from feedback.emails import survey_invitations_send, survey_reminders_send
from feedback.models import Respondent
from feedback.services import response_save
from meetings.registration.models import Entry, Registration
from tests.factories import SurveyFactory
from tests.feedback.conftest import answers_for

pytestmark = pytest.mark.django_db


def _attendee(attendee_factory, language="sv", **kwargs):
    person = attendee_factory(**kwargs)
    Registration.objects.filter(person=person).update(language=language)
    return person


def _link(message) -> str:
    return re.search(r"https?://\S+/(?:aterkoppling|feedback)/\S+/", message.body)[0]


def test_the_invitation_goes_once_to_those_who_attended_in_their_language(
    client, survey, attendee_factory
):
    swede = _attendee(attendee_factory, "sv")
    english = _attendee(attendee_factory, "en")
    _attendee(attendee_factory, attendance=Entry.Attendance.ABSENT)
    _attendee(attendee_factory, attendance=Entry.Attendance.EXCUSED)
    tally = survey_invitations_send(survey=survey)
    assert tally.sent == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {swede.email, english.email}
    sv, en = by_address[swede.email], by_address[english.email]
    assert sv.subject == "Vad tyckte du om Höstmötet?"
    assert en.subject == "What did you think of Autumn meeting?"
    assert f"Hej {swede.name}!" in sv.body and "anonyma" in sv.body
    assert "/sv/medlemmar/aterkoppling/svara/" in sv.body
    assert "/en/members/feedback/answer/" in en.body
    # One may switch these off: each carries the one-click unsubscribe.
    assert not mail_kind("feedback/survey").transactional
    assert "List-Unsubscribe" in sv.extra_headers
    # Each link answers for its own person, without logging in.
    page = client.get(urlsplit(_link(en)).path)
    assert page.status_code == 200 and "How valuable was the meeting?" in page.content.decode()
    survey.refresh_from_db()
    assert survey.invited_on is not None
    assert survey_invitations_send(survey=survey) is None
    assert len(mail.outbox) == 2


def test_the_reminder_goes_once_and_skips_those_who_answered(survey, attendee_factory):
    answered, waiting = _attendee(attendee_factory), _attendee(attendee_factory)
    with pytest.raises(ValidationError):
        survey_reminders_send(survey=survey)
    survey_invitations_send(survey=survey)
    response_save(survey=survey, person=answered, answers=answers_for(survey.template))
    mail.outbox.clear()
    tally = survey_reminders_send(survey=survey)
    assert tally.sent == 1
    assert [message.to for message in mail.outbox] == [[waiting.email]]
    assert mail.outbox[0].subject == "Påminnelse: några frågor om Höstmötet"
    assert survey_reminders_send(survey=survey) is None
    assert len(mail.outbox) == 1
    assert Respondent.objects.filter(survey=survey).count() == 1


def test_a_member_who_switched_surveys_off_gets_none(survey, attendee_factory):
    quiet = _attendee(attendee_factory)
    mail_switch(recipient=quiet.user, kind="feedback/survey", on=False)
    tally = survey_invitations_send(survey=survey)
    assert tally.skipped == 1 and mail.outbox == []


def test_nothing_goes_for_a_survey_that_is_not_open(past_meeting, template, attendee_factory):
    _attendee(attendee_factory)
    later = SurveyFactory(
        meeting=past_meeting,
        template=template,
        opens_on=timezone.localdate() + datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError):
        survey_invitations_send(survey=later)
    later.refresh_from_db()
    assert later.invited_on is None and mail.outbox == []


def test_the_coordinator_sends_the_invitation_and_the_reminder_from_the_survey_list(
    coordinator_client, survey, attendee_factory
):
    _attendee(attendee_factory)
    _attendee(attendee_factory)
    url = reverse("admin:feedback_survey_changelist")
    page = coordinator_client.post(
        url,
        {"action": "send_invitations", "_selected_action": [str(survey.pk)]},
        follow=True,
    ).content.decode()
    assert "inbjudan gick till 2 personer som deltog" in page
    assert len(mail.outbox) == 2
    page = coordinator_client.post(
        url, {"action": "send_invitations", "_selected_action": [str(survey.pk)]}, follow=True
    ).content.decode()
    assert "inbjudan har redan skickats" in page
    page = coordinator_client.post(
        url, {"action": "send_reminders", "_selected_action": [str(survey.pk)]}, follow=True
    ).content.decode()
    assert "påminnelsen gick till 2 personer som inte har svarat" in page
    assert len(mail.outbox) == 4

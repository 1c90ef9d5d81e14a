import datetime

import pytest
from django.utils import timezone

from feedback.models import Question
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from tests.factories import (
    ChoiceFactory,
    MeetingFactory,
    PersonFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyTemplateFactory,
    UserFactory,
)


def attend(person, meeting, attendance=Entry.Attendance.ATTENDED) -> Registration:
    """``person`` had a place in every part of ``meeting`` and, as the coordinator marked it,
    ``attendance``."""
    registration_setup(meeting=meeting)
    registration = Registration.objects.create(meeting=meeting, person=person, language="sv")
    for part in meeting.registration_parts.all():
        Entry.objects.create(
            registration=registration,
            part=part,
            status=Entry.Status.CONFIRMED,
            attendance=attendance,
        )
    return registration


@pytest.fixture
def template(db):
    """A template with one question of each kind."""
    template = SurveyTemplateFactory(title_sv="Efter mötet", title_en="After the meeting")
    QuestionFactory(
        template=template,
        position=1,
        key="overall-value",
        text_sv="Hur värdefullt var mötet?",
        text_en="How valuable was the meeting?",
        required=True,
    )
    single = QuestionFactory(
        template=template,
        position=2,
        key="format",
        kind=Question.Kind.SINGLE,
        text_sv="Vilket format föredrar du?",
        text_en="Which format do you prefer?",
    )
    ChoiceFactory(question=single, position=1, label_sv="På plats", label_en="On site")
    ChoiceFactory(question=single, position=2, label_sv="Digitalt", label_en="Online")
    multiple = QuestionFactory(
        template=template,
        position=3,
        key="themes",
        kind=Question.Kind.MULTIPLE,
        text_sv="Vilka teman var relevanta?",
        text_en="Which themes were relevant?",
    )
    ChoiceFactory(question=multiple, position=1, label_sv="Finansiering", label_en="Funding")
    ChoiceFactory(question=multiple, position=2, label_sv="Ledarskap", label_en="Leadership")
    ChoiceFactory(question=multiple, position=3, label_sv="Samverkan", label_en="Collaboration")
    QuestionFactory(
        template=template,
        position=4,
        key="next-time",
        kind=Question.Kind.TEXT,
        text_sv="Vad vill du ta upp nästa gång?",
        text_en="What should we take up next time?",
        low_label_sv="",
        low_label_en="",
        high_label_sv="",
        high_label_en="",
    )
    return template


@pytest.fixture
def past_meeting(db):
    return MeetingFactory(
        date=timezone.localdate() - datetime.timedelta(days=3),
        title_sv="Höstmötet",
        title_en="Autumn meeting",
    )


@pytest.fixture
def survey(template, past_meeting):
    """Open since the day after the meeting, for a week more."""
    today = timezone.localdate()
    return SurveyFactory(
        meeting=past_meeting,
        template=template,
        opens_on=past_meeting.date + datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
    )


@pytest.fixture
def attendee_factory(past_meeting):
    """Makes a member (a login with a person) who attended the survey's meeting."""

    def make(meeting=None, attendance=Entry.Attendance.ATTENDED, language="sv"):
        user = UserFactory(marked_as_member=True)
        person = PersonFactory(user=user)
        attend(person, meeting or past_meeting, attendance)
        return person

    return make


def answers_for(template, *, scale=3, single=0, multiple=(0,), text="Mer om finansiering"):
    """``response_save``'s answers for ``template`` (choices by index)."""
    questions = {q.key: q for q in template.questions.prefetch_related("choices")}
    singles = list(questions["format"].choices.all())
    multiples = list(questions["themes"].choices.all())
    return {
        questions["overall-value"].pk: scale,
        questions["format"].pk: singles[single],
        questions["themes"].pk: [multiples[i] for i in multiple],
        questions["next-time"].pk: text,
    }

"""A member who attended answers the survey, changes the answers until it closes, and sees
plainly when it cannot be answered; through the members' area or the e-mail's signed link."""

import datetime
import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from core.mail_preferences import unsubscribe_token
from feedback.links import survey_link_path, survey_link_token
from feedback.models import Answer, Question, Respondent, Response
from feedback.services import AlreadyAnswered, response_save
from feedback.views import token_cookie_name
from meetings.registration.models import Entry
from tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory, SurveyTemplateFactory
from tests.feedback.conftest import answers_for

pytestmark = pytest.mark.django_db


def _url(survey):
    return reverse("feedback_area:survey_answer", args=[survey.pk])


def _post_data(survey, *, scale="4", single=0, multiple=(0, 2), text="Mer om finansiering"):
    questions = {q.key: q for q in survey.template.questions.all()}
    singles = list(questions["format"].choices.order_by("position"))
    multiples = list(questions["themes"].choices.order_by("position"))
    return {
        f"q{questions['overall-value'].pk}": scale,
        f"q{questions['format'].pk}": str(singles[single].pk),
        f"q{questions['themes'].pk}": [str(multiples[i].pk) for i in multiple],
        f"q{questions['next-time'].pk}": text,
    }


@pytest.fixture
def attendee(attendee_factory):
    return attendee_factory()


@pytest.fixture
def attendee_client(client, attendee):
    client.force_login(attendee.user)
    return client


def _answers(survey):
    return {
        (answer.question.key, answer.value, answer.choice and answer.choice.label_sv, answer.text)
        for answer in Answer.objects.filter(response__survey=survey).select_related(
            "question", "choice"
        )
    }


def test_an_attendee_answers_in_the_members_area(attendee_client, survey, attendee):
    page = attendee_client.get(_url(survey))
    content = page.content.decode()
    assert page.status_code == 200
    assert "<legend>Hur värdefullt var mötet? <span" in content
    assert "1 betyder ”Inte alls”, 5 betyder ”I hög grad”." in content
    response = attendee_client.post(_url(survey), _post_data(survey))
    assert response.status_code == 302
    assert Respondent.objects.filter(survey=survey, person=attendee).exists()
    assert Response.objects.filter(survey=survey).count() == 1
    assert _answers(survey) == {
        ("overall-value", 4, None, ""),
        ("format", None, "På plats", ""),
        ("themes", None, "Finansiering", ""),
        ("themes", None, "Samverkan", ""),
        ("next-time", None, None, "Mer om finansiering"),
    }
    cookie = response.cookies[token_cookie_name(survey)]
    assert cookie["httponly"] and cookie.value
    # The token is not what is stored: only its hash.
    assert not Response.objects.filter(change_token_hash=cookie.value).exists()
    thanks = attendee_client.get(_url(survey)).content.decode()
    assert "Tack: dina svar är sparade" in thanks


def test_the_answers_change_until_the_survey_closes(attendee_client, survey):
    attendee_client.post(_url(survey), _post_data(survey))
    page = attendee_client.get(_url(survey)).content.decode()
    assert "Du har svarat." in page
    scale = survey.template.questions.get(key="overall-value")
    assert re.search(rf'name="q{scale.pk}" value="4"[^>]*checked', page)
    assert page.count("checked") == 4  # the scale, one choice, two themes
    attendee_client.post(_url(survey), _post_data(survey, scale="2", single=1, multiple=()))
    assert Response.objects.filter(survey=survey).count() == 1
    assert _answers(survey) == {
        ("overall-value", 2, None, ""),
        ("format", None, "Digitalt", ""),
        ("next-time", None, None, "Mer om finansiering"),
    }
    with freeze_time(survey.closes_on + datetime.timedelta(days=1)):
        closed = attendee_client.post(_url(survey), _post_data(survey, scale="5"))
    assert "Enkäten stängde" in closed.content.decode()
    assert ("overall-value", 2, None, "") in _answers(survey)


def test_a_second_answer_without_the_token_is_refused(attendee_client, survey, attendee):
    attendee_client.post(_url(survey), _post_data(survey))
    attendee_client.cookies.pop(token_cookie_name(survey))
    page = attendee_client.get(_url(survey)).content.decode()
    assert "Du har redan svarat på enkäten" in page
    assert "<form" not in page.split('class="hero"')[1]
    attendee_client.post(_url(survey), _post_data(survey, scale="1"))
    assert Response.objects.filter(survey=survey).count() == 1
    with pytest.raises(AlreadyAnswered):
        response_save(survey=survey, person=attendee, answers=answers_for(survey.template))
    # Someone else's token opens nothing for a person who has answered already.
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_token_does_not_let_another_person_change_an_answer(client, survey, attendee_factory):
    first, second = attendee_factory(), attendee_factory()
    token = response_save(
        survey=survey, person=first, answers=answers_for(survey.template, scale=5)
    )
    response_save(
        survey=survey,
        person=second,
        answers=answers_for(survey.template, scale=1),
        change_token=token,
    )
    assert Response.objects.filter(survey=survey).count() == 2
    assert sorted(
        Answer.objects.filter(question__key="overall-value").values_list("value", flat=True)
    ) == [1, 5]


def test_bad_input_gives_translated_errors_and_loses_nothing(attendee_client, survey):
    data = _post_data(survey, scale="")
    questions = {q.key: q for q in survey.template.questions.all()}
    data[f"q{questions['format'].pk}"] = "999999"
    page = attendee_client.post(_url(survey), data)
    content = page.content.decode()
    assert page.status_code == 200
    assert not Response.objects.exists()
    assert "Svara på den här frågan." in content
    assert "Välj ett av alternativen som visas." in content
    scale = f"q{questions['overall-value'].pk}"
    assert f'id="{scale}-error"' in content
    assert f'aria-describedby="{scale}-help {scale}-error"' in content
    assert 'aria-invalid="true"' in content
    assert f'href="#{scale}-question"' in content
    # What was given stays: the chosen themes and the text.
    assert content.count("checked") == 2
    assert "Mer om finansiering</textarea>" in content
    assert "<title>Fel:" in content


def test_a_survey_not_yet_open_says_when_it_opens(attendee_client, past_meeting, template):
    survey = SurveyFactory(
        meeting=past_meeting,
        template=template,
        opens_on=timezone.localdate() + datetime.timedelta(days=2),
        closes_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    page = attendee_client.get(_url(survey)).content.decode()
    assert "Enkäten är inte öppen ännu." in page
    attendee_client.post(_url(survey), _post_data(survey))
    assert not Response.objects.exists()


@pytest.mark.parametrize("attendance", [None, Entry.Attendance.ABSENT])
def test_someone_who_did_not_attend_cannot_answer(client, survey, attendee_factory, attendance):
    if attendance is None:
        from tests.factories import PersonFactory, UserFactory

        person = PersonFactory(user=UserFactory(marked_as_member=True))
    else:
        person = attendee_factory(attendance=attendance)
    client.force_login(person.user)
    page = client.get(_url(survey))
    assert page.status_code == 403
    assert "Enkäten är till för dem som deltog i mötet" in page.content.decode()
    assert client.post(_url(survey), _post_data(survey)).status_code == 403
    assert not Response.objects.exists() and not Respondent.objects.exists()


def test_the_members_area_lists_the_open_surveys_of_meetings_attended(
    attendee_client, survey, template
):
    SurveyFactory(template=template)  # of a meeting the member did not attend
    page = attendee_client.get(reverse("members_area:start")).content.decode()
    assert 'id="feedback-surveys"' in page
    assert page.count(reverse("feedback_area:survey_answer", args=[survey.pk])) == 1
    attendee_client.post(_url(survey), _post_data(survey))
    assert "besvarad, tack" in attendee_client.get(reverse("members_area:start")).content.decode()


# --- The signed link --------------------------------------------------------------------


def test_the_signed_link_answers_without_logging_in(client, survey, attendee):
    url = survey_link_path(survey=survey, person=attendee, language="en")
    assert url.startswith("/en/members/feedback/answer/")
    page = client.get(url)
    assert page.status_code == 200
    assert "How valuable was the meeting?" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert client.post(url, _post_data(survey)).status_code == 302
    assert Respondent.objects.filter(survey=survey, person=attendee).exists()
    assert "You have answered." in client.get(url).content.decode()


def test_an_altered_or_foreign_link_is_refused(client, survey, attendee, attendee_factory):
    token = survey_link_token(survey=survey, person=attendee)
    other = attendee_factory()
    forged_payload = signing.dumps(
        {"s": survey.pk, "p": other.pk, "e": survey.closes_on.isoformat()}, salt="another"
    )
    with translation.override("sv"):
        for bad in (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), forged_payload):
            url = reverse("feedback_area:survey_link", kwargs={"token": bad})
            page = client.get(url)
            assert page.status_code == 404
            assert "Länken till enkäten fungerar inte" in page.content.decode()
            assert client.post(url, _post_data(survey)).status_code == 404
        # A genuine token of another kind (the one-click unsubscribe) opens nothing here.
        url = reverse(
            "feedback_area:survey_link",
            kwargs={"token": unsubscribe_token(recipient=attendee.user, kind="feedback/survey")},
        )
        assert client.get(url).status_code == 404
    assert not Response.objects.exists()


def test_the_link_expires_with_the_closing_day_it_was_made_for(client, survey, attendee):
    url = survey_link_path(survey=survey, person=attendee, language="sv")
    # The coordinator extends the survey; the old link still ends on its own day.
    closes_on = survey.closes_on
    survey.closes_on = closes_on + datetime.timedelta(days=10)
    survey.save()
    with freeze_time(closes_on + datetime.timedelta(days=1)):
        page = client.get(url)
        assert "Enkäten stängde" in page.content.decode()
        client.post(url, _post_data(survey))
    assert not Response.objects.exists()


# --- Query counts -------------------------------------------------------------------------


def _survey_of_size(past_meeting, attendee, n: int):
    template = SurveyTemplateFactory()
    for number in range(n):
        QuestionFactory(template=template, key=f"scale-{number}")
        single = QuestionFactory(template=template, key=f"single-{number}", kind="single")
        multiple = QuestionFactory(template=template, key=f"multi-{number}", kind="multiple")
        for position in range(3):
            ChoiceFactory(question=single, position=position)
            ChoiceFactory(question=multiple, position=position)
        QuestionFactory(template=template, key=f"text-{number}", kind=Question.Kind.TEXT)
    survey = SurveyFactory(
        meeting=past_meeting,
        template=template,
        opens_on=past_meeting.date + datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    return survey


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_survey_page_queries_stay_constant_at_20_times_the_data(
    attendee_client, past_meeting, attendee, attendee_factory
):
    counts = []
    for n in (1, 20):
        survey = _survey_of_size(past_meeting, attendee, n)
        # Others have answered (n of them), and so has the member, who is changing.
        for _ in range(n):
            person = attendee_factory()
            answers = {}
            for question in survey.template.questions.prefetch_related("choices"):
                choices = list(question.choices.all())
                answers[question.pk] = {
                    "scale": 3,
                    "single": choices[0] if choices else None,
                    "multiple": choices[:2],
                    "text": "Bra",
                }[question.kind]
            response_save(survey=survey, person=person, answers=answers)
        token = response_save(survey=survey, person=attendee, answers=answers)
        attendee_client.cookies[token_cookie_name(survey)] = token
        counts.append(_queries(attendee_client, _url(survey)))
    assert counts[0] == counts[1], counts

"""The coordinator's side: templates in both languages, a meeting's survey in one step, and
what the coordinator may do with the answers."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse

from feedback.models import Question, Survey
from members.groups import coordinator_group_ensure
from tests.admin_forms import browser_form_data
from tests.factories import MeetingFactory, SurveyFactory, SurveyTemplateFactory

pytestmark = pytest.mark.django_db


def _form(client, url, form_id) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    data = browser_form_data(page.content.decode(), form_id=form_id)
    data["_save"] = ["Spara"]
    return data


@override_settings(FEEDBACK_SURVEY_DAYS=10)
def test_the_coordinator_opens_a_survey_for_a_meeting_in_one_step(coordinator_client, template):
    """The add form comes with the template used last and the meeting from the link: saving
    it as it is opens the survey the day after the meeting, for the set number of days."""
    other = SurveyTemplateFactory()
    SurveyFactory(template=template)
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    url = reverse("admin:feedback_survey_add") + f"?meeting={meeting.pk}"
    data = _form(coordinator_client, url, "survey_form")
    assert data["template"] == [str(template.pk)] and other.pk != template.pk
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    survey = Survey.objects.get(meeting=meeting)
    assert survey.template == template
    assert survey.opens_on == datetime.date(2026, 3, 13)
    assert survey.closes_on == datetime.date(2026, 3, 23)


def test_a_survey_cannot_open_before_its_meeting_is_over(coordinator_client, template):
    meeting = MeetingFactory(date=datetime.date(2026, 3, 12))
    url = reverse("admin:feedback_survey_add")
    data = _form(coordinator_client, url, "survey_form")
    data.update(
        {
            "meeting": [str(meeting.pk)],
            "template": [str(template.pk)],
            "opens_on": ["2026-03-12"],
            "closes_on": ["2026-03-20"],
        }
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Enkäten öppnar efter mötet" in response.content.decode()
    assert not Survey.objects.exists()


def test_the_coordinator_writes_a_template_in_both_languages(coordinator_client):
    url = reverse("admin:feedback_surveytemplate_add")
    page = coordinator_client.get(url)
    content = page.content.decode()
    assert 'name="title_sv"' in content and 'name="title_en"' in content
    assert 'name="questions-0-text_en"' not in content  # no empty question rows
    data = browser_form_data(content, form_id="surveytemplate_form")
    data.update(
        {
            "title_sv": ["Efter mötet"],
            "title_en": ["After the meeting"],
            "questions-TOTAL_FORMS": ["1"],
            "questions-0-position": ["1"],
            "questions-0-key": ["overall-value"],
            "questions-0-kind": ["scale"],
            "questions-0-text_sv": ["Hur värdefullt var mötet?"],
            "questions-0-text_en": ["How valuable was the meeting?"],
            "questions-0-low_label_sv": ["Inte alls"],
            "questions-0-high_label_sv": ["Mycket"],
            "_save": ["Spara"],
        }
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(key="overall-value")
    assert question.text_en == "How valuable was the meeting?"


def test_a_scale_question_needs_the_labels_of_both_ends(coordinator_client, template):
    question = template.questions.get(key="overall-value")
    url = reverse("admin:feedback_question_change", args=[question.pk])
    data = _form(coordinator_client, url, "question_form")
    data["high_label_sv"] = [""]
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "En skalfråga behöver etiketter för båda ändarna" in response.content.decode()


def test_the_coordinator_reads_answers_but_never_writes_or_deletes_them(coordinator):
    coordinator_group_ensure()
    held = set(
        Permission.objects.filter(
            group__user=coordinator, content_type__app_label="feedback"
        ).values_list("codename", flat=True)
    )
    assert {"add_survey", "change_survey", "add_surveytemplate", "add_question"} <= held
    assert {"view_response", "view_answer", "change_answer", "view_respondent"} <= held
    assert (
        not {
            "add_response",
            "change_response",
            "delete_response",
            "add_answer",
            "delete_answer",
            "add_respondent",
            "change_respondent",
            "delete_respondent",
        }
        & held
    )

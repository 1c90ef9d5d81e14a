"""The survey's pages are valid HTML (Nu Html Checker) in both languages: the form, the form
with errors, after answering, not yet open, closed, a non-attendee's page, the bad link and
the members' start page with its surveys."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from feedback.links import survey_link_path
from tests.factories import SurveyFactory, SurveyTemplateFactory

# The checker reads the markup (README: Tests and CI).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


def test_the_survey_pages_are_valid_html(vnu, client, survey, template, attendee_factory, tmp_path):
    attendee = attendee_factory()
    outsider = attendee_factory(meeting=SurveyFactory(template=template).meeting)
    today = timezone.localdate()
    not_open = SurveyFactory(
        meeting=survey.meeting,
        template=SurveyTemplateFactory(),
        opens_on=today + datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=4),
    )
    files = {}

    def keep(response, what):
        file = tmp_path / f"{len(files):02d}.html"
        file.write_bytes(response.content)
        files[str(file)] = what

    for language in ("sv", "en"):
        with translation.override(language):
            answer = reverse("feedback_area:survey_answer", args=[survey.pk])
            later = reverse("feedback_area:survey_answer", args=[not_open.pk])
            start = reverse("members_area:start")
            bad_link = reverse("feedback_area:survey_link", kwargs={"token": "forged"})
        link = survey_link_path(survey=survey, person=attendee, language=language)
        client.force_login(attendee.user)
        client.cookies.pop(f"feedback_{survey.pk}", None)
        keep(client.get(start), f"{language} start")
        keep(client.get(later), f"{language} not open")
        keep(client.get(answer), f"{language} form")
        keep(client.post(answer, {}), f"{language} errors")
        client.logout()
        keep(client.get(link), f"{language} through the link")
        keep(client.get(bad_link), f"{language} bad link")
        client.force_login(outsider.user)
        keep(client.get(answer), f"{language} not attended")
        client.logout()
    assert vnu(files) == ""

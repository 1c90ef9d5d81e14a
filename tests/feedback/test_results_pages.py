"""The results pages: the coordinator's in the admin (with the free-text publish toggle and
the XLSX export), the members' in the members' area (released results only), never the
public's; the trend across meetings; constant queries."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from feedback.models import Answer
from tests.factories import MeetingFactory, SurveyFactory, UserFactory

from .results_data import respond, respond_many

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _minimum_five(settings):
    settings.FEEDBACK_MIN_RESPONSES = 5


@pytest.fixture
def member_client(client):
    client.force_login(UserFactory(marked_as_member=True))
    return client


def members_url(survey, language="sv"):
    with translation.override(language):
        return reverse("feedback_results:detail", args=[survey.pk])


def trend_url(template, language="sv"):
    with translation.override(language):
        return reverse("feedback_results:trend", args=[template.pk])


def answered(survey, count=5):
    respond_many(survey, count - 1, scale=4, single=0, multiple=(0, 2), text="Opublicerad")
    respond(survey, scale=2, single=1, multiple=(1,), text="Publicerad text", published=True)


def test_the_members_results_address_is_translated(survey):
    assert members_url(survey) == f"/sv/medlemmar/utvardering/resultat/{survey.pk}/"
    assert members_url(survey, "en") == f"/en/members/feedback/results/{survey.pk}/"


def test_the_public_never_sees_results(client, survey):
    survey.results_released = True
    survey.save()
    answered(survey)
    for url in (members_url(survey), trend_url(survey.template), reverse("feedback_results:index")):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/" in response["Location"], url
    admin = client.get(reverse("admin:feedback_survey_results", args=[survey.pk]))
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]


def test_a_logged_in_non_member_sees_no_results(client, survey):
    survey.results_released = True
    survey.save()
    answered(survey)
    client.force_login(UserFactory())
    assert client.get(members_url(survey)).status_code == 403
    assert client.get(trend_url(survey.template)).status_code == 403


def test_members_see_nothing_of_results_the_coordinator_has_not_released(member_client, survey):
    answered(survey)
    assert member_client.get(members_url(survey)).status_code == 404
    assert member_client.get(trend_url(survey.template)).status_code == 404
    index = member_client.get(reverse("feedback_results:index")).content.decode()
    assert members_url(survey) not in index


def test_members_see_released_results_as_charts_with_tables_and_only_published_text(
    member_client, survey
):
    survey.results_released = True
    survey.save()
    answered(survey)
    response = member_client.get(members_url(survey))
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'<svg class="chart[^"]*"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3  # scale, single, multiple; free text has none
    for labelledby in charts:
        title, desc = labelledby.split()
        assert f'<title id="{title}">' in html and f'<desc id="{desc}">' in html
    assert html.count("<table") == 3
    assert "Median 4 (5 svar)" in html
    assert "Publicerad text" in html and "Opublicerad" not in html
    assert "style=" not in html
    assert "cache-control" in response.headers and "private" in response.headers["Cache-Control"]
    index = member_client.get(reverse("feedback_results:index")).content.decode()
    assert members_url(survey) in index and trend_url(survey.template) in index


def test_below_the_minimum_the_members_page_says_how_many_more_answers(member_client, survey):
    survey.results_released = True
    survey.save()
    respond_many(survey, 3, scale=5)
    html = member_client.get(members_url(survey)).content.decode()
    assert "2 svar till behövs" in html
    assert "<svg" not in html.split("<main", 1)[1]
    with translation.override("en"):
        english = member_client.get(members_url(survey, "en")).content.decode()
    assert "2 more answers are needed" in english


def test_the_survey_change_page_links_to_its_results(coordinator_client, survey):
    change = coordinator_client.get(reverse("admin:feedback_survey_change", args=[survey.pk]))
    assert reverse("admin:feedback_survey_results", args=[survey.pk]) in change.content.decode()
    template = coordinator_client.get(
        reverse("admin:feedback_surveytemplate_change", args=[survey.template.pk])
    )
    assert (
        reverse("admin:feedback_surveytemplate_trend", args=[survey.template.pk])
        in template.content.decode()
    )


def test_the_coordinator_sees_every_free_text_answer_and_publishes_one(coordinator_client, survey):
    answered(survey)
    url = reverse("admin:feedback_survey_results", args=[survey.pk])
    html = coordinator_client.get(url).content.decode()
    assert html.count("Opublicerad") == 4 and "Publicerad text" in html
    assert "<svg" in html and "Publicera för medlemmarna" in html
    answer = Answer.objects.filter(text="Opublicerad").first()
    publish = reverse("admin:feedback_survey_answer_publish", args=[survey.pk])
    assert f'action="{publish}"' in html and f'name="publish" value="{answer.pk}"' in html
    assert html.count("csrfmiddlewaretoken") == 2  # one form for every answer (and logout)
    assert coordinator_client.get(publish).status_code == 405
    response = coordinator_client.post(publish, {"publish": str(answer.pk)})
    assert response.status_code == 302 and response["Location"].startswith(url)
    answer.refresh_from_db()
    assert answer.published
    assert f'name="unpublish" value="{answer.pk}"' in coordinator_client.get(url).content.decode()
    coordinator_client.post(publish, {"unpublish": str(answer.pk)})
    answer.refresh_from_db()
    assert not answer.published


def test_an_answer_of_another_survey_cannot_be_published_through_this_one(
    coordinator_client, survey, template
):
    answered(survey)
    other = SurveyFactory(template=template)
    answer = Answer.objects.filter(text="Opublicerad").first()
    publish = reverse("admin:feedback_survey_answer_publish", args=[other.pk])
    assert coordinator_client.post(publish, {"publish": str(answer.pk)}).status_code == 404
    assert coordinator_client.post(publish, {"publish": "not-an-id"}).status_code == 404
    answer.refresh_from_db()
    assert not answer.published


def test_staff_without_the_coordinators_permissions_get_no_results(client, survey):
    answered(survey)
    client.force_login(UserFactory(is_staff=True))
    url = reverse("admin:feedback_survey_results", args=[survey.pk])
    assert client.get(url).status_code == 403


def test_the_export_opens_with_openpyxl_and_holds_the_same_numbers(coordinator_client, survey):
    answered(survey)
    response = coordinator_client.get(
        reverse("admin:feedback_survey_results_export", args=[survey.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    results, free_text = workbook.worksheets
    rows = [tuple(v for v in row if v is not None) for row in results.iter_rows(values_only=True)]
    assert ("Personer som svarade", 5) in rows
    assert ("Median", 4) in rows
    assert ("På plats", 4, 0.8) in rows and ("Digitalt", 1, 0.2) in rows
    texts = sorted(row[1] for row in free_text.iter_rows(min_row=2, values_only=True))
    assert texts == ["Opublicerad"] * 4 + ["Publicerad text"]


def test_the_export_withholds_what_the_page_withholds(coordinator_client, survey):
    respond_many(survey, 4, scale=1, text="Hemlig")
    response = coordinator_client.get(
        reverse("admin:feedback_survey_results_export", args=[survey.pk])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [v for row in workbook.worksheets[0].iter_rows(values_only=True) for v in row]
    assert any("ett svar till behövs" in str(v) for v in values)
    assert "Hemlig" not in str(values) and workbook.worksheets[1].max_row == 1


def _two_meetings(template):
    first = SurveyFactory(
        template=template,
        meeting=MeetingFactory(date=datetime.date(2024, 4, 10), title_sv="Vårmötet 2024"),
        results_released=True,
    )
    second = SurveyFactory(
        template=template,
        meeting=MeetingFactory(date=datetime.date(2025, 4, 10), title_sv="Vårmötet 2025"),
        results_released=True,
    )
    respond_many(first, 5, scale=3)
    respond_many(second, 4, scale=5)
    respond_many(second, 2, scale=4)
    return first, second


def test_the_trend_shows_each_meeting_as_a_chart_and_a_table(member_client, template):
    _two_meetings(template)
    html = member_client.get(trend_url(template)).content.decode()
    assert re.search(r'<svg class="chart chart--stacked"[^>]*role="img"', html)
    assert "Vårmötet 2024" in html and "Vårmötet 2025" in html
    table = html.split('<table class="data-table data-table--trend">', 1)[1]
    assert re.search(r"Vårmötet 2024</th><td>3</td><td>0</td><td>0</td><td>5</td>", table)
    assert re.search(
        r"Vårmötet 2025</th><td>5</td><td>0</td><td>0</td><td>0</td><td>2</td><td>4</td>", table
    )
    assert "style=" not in html


def test_the_coordinators_trend_includes_unreleased_surveys(coordinator_client, template):
    first, second = _two_meetings(template)
    second.results_released = False
    second.save()
    url = reverse("admin:feedback_surveytemplate_trend", args=[template.pk])
    html = coordinator_client.get(url).content.decode()
    assert "Vårmötet 2024" in html and "Vårmötet 2025" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_results_pages_take_the_same_queries_at_twenty_times_the_data(
    coordinator_client, template, django_assert_num_queries
):
    surveys = [
        SurveyFactory(template=template, results_released=True, meeting=MeetingFactory())
        for _ in range(2)
    ]
    for survey in surveys:
        answered(survey)
    survey = surveys[0]
    pages = [
        reverse("admin:feedback_survey_results", args=[survey.pk]),
        reverse("admin:feedback_surveytemplate_trend", args=[template.pk]),
        members_url(survey),
        trend_url(template),
        reverse("feedback_results:index"),
    ]
    before = {url: _queries(coordinator_client, url) for url in pages}
    surveys += [
        SurveyFactory(template=template, results_released=True, meeting=MeetingFactory())
        for _ in range(38)
    ]
    for other in surveys:
        answered(other, 5 if other is not survey else 100)
    for url in pages:
        with django_assert_num_queries(before[url]):
            assert coordinator_client.get(url).status_code == 200


def test_the_members_start_page_links_to_the_results(member_client):
    html = member_client.get(reverse("members_area:start")).content.decode()
    assert f'href="{reverse("feedback_results:index")}">Resultat av utvärderingarna</a>' in html

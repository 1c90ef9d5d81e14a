"""What the results make of stored answers: counts, distributions, medians, the minimum
number of answers, free text and the trend across meetings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from feedback.models import Question
from feedback.results import (
    answers_needed,
    median_of,
    needed_message,
    survey_results,
    template_trend,
)
from operations.management.commands.benchmark_feedback import feedback_survey, feedback_template
from tests.factories import MeetingFactory, SurveyFactory

from .results_data import respond, respond_many


def test_median_of_a_distribution():
    assert median_of({1: 1, 2: 1, 5: 1}) == 2
    assert median_of({3: 2, 4: 2}) == 3.5  # even: the mean of the middle two
    assert median_of({1: 4, 5: 1}) == 1
    assert median_of({2: 1, 4: 0, 5: 3}) == 5
    assert median_of({}) is None


def test_answers_needed_counts_down_to_the_minimum(settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    assert [answers_needed(n) for n in (0, 3, 4, 5, 9)] == [5, 2, 1, 0, 0]


def test_the_message_says_how_many_more_answers_in_the_readers_language(settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    with translation.override("sv"):
        assert "ett svar till behövs" in needed_message(1)
        assert "3 svar till behövs" in needed_message(3)
    with translation.override("en"):
        assert "1 more answer is needed" in needed_message(1)
        assert "3 more answers are needed" in needed_message(3)


def test_nothing_is_shown_below_the_minimum_and_the_count_needed_is_given(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    respond_many(survey, 4, scale=5, single=0, multiple=(0,), text="Bra")
    results = survey_results(survey=survey, coordinator=True)
    assert not results.shown and results.needed == 1 and results.responses == 4
    assert results.questions == []


def test_scale_results_count_each_value_and_give_the_median(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    for value in (1, 4, 4, 5, 5, 5):
        respond(survey, scale=value)
    scale = survey_results(survey=survey, coordinator=True).questions[0]
    assert scale.question.kind == Question.Kind.SCALE and scale.shown
    assert [(row.label, row.count) for row in scale.rows] == [
        ("1 – Inte alls", 1),
        ("2", 0),
        ("3", 0),
        ("4", 2),
        ("5 – I hög grad", 3),
    ]
    assert scale.count == 6 and scale.median == 4.5
    assert [row.percent for row in scale.rows] == [17, 0, 0, 33, 50]


def test_choice_results_count_people_per_choice(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    respond_many(survey, 3, scale=3, single=0, multiple=(0, 2))
    respond_many(survey, 2, scale=3, single=1, multiple=(2,))
    _scale, single, multiple, _text = survey_results(survey=survey, coordinator=True).questions
    assert [(row.label, row.count) for row in single.rows] == [("På plats", 3), ("Digitalt", 2)]
    assert single.count == 5
    assert [(row.label, row.count) for row in multiple.rows] == [
        ("Finansiering", 3),
        ("Ledarskap", 0),
        ("Samverkan", 5),
    ]
    assert multiple.count == 5  # people, not choices made
    assert [row.percent for row in multiple.rows] == [60, 0, 100]


def test_a_question_fewer_answered_is_withheld_alone(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    respond_many(survey, 3, scale=4, text="Mer om finansiering")
    respond_many(survey, 2, scale=2)
    scale, single, _multiple, text = survey_results(survey=survey, coordinator=True).questions
    assert scale.shown and scale.median == 4
    assert not single.shown and single.needed == 5 and single.rows == []
    assert not text.shown and text.needed == 2 and text.texts == []


def test_the_coordinator_gets_all_free_text_members_only_the_published(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    respond_many(survey, 4, scale=3, text="Opublicerad")
    respond(survey, scale=3, text="Publicerad", published=True)
    respond(survey, scale=3, text="")
    coordinator = survey_results(survey=survey, coordinator=True).questions[-1]
    assert sorted(answer.text for answer in coordinator.texts) == ["Opublicerad"] * 4 + [
        "Publicerad"
    ]
    member = survey_results(survey=survey, coordinator=False).questions[-1]
    assert [answer.text for answer in member.texts] == ["Publicerad"]


def test_free_text_comes_in_random_order(survey, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    for number in range(12):
        respond(survey, text=f"Svar {number}")
    orders = {
        tuple(a.text for a in survey_results(survey=survey, coordinator=True).questions[-1].texts)
        for _ in range(5)
    }
    assert len(orders) > 1  # 12! orders: five equal draws would be a fixed order


def test_the_trend_gives_each_meeting_its_median_and_distribution(template, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    earlier = SurveyFactory(
        template=template, meeting=MeetingFactory(date=datetime.date(2024, 4, 10))
    )
    later = SurveyFactory(
        template=template, meeting=MeetingFactory(date=datetime.date(2025, 4, 10))
    )
    thin = SurveyFactory(template=template, meeting=MeetingFactory(date=datetime.date(2025, 10, 9)))
    respond_many(later, 3, scale=5)
    respond_many(later, 2, scale=4)
    respond_many(earlier, 5, scale=2)
    respond_many(earlier, 1, scale=3)
    respond_many(thin, 4, scale=1)
    (trend,) = template_trend(template=template, released_only=False)
    assert trend.question.key == "overall-value"
    assert [point.survey for point in trend.points] == [earlier, later, thin]  # by meeting date
    assert [point.distribution for point in trend.points] == [
        (0, 5, 1, 0, 0),
        (0, 0, 0, 2, 3),
        None,
    ]
    assert [point.median for point in trend.points] == [2, 5, None]
    assert trend.points[2].needed == 1
    assert len(trend.chart.notes) == 1 and len(trend.chart.segments) == 4


def test_members_trend_holds_only_released_surveys(template, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    released = SurveyFactory(template=template, results_released=True)
    SurveyFactory(template=template, results_released=False)
    (trend,) = template_trend(template=template, released_only=True)
    assert [point.survey for point in trend.points] == [released]


@pytest.mark.parametrize("coordinator", [True, False])
def test_results_take_the_same_queries_at_twenty_times_the_answers(survey, coordinator, settings):
    settings.FEEDBACK_MIN_RESPONSES = 5
    respond_many(survey, 5, scale=4, single=0, multiple=(0, 1), text="Bra", published=True)
    with CaptureQueriesContext(connection) as small:
        survey_results(survey=survey, coordinator=coordinator)
    respond_many(survey, 95, scale=2, single=1, multiple=(2,), text="Mer", published=True)
    with CaptureQueriesContext(connection) as large:
        results = survey_results(survey=survey, coordinator=coordinator)
    assert results.responses == 100
    assert len(large) == len(small)


def test_the_benchmarks_meeting_has_every_answer_it_says(db, settings):
    """``make benchmark`` times the results of this data (benchmark_feedback): each of
    ``count`` responses answers all four questions, two choices of the multiple."""
    settings.FEEDBACK_MIN_RESPONSES = 5
    survey = feedback_survey(feedback_template(), 2025, 10)
    scale, single, multiple, text = survey_results(survey=survey, coordinator=True).questions
    assert [result.count for result in (scale, single, multiple, text)] == [10, 10, 10, 10]
    assert sum(row.count for row in multiple.rows) == 20 and len(text.texts) == 10

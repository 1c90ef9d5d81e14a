"""What a survey's answers say: per meeting, and for each scale question across meetings.

Counts, distributions and the median of a scale question; counts per choice of a single or
multiple choice; free-text answers in random order. Nothing is shown of a survey, or of a
question, until ``FEEDBACK_MIN_RESPONSES`` people have answered it: below that the result
says how many more answers are needed. With 20–40 attendees who know each other, three
answers of "1" are easy to put names to; five mixed ones are not.

Only aggregates leave this module: no per-response rows (a response's answers side by
side would link one person's answers across questions). Every read is a fixed number of
queries, whatever the number of answers, questions or meetings.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import charts

from .models import Answer, Question, Survey, SurveyTemplate


def minimum_answers() -> int:
    return settings.FEEDBACK_MIN_RESPONSES


def answers_needed(count: int, minimum: int | None = None) -> int:
    """How many more answers before a result with ``count`` of them may be shown."""
    return max(0, (minimum_answers() if minimum is None else minimum) - count)


def needed_message(needed: int) -> str:
    """Why a result is not shown yet, in the reader's language."""
    return ngettext(
        "Results are shown from %(minimum)s answers on, so that no one can be recognised by "
        "their answers: %(needed)s more answer is needed.",
        "Results are shown from %(minimum)s answers on, so that no one can be recognised by "
        "their answers: %(needed)s more answers are needed.",
        needed,
    ) % {"minimum": minimum_answers(), "needed": needed}


def median_of(distribution: Mapping[int, int]) -> float | None:
    """The median of the values counted in ``distribution`` (``{value: how many}``); with
    an even number of them, the mean of the middle two (so 3.5 is possible)."""
    total = sum(distribution.values())
    if not total:
        return None
    middle = ((total - 1) // 2, total // 2)  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value in sorted(distribution):
        count = distribution[value]
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    return sum(found) / 2


def scale_labels(question: Question) -> list[str]:
    """The five values of a scale question, the ends with what they mean."""
    labels = [str(value) for value in Question.SCALE_VALUES]
    if question.low_label:
        labels[0] = f"1 – {question.low_label}"
    if question.high_label:
        labels[-1] = f"5 – {question.high_label}"
    return labels


@dataclass
class Row:
    label: str
    count: int
    total: int  # the people who answered the question

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass
class QuestionResult:
    """One question's results, or (``needed`` > 0) why they are withheld."""

    question: Question
    count: int  # the people who answered it
    needed: int
    rows: list[Row] = field(default_factory=list)
    median: float | None = None
    texts: list[Answer] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.needed == 0

    @property
    def needed_message(self) -> str:
        return needed_message(self.needed)

    @property
    def is_text(self) -> bool:
        return self.question.kind == Question.Kind.TEXT

    @property
    def is_scale(self) -> bool:
        return self.question.kind == Question.Kind.SCALE

    @property
    def chart(self) -> charts.Chart | None:
        if not self.shown or self.is_text:
            return None
        return charts.distribution_chart([(row.label, row.count) for row in self.rows])

    @property
    def chart_desc(self) -> str:
        data = "; ".join(f"{row.label}: {row.count}" for row in self.rows)
        if self.question.kind == Question.Kind.MULTIPLE:
            text = _("Bar chart. People who chose each option (several could be chosen): %(data)s.")
        else:
            text = _("Bar chart. Answers per option: %(data)s.")
        return text % {"data": data}


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    needed: int
    questions: list[QuestionResult]

    @property
    def shown(self) -> bool:
        return self.needed == 0

    @property
    def needed_message(self) -> str:
        return needed_message(self.needed)


def _counts(answers) -> tuple[dict, dict]:
    """Per question: how many people answered it, and how many gave each value or choice."""
    people = dict(
        answers.values_list("question_id").annotate(n=Count("response_id", distinct=True))
    )
    given: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, value, choice_id, n in (
        answers.filter(Q(value__isnull=False) | Q(choice__isnull=False))
        .values_list("question_id", "value", "choice_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        given[question_id][choice_id if choice_id is not None else value] = n
    return people, given


def survey_results(*, survey: Survey, coordinator: bool) -> SurveyResults:
    """The results of ``survey``. The coordinator gets every free-text answer (to choose
    which to publish); anyone else only the published ones."""
    responses = survey.responses.count()
    needed = answers_needed(responses)
    questions = list(survey.template.questions.prefetch_related("choices"))
    if needed:
        return SurveyResults(survey, responses, needed, [])
    answers = Answer.objects.filter(response__survey=survey)
    people, given = _counts(answers)
    results = []
    text_questions = []
    for question in questions:
        count = people.get(question.pk, 0)
        result = QuestionResult(question, count, answers_needed(count))
        results.append(result)
        if not result.shown:
            continue
        counted = given.get(question.pk, {})
        if question.kind == Question.Kind.SCALE:
            result.rows = [
                Row(label, counted.get(value, 0), count)
                for value, label in zip(Question.SCALE_VALUES, scale_labels(question), strict=True)
            ]
            result.median = median_of(counted)
        elif question.has_choices:
            result.rows = [
                Row(choice.label, counted.get(choice.pk, 0), count)
                for choice in question.choices.all()
            ]
        else:
            text_questions.append(result)
    if text_questions:
        texts = answers.filter(question__in=[result.question for result in text_questions])
        texts = texts.exclude(text="")
        if not coordinator:
            texts = texts.filter(published=True)
        by_question = defaultdict(list)
        for answer in texts.order_by("?"):  # random: no order that follows the people
            by_question[answer.question_id].append(answer)
        for result in text_questions:
            result.texts = by_question[result.question.pk]
    return SurveyResults(survey, responses, 0, results)


@dataclass
class TrendPoint:
    """One meeting's answers to a scale question: ``distribution`` (answers to 1…5) and
    ``median``, or ``None`` for both when fewer than the minimum answered."""

    survey: Survey
    count: int
    needed: int
    distribution: tuple[int, ...] | None
    median: float | None

    @property
    def label(self) -> str:
        meeting = self.survey.meeting
        return f"{date_format(meeting.date, 'DATE_FORMAT')}: {meeting.title}"

    @property
    def needed_message(self) -> str:
        return needed_message(self.needed)


@dataclass
class QuestionTrend:
    question: Question
    points: list[TrendPoint]

    @property
    def labels(self) -> list[str]:
        return scale_labels(self.question)

    @property
    def chart(self) -> charts.Chart:
        return charts.stacked_bar_chart(
            [(point.label, point.distribution) for point in self.points],
            withheld=_("Too few answers to show"),
        )

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(zip(self.labels, charts.SCALE_PALETTE, strict=True))

    @property
    def chart_desc(self) -> str:
        parts = []
        for point in self.points:
            if point.distribution is None:
                parts.append(_("%(meeting)s: too few answers") % {"meeting": point.label})
            else:
                parts.append(
                    _("%(meeting)s: median %(median)s, answers 1 to 5: %(counts)s")
                    % {
                        "meeting": point.label,
                        "median": format_median(point.median),
                        "counts": ", ".join(str(n) for n in point.distribution),
                    }
                )
        return _("Stacked bar chart, one bar per meeting: %(data)s.") % {"data": "; ".join(parts)}


def format_median(median: float | None) -> str:
    if median is None:
        return ""
    return number_format(median, decimal_pos=0 if median == int(median) else 1)


def template_trend(*, template: SurveyTemplate, released_only: bool) -> list[QuestionTrend]:
    """For each scale question of ``template``, its median and distribution at each meeting
    that used the template, oldest first (members: only surveys whose results are released).
    A meeting with fewer answers to the question than the minimum shows neither."""
    surveys = template.surveys.select_related("meeting").order_by("meeting__date", "pk")
    if released_only:
        surveys = surveys.released()
    surveys = list(surveys)
    questions = list(template.questions.filter(kind=Question.Kind.SCALE))
    counted: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for survey_id, question_id, value, n in (
        Answer.objects.filter(
            response__survey__in=surveys, question__in=questions, value__isnull=False
        )
        .values_list("response__survey_id", "question_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counted[survey_id, question_id][value] = n
    trends = []
    for question in questions:
        points = []
        for survey in surveys:
            distribution = counted.get((survey.pk, question.pk), {})
            count = sum(distribution.values())
            needed = answers_needed(count)
            points.append(
                TrendPoint(
                    survey,
                    count,
                    needed,
                    None
                    if needed
                    else tuple(distribution.get(value, 0) for value in Question.SCALE_VALUES),
                    None if needed else median_of(distribution),
                )
            )
        trends.append(QuestionTrend(question, points))
    return trends

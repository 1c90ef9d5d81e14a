"""Time a meeting's feedback results with 500 answers (budget: 200 ms, issue 22).

Part of ``make benchmark`` (a throwaway SQLite database). One meeting's survey from a
template with a question of each kind gets ``--count`` responses (20 times a meeting's
size), each with a scale value, a single and two multiple choices and a free-text answer;
nine earlier meetings' surveys of the same template give the trend across meetings. Times
the coordinator's results page in the admin, the members' results page and the trend, and
the XLSX export.
"""

import datetime
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import translation

from feedback.models import Answer, Choice, Question, Response, Survey, SurveyTemplate
from meetings.models import Meeting
from members.models import User
from members.services import coordinator_ensure
from operations.management.commands.benchmark import measure

# The results page of a meeting with 500 answers must answer within this (issue 22).
RESULTS_BUDGET_MS = 200


class Command(BaseCommand):
    help = "Time the feedback results of a meeting with N answers (make benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, count, repeat, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        call_command("migrate", verbosity=0)
        setup_test_environment()  # the test client's host allowed
        translation.activate("sv")
        template = feedback_template()
        surveys = [feedback_survey(template, year, 30) for year in range(2016, 2025)]
        survey = feedback_survey(template, 2025, count)
        surveys.append(survey)
        coordinator = coordinator_ensure(email="koordinator@example.org", password=None)
        member = User.objects.create_user(
            username="medlem@example.org", email="medlem@example.org", marked_as_member=True
        )
        over = False
        for label, user, paths in [
            (
                "coordinator",
                coordinator,
                [
                    reverse("admin:feedback_survey_results", args=[survey.pk]),
                    reverse("admin:feedback_surveytemplate_trend", args=[template.pk]),
                    reverse("admin:feedback_survey_results_export", args=[survey.pk]),
                ],
            ),
            (
                "member",
                member,
                [
                    reverse("feedback_results:detail", args=[survey.pk]),
                    reverse("feedback_results:trend", args=[template.pk]),
                ],
            ),
        ]:
            client = Client()
            client.force_login(user)
            for path, (page_ms, queries) in measure(paths, repeat, client=client).items():
                within = page_ms < RESULTS_BUDGET_MS
                over = over or not within
                self.stdout.write(
                    f"feedback, {label}: {path} with {count} answers "
                    f"({len(surveys)} meetings): {page_ms:.1f} ms, {queries} queries "
                    f"({'within' if within else 'OVER'} the {RESULTS_BUDGET_MS} ms budget)"
                )
        if over:
            raise CommandError(f"a feedback results page took {RESULTS_BUDGET_MS} ms or more")


def feedback_template() -> SurveyTemplate:
    """A template with a question of each kind."""
    template = SurveyTemplate.objects.create(title="Utvärdering", title_en="Evaluation")
    Question.objects.create(
        template=template,
        position=1,
        key="overall-value",
        text="Hur värdefullt var mötet?",
        low_label="Inte alls",
        high_label="Mycket",
    )
    single = Question.objects.create(
        template=template, position=2, key="format", kind=Question.Kind.SINGLE, text="Format"
    )
    multiple = Question.objects.create(
        template=template, position=3, key="themes", kind=Question.Kind.MULTIPLE, text="Teman"
    )
    Question.objects.create(
        template=template, position=4, key="next", kind=Question.Kind.TEXT, text="Nästa gång"
    )
    for question, labels in [
        (single, ["På plats", "Digitalt", "Båda"]),
        (multiple, ["Finansiering", "Ledarskap", "Samverkan", "Forskning", "Utbildning"]),
    ]:
        for position, label in enumerate(labels):
            Choice.objects.create(question=question, position=position, label=label)
    return template


@transaction.atomic
def feedback_survey(template: SurveyTemplate, year: int, count: int) -> Survey:
    """A released survey of a meeting in ``year`` with ``count`` responses to every question."""
    day = datetime.date(year, 10, 15)
    meeting = Meeting.objects.create(
        date=day, title=f"Höstmöte {year}", slug=f"benchmark-feedback-{year}", is_published=True
    )
    survey = Survey.objects.create(
        meeting=meeting,
        template=template,
        opens_on=day + datetime.timedelta(days=1),
        closes_on=day + datetime.timedelta(days=15),
        results_released=True,
    )
    scale, single, multiple, text = template.questions.order_by("position")
    singles, multiples = list(single.choices.all()), list(multiple.choices.all())
    responses = Response.objects.bulk_create(
        Response(survey=survey, submitted_on=day, change_token_hash=secrets.token_hex(32))
        for _ in range(count)
    )
    answers = []
    for n, response in enumerate(responses):
        answers += [
            Answer(response=response, question=scale, value=1 + (n * 7 + year) % 5),
            Answer(response=response, question=single, choice=singles[n % 3]),
            Answer(response=response, question=multiple, choice=multiples[n % 5]),
            Answer(response=response, question=multiple, choice=multiples[(n + 2) % 5]),
            Answer(
                response=response,
                question=text,
                text=f"Synpunkt nummer {n} om mötet och vad vi kan göra bättre nästa gång.",
                published=n % 10 == 0,
            ),
        ]
    Answer.objects.bulk_create(answers, batch_size=500)
    return survey

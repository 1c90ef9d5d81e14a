"""Reads of surveys for the members' area (members' ``members_area_sections`` hook)."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.registration.selectors import meetings_attended

from .models import Choice, Question, Respondent, Survey


def survey_for_answering(pk: int) -> Survey | None:
    """The survey with its meeting and template (one query)."""
    return Survey.objects.select_related("meeting", "template").filter(pk=pk).first()


def survey_questions(survey: Survey) -> list[Question]:
    """The template's questions with their choices, in order (two queries)."""
    return list(
        survey.template.questions.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        ).order_by("position", "pk")
    )


def surveys_to_answer(user) -> QuerySet[Survey]:
    """The surveys open today of meetings ``user`` attended, each with ``answered``."""
    return (
        Survey.objects.open_on(timezone.localdate())
        .filter(meeting__in=meetings_attended(user=user).order_by())
        .annotate(
            answered=Exists(
                Respondent.objects.filter(survey=OuterRef("pk"), person__user_id=user.pk)
            )
        )
        .select_related("meeting")
        .order_by("closes_on", "pk")
    )


def members_area_sections(request) -> list[dict]:
    """The open surveys of meetings the member attended (members' extension point, one
    query); nothing when there are none."""
    surveys = list(surveys_to_answer(request.user))
    if not surveys:
        return []
    return [
        {
            "id": "feedback-surveys",
            "title": _("Tell us what you thought"),
            "template": "feedback/includes/area_surveys.html",
            "context": {"surveys": surveys},
            "order": 25,
        }
    ]

"""Survey results in the members' area: only those the coordinator released, free text
only as far as the coordinator published it. The public never sees results: these views
are members-only (anonymous visitors go to the login page, others get 403), and an
unreleased survey is a 404 to members too. The coordinator's views are in the admin
(``feedback.results_admin``)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from members.permissions import member_required

from .models import Survey, SurveyTemplate
from .results import minimum_answers, survey_results, template_trend


@member_required
@require_GET
def results_index(request):
    surveys = Survey.objects.released().select_related("meeting", "template")
    return render(
        request,
        "feedback/results/index.html",
        {"surveys": surveys.order_by("-meeting__date", "-pk")},
    )


@member_required
@require_GET
def results_detail(request, pk):
    survey = get_object_or_404(
        Survey.objects.released().select_related("meeting", "template"), pk=pk
    )
    return render(
        request,
        "feedback/results/survey.html",
        {"results": survey_results(survey=survey, coordinator=False)},
    )


@member_required
@require_GET
def results_trend(request, pk):
    template = get_object_or_404(SurveyTemplate, pk=pk)
    if not template.surveys.released().exists():
        raise Http404("no released results")
    return render(
        request,
        "feedback/results/trend.html",
        {
            "template": template,
            "trends": template_trend(template=template, released_only=True),
            "minimum": minimum_answers(),
        },
    )

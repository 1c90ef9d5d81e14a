"""The coordinator's results in the admin: a survey's results (every free-text answer, in
random order, with a button to publish it to members), their XLSX export, and a template's
trend across meetings. ``feedback.admin`` mixes these into the survey's and the template's
admin; the change page of each links here.

The minimum number of answers holds here too: the coordinator sees no more than members
would, except unpublished free text and surveys not yet released.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .exports import survey_results_workbook
from .models import Answer, Question, Survey
from .results import minimum_answers, survey_results, template_trend


class SurveyResultsAdminMixin:
    """For the survey's admin: ``<pk>/results/``, ``<pk>/results.xlsx`` and the publish
    toggle of a free-text answer."""

    change_form_template = "admin/feedback/survey/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/results/", view(self.results_view), name="feedback_survey_results"),
            path(
                "<int:pk>/results.xlsx",
                view(self.results_export_view),
                name="feedback_survey_results_export",
            ),
            path(
                "<int:pk>/results/publish/",
                view(require_POST(self.answer_publish_view)),
                name="feedback_survey_answer_publish",
            ),
            *super().get_urls(),
        ]

    def _survey(self, request, pk) -> Survey:
        survey = get_object_or_404(Survey.objects.select_related("meeting", "template"), pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request, pk):
        survey = self._survey(request, pk)
        may_publish = request.user.has_perm("feedback.change_answer")
        return TemplateResponse(
            request,
            "admin/feedback/survey/results.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": survey,
                "title": _("Results: %(survey)s") % {"survey": survey},
                "results": survey_results(survey=survey, coordinator=True),
                "publish_url": reverse("admin:feedback_survey_answer_publish", args=[survey.pk])
                if may_publish
                else "",
                "minimum": minimum_answers(),
            },
        )

    def results_export_view(self, request, pk):
        survey = self._survey(request, pk)
        results = survey_results(survey=survey, coordinator=True)
        response = HttpResponse(
            survey_results_workbook(results),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = slugify(f"{survey.meeting.date} {survey.meeting.title}") or str(survey.pk)
        response["Content-Disposition"] = f'attachment; filename="feedback-{name}.xlsx"'
        return response

    def answer_publish_view(self, request, pk):
        """Publish (``publish=<answer id>``) or stop publishing (``unpublish=…``) one
        free-text answer of this survey."""
        survey = self._survey(request, pk)
        if not request.user.has_perm("feedback.change_answer"):
            raise PermissionDenied
        published = "publish" in request.POST
        try:
            answer_id = uuid.UUID(request.POST.get("publish") or request.POST.get("unpublish", ""))
        except ValueError as error:
            raise Http404("no such answer") from error
        answer = get_object_or_404(
            Answer, pk=answer_id, response__survey=survey, question__kind=Question.Kind.TEXT
        )
        answer.published = published
        answer.save(update_fields=["published"])
        messages.success(
            request,
            _("The answer is published to members.")
            if answer.published
            else _("The answer is no longer published."),
        )
        return redirect(
            reverse("admin:feedback_survey_results", args=[survey.pk])
            + f"#question-{answer.question_id}"
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and str(object_id).isdigit():
            extra_context["results_url"] = reverse(
                "admin:feedback_survey_results", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)


class TemplateTrendAdminMixin:
    """For the template's admin: ``<pk>/trend/``, each scale question across meetings."""

    change_form_template = "admin/feedback/surveytemplate/change_form.html"

    def get_urls(self):
        return [
            path(
                "<int:pk>/trend/",
                self.admin_site.admin_view(self.trend_view),
                name="feedback_surveytemplate_trend",
            ),
            *super().get_urls(),
        ]

    def trend_view(self, request, pk):
        template = get_object_or_404(self.model, pk=pk)
        if not self.has_view_permission(request, template):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/feedback/surveytemplate/trend.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": template,
                "title": _("%(template)s across meetings") % {"template": template},
                "trends": template_trend(template=template, released_only=False),
                "minimum": minimum_answers(),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and str(object_id).isdigit():
            extra_context["trend_url"] = reverse(
                "admin:feedback_surveytemplate_trend", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

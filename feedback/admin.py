"""The coordinator keeps survey templates and opens a meeting's survey here.

A template's questions are edited inline on the template (both languages in tabs); the
choices of a single- or multiple-choice question on the question's own page (the link
"Change" beside the question). A survey opens for a meeting in one step: "Add survey"
comes with the template used last preselected and the window filled in from the meeting.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from .models import Choice, Question, Survey, SurveyTemplate
from .results_admin import SurveyResultsAdminMixin, TemplateTrendAdminMixin


class QuestionInline(TranslationStackedInline):
    model = Question
    extra = 0
    show_change_link = True
    fields = [
        ("position", "key", "kind", "required"),
        "text",
        "help_text",
        ("low_label", "high_label"),
    ]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(TemplateTrendAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "question_count", "survey_count"]
    search_fields = ["title"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                question_count=Count("questions", distinct=True),
                survey_count=Count("surveys", distinct=True),
            )
        )

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, obj):
        return obj.question_count

    @admin.display(description=_("surveys"), ordering="survey_count")
    def survey_count(self, obj):
        return obj.survey_count


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0
    fields = ["position", "label"]


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ["text", "template", "key", "kind", "position"]
    list_filter = ["template", "kind"]
    list_select_related = ["template"]
    search_fields = ["text", "key"]
    fields = [
        "template",
        ("position", "key", "kind", "required"),
        "text",
        "help_text",
        ("low_label", "high_label"),
    ]
    inlines = [ChoiceInline]


@admin.register(Survey)
class SurveyAdmin(SurveyResultsAdminMixin, admin.ModelAdmin):
    list_display = [
        "meeting",
        "template",
        "opens_on",
        "closes_on",
        "response_count",
        "results_released",
    ]
    list_filter = ["template", "results_released"]
    list_select_related = ["meeting", "template"]
    search_fields = ["meeting__title"]
    autocomplete_fields = ["meeting"]
    date_hierarchy = "opens_on"
    fields = [
        "meeting",
        "template",
        ("opens_on", "closes_on"),
        "results_released",
        ("invited_on", "reminded_on"),
    ]
    readonly_fields = ["invited_on", "reminded_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_count=Count("responses"))

    @admin.display(description=_("answers"), ordering="response_count")
    def response_count(self, obj):
        return obj.response_count

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "template" not in initial:
            # The template used last: the network reuses one template for every meeting.
            latest = Survey.objects.order_by("-created", "-pk").values("template_id").first()
            template = (
                latest["template_id"]
                if latest
                else SurveyTemplate.objects.order_by("pk").values_list("pk", flat=True).first()
            )
            if template is not None:
                initial["template"] = template
        return initial

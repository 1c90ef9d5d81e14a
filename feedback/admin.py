"""The coordinator keeps survey templates and opens a meeting's survey here.

A template's questions are edited inline on the template (both languages in tabs); the
choices of a single- or multiple-choice question on the question's own page (the link
"Change" beside the question). A survey opens for a meeting in one step: "Add survey"
comes with the template used last preselected and the window filled in from the meeting.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from core.mail import failed_mail_message, skipped_mail_message

from .emails import survey_invitations_send, survey_reminders_send
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
    actions = ["send_invitations", "send_reminders"]

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

    def _send(self, request, queryset, send, *, sent_text, again_text):
        for survey in queryset.select_related("meeting", "template"):
            try:
                tally = send(survey=survey)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            if tally is None:
                self.message_user(request, again_text % {"meeting": survey.meeting}, messages.INFO)
                continue
            self.message_user(
                request,
                sent_text(tally.sent) % {"count": tally.sent, "meeting": survey.meeting},
                messages.SUCCESS,
            )
            if tally.failed:
                self.message_user(request, failed_mail_message(tally.failed), messages.WARNING)
            if tally.skipped:
                self.message_user(request, skipped_mail_message(tally.skipped), messages.INFO)

    @admin.action(
        description=_("Send the invitation to those who attended"), permissions=["change"]
    )
    def send_invitations(self, request, queryset):
        self._send(
            request,
            queryset,
            survey_invitations_send,
            sent_text=lambda count: ngettext(
                "%(meeting)s: the invitation went to %(count)d person who attended.",
                "%(meeting)s: the invitation went to %(count)d people who attended.",
                count,
            ),
            again_text=_("%(meeting)s: the invitation has been sent already; it goes only once."),
        )

    @admin.action(
        description=_("Send the one reminder to those who have not answered"),
        permissions=["change"],
    )
    def send_reminders(self, request, queryset):
        self._send(
            request,
            queryset,
            survey_reminders_send,
            sent_text=lambda count: ngettext(
                "%(meeting)s: the reminder went to %(count)d person who has not answered.",
                "%(meeting)s: the reminder went to %(count)d people who have not answered.",
                count,
            ),
            again_text=_("%(meeting)s: the reminder has been sent already; it goes only once."),
        )

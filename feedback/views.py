"""Answering a survey: in the members' area, or through the signed link of its e-mail.

Both show the same page: the survey's questions, or why it cannot be answered now (not yet
open, closed, only for those who attended, already answered in another browser). After the
first answer the respondent's browser keeps the change token (a cookie for that survey until
it closes), the only way back to the answers (``feedback.models``).
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members.models import Person
from members.permissions import member_required

from . import selectors
from .forms import SurveyForm
from .links import survey_link_read
from .models import Survey
from .services import (
    AlreadyAnswered,
    answers_initial,
    response_for_token,
    response_save,
    survey_has_answered,
    survey_may_answer,
)


def token_cookie_name(survey: Survey) -> str:
    return f"feedback_{survey.pk}"


def _keep_token(response, request, survey: Survey, token: str) -> None:
    closes = datetime.datetime.combine(
        survey.closes_on + datetime.timedelta(days=1),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    response.set_cookie(
        token_cookie_name(survey),
        token,
        expires=closes,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _page(request, *, survey: Survey, person: Person | None, url: str):
    """The survey for ``person``: the form, or why there is none."""
    context = {"survey": survey, "meeting": survey.meeting, "template": survey.template}
    today = timezone.localdate()
    state = survey.state_on(today)
    if state != "open":
        context["state"] = state
        return render(request, "feedback/survey_unavailable.html", context)
    if not survey_may_answer(survey=survey, person=person):
        context["state"] = "not_attended"
        return render(request, "feedback/survey_unavailable.html", context, status=403)
    answered = survey_has_answered(survey=survey, person=person)
    token = request.COOKIES.get(token_cookie_name(survey))
    own = response_for_token(survey=survey, token=token) if answered else None
    if answered and own is None:
        context["state"] = "answered_elsewhere"
        return render(request, "feedback/survey_unavailable.html", context)
    questions = selectors.survey_questions(survey)
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        answers=answers_initial(response=own),
    )
    if request.method == "POST" and form.is_valid():
        try:
            token = response_save(
                survey=survey,
                person=person,
                answers=form.answers(),
                change_token=token if own else None,
            )
        except AlreadyAnswered:
            context["state"] = "answered_elsewhere"
            return render(request, "feedback/survey_unavailable.html", context)
        messages.success(
            request,
            _("Thank you: your answers are saved. You can change them here until %(day)s.")
            % {"day": date_format(survey.closes_on, "j F Y")},
        )
        response = redirect(url)
        _keep_token(response, request, survey, token)
        return response
    context.update({"form": form, "changing": own is not None})
    return render(request, "feedback/survey_answer.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def survey_answer(request, pk: int):
    """The survey in the members' area, for a member who attended its meeting."""
    survey = selectors.survey_for_answering(pk)
    if survey is None:
        raise Http404
    person = Person.objects.filter(user_id=request.user.pk).first()
    return _page(request, survey=survey, person=person, url=request.path)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_link(request, token: str):
    """The survey through the e-mail's signed link: no login; the link is the proof."""
    link = survey_link_read(token)
    if link is None:
        response = render(request, "feedback/survey_link_invalid.html", status=404)
    elif link.expired(timezone.localdate()):
        response = render(
            request,
            "feedback/survey_unavailable.html",
            {"survey": link.survey, "meeting": link.survey.meeting, "state": "closed"},
        )
    else:
        response = _page(request, survey=link.survey, person=link.person, url=request.path)
    patch_cache_control(response, private=True)
    return response

"""Answering a survey: who may, saving the answers apart from the person, changing them."""

import secrets
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.registration.models import Entry
from members.models import Person

from .models import Answer, Question, Respondent, Response, Survey, change_token_hash


class AlreadyAnswered(Exception):
    """The person has answered, and the change token they showed is missing or wrong."""


def attended_q(survey: Survey):
    """``Exists`` of an attended part of the survey's meeting, for a queryset of people."""
    return Exists(
        Entry.objects.filter(
            attendance=Entry.Attendance.ATTENDED,
            registration__meeting_id=survey.meeting_id,
            registration__person=OuterRef("pk"),
        )
    )


def survey_attendees(*, survey: Survey):
    """The people who attended the survey's meeting (at least one part): those it asks."""
    return Person.objects.filter(attended_q(survey))


def survey_may_answer(*, survey: Survey, person: Person | None) -> bool:
    """Whether ``person`` attended the survey's meeting (one query)."""
    if person is None:
        return False
    return survey_attendees(survey=survey).filter(pk=person.pk).exists()


def survey_has_answered(*, survey: Survey, person: Person) -> bool:
    return Respondent.objects.filter(survey=survey, person=person).exists()


def response_for_token(*, survey: Survey, token: str | None) -> Response | None:
    """The response whose change token is ``token`` (None for no or a wrong token)."""
    if not token:
        return None
    return Response.objects.filter(
        survey=survey, change_token_hash=change_token_hash(token)
    ).first()


def _answer_rows(response: Response, questions, answers: Mapping[int, object]) -> list[Answer]:
    rows = []
    for question in questions:
        given = answers.get(question.pk)
        if given in (None, "", [], ()):
            continue
        if question.kind == Question.Kind.SCALE:
            rows.append(Answer(response=response, question=question, value=int(given)))
        elif question.kind == Question.Kind.SINGLE:
            rows.append(Answer(response=response, question=question, choice=given))
        elif question.kind == Question.Kind.MULTIPLE:
            rows.extend(Answer(response=response, question=question, choice=c) for c in given)
        else:
            rows.append(Answer(response=response, question=question, text=str(given).strip()))
    for row in rows:
        if row.choice is not None and row.choice.question_id != row.question.pk:
            raise ValidationError(_("That choice belongs to another question."), code="choice")
        row.full_clean(exclude=["response"], validate_unique=False, validate_constraints=False)
    return rows


@transaction.atomic
def response_save(
    *,
    survey: Survey,
    person: Person,
    answers: Mapping[int, object],
    change_token: str | None = None,
) -> str:
    """Save ``person``'s answers to ``survey`` (``{question pk: value}``: an int 1–5 for a
    scale, a ``Choice`` for a single choice, a list of them for a multiple choice, a str for
    free text) and return the change token, the respondent's only way back to them.

    A first answer records the person as a ``Respondent`` and stores the ``Response`` with
    nothing of them (``feedback.models``); a later one with the token replaces the answers
    of the response it opens. Refused outside the survey's window, for anyone who did not
    attend, and for a second answer without the token (``AlreadyAnswered``).
    """
    today = timezone.localdate()
    if survey.state_on(today) != "open":
        raise PermissionDenied("survey not open")
    if not survey_may_answer(survey=survey, person=person):
        raise PermissionDenied("did not attend")
    questions = list(survey.template.questions.all())
    answered = survey_has_answered(survey=survey, person=person)
    # A token opens a response only for someone who has answered: another person in the
    # same browser starts their own.
    response = response_for_token(survey=survey, token=change_token) if answered else None
    if response is None:
        if answered:
            raise AlreadyAnswered
        change_token = secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                Respondent.objects.create(survey=survey, person=person)
        except IntegrityError as error:  # the same person answering twice at once
            raise AlreadyAnswered from error
        response = Response(
            survey=survey, submitted_on=today, change_token_hash=change_token_hash(change_token)
        )
        response.full_clean()
        response.save()
    else:
        response.answers.all().delete()
        # The day of the answers as they now stand (shared with everyone answering today).
        response.submitted_on = today
        response.save(update_fields=["submitted_on"])
    Answer.objects.bulk_create(_answer_rows(response, questions, answers))
    return change_token


def answers_initial(*, response: Response | None) -> dict[int, object]:
    """The answers of ``response`` as ``response_save`` takes them (to fill the form)."""
    if response is None:
        return {}
    initial: dict[int, object] = {}
    for answer in response.answers.select_related("question", "choice"):
        kind = answer.question.kind
        if kind == Question.Kind.SCALE:
            initial[answer.question_id] = answer.value
        elif kind == Question.Kind.SINGLE:
            initial[answer.question_id] = answer.choice
        elif kind == Question.Kind.MULTIPLE:
            initial.setdefault(answer.question_id, []).append(answer.choice)
        else:
            initial[answer.question_id] = answer.text
    return initial

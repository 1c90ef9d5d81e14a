"""Answers stored straight into the tables, for the results' tests (the answering side is
tested in test_answering; here only what the results make of stored answers matters)."""

import secrets

from feedback.models import Answer, Response


def respond(survey, *, scale=None, single=None, multiple=(), text="", published=False):
    """One response to ``survey`` of the conftest's template (choices by index)."""
    questions = {q.key: q for q in survey.template.questions.prefetch_related("choices")}
    response = Response.objects.create(survey=survey, change_token_hash=secrets.token_hex(32))
    rows = []
    if scale is not None:
        rows.append(Answer(response=response, question=questions["overall-value"], value=scale))
    if single is not None:
        choice = list(questions["format"].choices.all())[single]
        rows.append(Answer(response=response, question=questions["format"], choice=choice))
    choices = list(questions["themes"].choices.all())
    rows += [
        Answer(response=response, question=questions["themes"], choice=choices[index])
        for index in multiple
    ]
    if text:
        rows.append(
            Answer(
                response=response,
                question=questions["next-time"],
                text=text,
                published=published,
            )
        )
    Answer.objects.bulk_create(rows)
    return response


def respond_many(survey, count, **answers):
    for _ in range(count):
        respond(survey, **answers)

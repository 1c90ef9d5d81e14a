"""The stored answers cannot be joined back to the people who gave them.

Run on SQLite and on PostgreSQL (``DATABASE_URL``): the checks read the tables as the
database has them (introspection and SQL), not as the models say.
"""

import uuid

import pytest
from django.db import connection
from freezegun import freeze_time

from feedback.models import Answer, Respondent, Response, Survey
from feedback.services import response_save
from members.services import person_erase
from tests.feedback.conftest import answers_for

pytestmark = pytest.mark.django_db

RESPONSE = Response._meta.db_table
ANSWER = Answer._meta.db_table
RESPONDENT = Respondent._meta.db_table


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def _references(table: str) -> set[str]:
    """The tables ``table``'s foreign keys point at."""
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {target_table for _column, (_target_column, target_table) in relations.items()}


def _sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


@pytest.fixture
def answered(survey, attendee_factory):
    """Six attendees answer, one after the other in the order they were invited, in the
    course of one day (09:00 to 17:20), with answers that differ."""
    people = [attendee_factory() for _ in range(6)]
    for number, person in enumerate(people):
        with freeze_time(f"{survey.opens_on} {9 + number}:{number * 4:02d}:00"):
            response_save(
                survey=survey,
                person=person,
                answers=answers_for(survey.template, scale=1 + number % 5, text=f"Svar {number}"),
            )
    return people


def test_answer_tables_hold_no_column_of_a_person(answered):
    assert set(_columns(RESPONSE)) == {"id", "survey_id", "submitted_on", "change_token_hash"}
    assert set(_columns(ANSWER)) == {
        "id",
        "response_id",
        "question_id",
        "value",
        "choice_id",
        "text",
        "published",
    }
    assert _references(RESPONSE) == {Survey._meta.db_table}
    assert _references(ANSWER) == {RESPONSE, "feedback_question", "feedback_choice"}


def test_respondent_table_has_no_link_to_responses_and_no_date(answered):
    assert set(_columns(RESPONDENT)) == {"id", "survey_id", "person_id"}
    assert _references(RESPONDENT) == {Survey._meta.db_table, "members_person"}
    assert RESPONDENT not in _references(RESPONSE) | _references(ANSWER)


def test_all_answers_of_a_day_carry_the_same_date(answered, survey):
    days = {str(day) for (day,) in _sql(f"SELECT DISTINCT submitted_on FROM {RESPONSE}")}
    assert days == {str(survey.opens_on)}
    assert Response.objects.values_list("submitted_on", flat=True).distinct().count() == 1


def test_keys_are_random_so_their_order_follows_no_one(answered):
    """Every key of the three tables is a random (version 4) UUID: no counter that grows
    with each answer, so ordering by a key gives no order of answering."""
    for model in (Response, Answer, Respondent):
        keys = list(model.objects.values_list("pk", flat=True))
        assert keys
        assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in keys)
    # No integer column in the three tables but their foreign keys and the answer's value.
    for table in (RESPONSE, ANSWER, RESPONDENT):
        with connection.cursor() as cursor:
            description = connection.introspection.get_table_description(cursor, table)
            foreign_keys = set(connection.introspection.get_relations(cursor, table))
        integers = [
            c.name
            for c in description
            if "Integer" in connection.introspection.get_field_type(c.type_code, c)
            or "AutoField" in connection.introspection.get_field_type(c.type_code, c)
        ]
        assert set(integers) - foreign_keys <= {"value"}, (table, integers)


def _column_targets(table: str) -> dict[str, str | None]:
    """Each column of ``table`` with the table it refers to (None: a plain value)."""
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {column: relations.get(column, (None, None))[1] for column in _columns(table)}


def test_no_column_pair_joins_a_respondent_to_fewer_than_all_responses(answered, survey):
    """Try every join between the respondents and the responses (or the answers): each
    reference against the references to the same table, each plain value against every
    plain value (compared as text). A join that picked out some responses for a respondent
    would re-identify; every one matches none or all of them, and the person's column has
    nothing to meet at all."""
    respondents = len(answered)
    tried = []
    for answer_table, response_column in ((RESPONSE, "id"), (ANSWER, "response_id")):
        answer_columns = _column_targets(answer_table)
        for person_column, person_target in _column_targets(RESPONDENT).items():
            for answer_column, answer_target in answer_columns.items():
                if person_target != answer_target:
                    continue
                tried.append((person_column, answer_column))
                rows = _sql(
                    f"SELECT p.id, COUNT(DISTINCT a.{response_column}) FROM {RESPONDENT} p "
                    f"JOIN {answer_table} a "
                    f"ON CAST(p.{person_column} AS TEXT) = CAST(a.{answer_column} AS TEXT) "
                    "GROUP BY p.id"
                )
                matched = {count for _person, count in rows}
                assert matched <= {respondents}, (person_column, answer_table, answer_column)
    assert ("survey_id", "survey_id") in tried
    assert ("id", "id") in tried
    assert not [pair for pair in tried if pair[0] == "person_id"]


def test_joining_through_the_person_and_the_survey_gives_every_answer_to_everyone(answered, survey):
    """The one path from a person to an answer, through the survey they answered, leads
    from each person to every response of the survey alike."""
    rows = _sql(
        f"SELECT p.person_id, COUNT(r.id) FROM {RESPONDENT} p "
        f"JOIN {RESPONSE} r ON r.survey_id = p.survey_id GROUP BY p.person_id"
    )
    assert sorted(count for _person, count in rows) == [len(answered)] * len(answered)


def test_erasing_a_person_removes_that_they_answered_and_keeps_the_anonymous_answers(
    answered, survey
):
    person_erase(person=answered[0])
    assert Respondent.objects.filter(survey=survey).count() == len(answered) - 1
    assert Response.objects.filter(survey=survey).count() == len(answered)

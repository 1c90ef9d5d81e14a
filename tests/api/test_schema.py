"""The OpenAPI description tells the truth: every answer each operation gives (errors
included) is documented, and its body validates against the documented schema; every
documented answer is one the operation really gives. Malformed paging is refused with 400.
"""

import datetime
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import resolve
from jsonschema import Draft202012Validator

from tests.factories import (
    AgendaItemFactory,
    FundingFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    ParticipantFactory,
    PersonFactory,
    ProjectFactory,
    SteeringGroupMembershipFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

MALFORMED_PAGES = ["abc", "0", "-1", "01", "1.5", "last", "", "1000001", "9" * 30]


@pytest.fixture
def archive(db):
    """Objects with every optional value empty, and others with them set."""
    successor = InstitutionFactory(member_until=None)
    old = InstitutionFactory(member_until=datetime.date(2020, 1, 1), successor=successor)
    bare = MeetingFactory(eve_date=None, summary="")
    AgendaItemFactory(meeting=bare, time=None)
    StudyVisitFactory(meeting=bare, link="")
    full = MeetingFactory(eve_date=datetime.date(2010, 1, 1))
    MeetingHostFactory(meeting=full, institution=old)
    AgendaItemFactory(meeting=full, time=datetime.time(9, 30), speakers="Ada")
    StudyVisitFactory(meeting=full, link="https://example.org/")
    SteeringGroupMembershipFactory(
        person=PersonFactory(institution=old), started_on=None, ended_on=None
    )
    SteeringGroupMembershipFactory(
        person=PersonFactory(institution=successor), ended_on=datetime.date(2022, 1, 1)
    )
    alone = ProjectFactory(coordinating_institution=None, parent=None, ended_on=None)
    part = ProjectFactory(
        coordinating_institution=successor, parent=alone, ended_on=datetime.date(2023, 1, 1)
    )
    ParticipantFactory(project=part, institution=old)
    FundingFactory(project=part)
    return True


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def _validate(schema, body_schema, body):
    # The response's schema inside a document that holds the components its $refs name.
    root = {**body_schema, "components": schema["components"]}
    Draft202012Validator(root).validate(body)


def _check(schema, template, response) -> str:
    """The answer is documented for this operation, and its body matches; its status."""
    operation = schema["paths"][template]["get"]
    status = str(response.status_code)
    assert status in operation["responses"], (template, status, response.content[:300])
    documented = operation["responses"][status].get("content")
    if not documented:
        assert response.content == b""
        return status
    content_type = response["Content-Type"].split(";")[0]
    assert content_type in documented, (template, status, content_type)
    body = response.content.decode()
    if content_type == "application/json":
        body = json.loads(body)
    _validate(schema, documented[content_type]["schema"], body)
    return status


def _concrete(template: str, value) -> str:
    return template.replace("{id}", str(value))


def _requests(client, template):
    """Every kind of answer the operation can give, as (response) — by asking for it."""
    is_list = "{id}" not in template
    if is_list:
        yield client.get(template)
        yield client.get(template + "?page=1")
        for page in MALFORMED_PAGES:
            yield client.get(f"{template}?page={page}")
        yield client.get(template + "?page=1000000")  # well-formed, past the end
        first = client.get(template)
    else:
        list_response = client.get(template.split("{id}")[0])
        ids = [item["id"] for item in json.loads(list_response.content)["results"]]
        assert ids, template
        for pk in ids:
            yield client.get(_concrete(template, pk))
        for missing in (max(ids) + 1000, "abc", "9" * 30):
            yield client.get(_concrete(template, missing))
        first = client.get(_concrete(template, ids[0]))
    url = first.request["PATH_INFO"]
    yield client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    yield client.get(url, HTTP_ACCEPT="text/html")
    yield client.get(url + "?format=xml")
    view = resolve(url).func.cls
    with mock.patch.object(view, "get_queryset", side_effect=OperationalError("gone")):
        unavailable = client.get(url)
    assert unavailable.status_code == 503 and unavailable["Retry-After"]
    yield unavailable


def test_every_answer_of_every_operation_is_documented_and_matches_its_schema(
    client, archive, schema
):
    operations = [template for template, item in schema["paths"].items() if "get" in item]
    assert len(operations) == 8
    for template in operations:
        seen = {_check(schema, template, response) for response in _requests(client, template)}
        # And nothing is documented that the operation does not answer.
        assert seen == set(schema["paths"][template]["get"]["responses"]), template


@pytest.mark.parametrize("page", MALFORMED_PAGES)
def test_malformed_pages_are_refused_with_400(client, archive, page):
    response = client.get(f"/api/v1/meetings/?page={page}")
    assert response.status_code == 400
    assert "detail" in json.loads(response.content)


def test_a_page_past_the_last_is_404_and_the_last_page_is_200(client, archive):
    assert client.get("/api/v1/meetings/?page=1").status_code == 200
    assert client.get("/api/v1/meetings/?page=2").status_code == 404


def test_a_project_without_a_coordinating_institution_is_documented_as_nullable(schema):
    field = schema["components"]["schemas"]["Project"]["properties"]["coordinating_institution"]
    assert {"type": "null"} in field["oneOf"]

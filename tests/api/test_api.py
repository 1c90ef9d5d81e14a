"""The read-only open data API: both languages, stable ids, paging, CORS, nothing members-only."""

import json

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Document
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ProjectFactory,
    SteeringGroupMembershipFactory,
    StudyVisitFactory,
    TalkFactory,
    UserFactory,
)

LISTS = ["meetings", "institutions", "steering-group", "projects"]


def get(client, path, **extra):
    response = client.get(f"/api/v1/{path}", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.fixture
def archive(db):
    host = InstitutionFactory(name="Karlstads universitet", name_en="Karlstad University")
    meeting = MeetingFactory(title="Möte i Karlstad", title_en="Meeting in Karlstad")
    MeetingHostFactory(meeting=meeting, institution=host)
    AgendaItemFactory(meeting=meeting, title="Välkommen", title_en="Welcome")
    StudyVisitFactory(meeting=meeting, name="Besök", name_en="Visit")
    Document.objects.create(
        meeting=meeting,
        title="Hemligt protokoll",
        file=ContentFile(b"%PDF-1.4\n", name="protokoll.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )
    Document.objects.create(
        meeting=meeting,
        title="Öppen presentation",
        file=ContentFile(b"%PDF-1.4\n", name="presentation.pdf"),
        visibility=Document.Visibility.PUBLIC,
    )
    MeetingFactory(title="Opublicerat möte", is_published=False)
    person = PersonFactory(
        name="Greta Ordförande",
        institution=host,
        email="greta@example.org",
        phone="070-000 00 00",
        publication_consent=True,
    )
    SteeringGroupMembershipFactory(person=person)
    project = ProjectFactory(name="Samverkansprojektet", name_en="The collaboration project")
    ParticipantFactory(project=project, institution=host)
    return {"meeting": meeting, "host": host, "person": person, "project": project}


def test_the_root_lists_the_endpoints(client, archive):
    assert set(get(client, "")) == set(LISTS)


def test_meetings_come_in_both_languages_with_stable_ids(client, archive):
    meeting = archive["meeting"]
    data = get(client, "meetings/")
    assert data["count"] == 1
    item = data["results"][0]
    assert item["id"] == meeting.pk
    assert item["title"] == {"sv": "Möte i Karlstad", "en": "Meeting in Karlstad"}
    assert item["hosts"] == [
        {
            "id": archive["host"].pk,
            "name": {"sv": "Karlstads universitet", "en": "Karlstad University"},
        }
    ]
    assert item["url"]["sv"].endswith(meeting.slug_sv + "/")
    assert "/en/" in item["url"]["en"]
    assert item["agenda_items"][0]["title"] == {"sv": "Välkommen", "en": "Welcome"}
    assert item["study_visits"][0]["name"] == {"sv": "Besök", "en": "Visit"}
    assert get(client, f"meetings/{meeting.pk}/") == item


def test_an_agenda_items_guests_come_as_the_guests_page_names_them(client, archive):
    item = archive["meeting"].agenda_items.get()
    agency = OrganisationFactory(name="Kompetensverket", name_en="The Skills Agency")
    named = TalkFactory(
        agenda_item=item,
        guest=GuestFactory(
            name="Ingrid Exempelsson", role="generaldirektör", role_en="Director General"
        ),
        organisation=agency,
        order=0,
    )
    unnamed = TalkFactory(
        agenda_item=item,
        guest=GuestFactory(
            name="Okänd Hemligsson",
            role="kanslichef",
            role_en="head of office",
            publicly_named=False,
        ),
        order=1,
    )
    response = client.get("/api/v1/meetings/")
    assert "Hemligsson" not in response.content.decode()
    guests = json.loads(response.content)["results"][0]["agenda_items"][0]["guests"]
    assert [guest["speaker"] for guest in guests] == [
        {
            "sv": "Ingrid Exempelsson, generaldirektör, Kompetensverket",
            "en": "Ingrid Exempelsson, Director General, The Skills Agency",
        },
        {"sv": "kanslichef", "en": "head of office"},
    ]
    assert guests[0]["url"]["sv"].endswith(f"/sv/moten/gaster/#guest-{named.guest_id}")
    assert guests[1]["url"]["en"].endswith(f"#guest-{unnamed.guest_id}")
    assert guests[1]["url"]["en"].startswith("http://testserver/en/")


def test_english_falls_back_to_swedish_as_on_the_site(client, archive):
    item = get(client, f"meetings/{archive['meeting'].pk}/")
    assert item["documents"][0]["title"] == {"sv": "Öppen presentation", "en": "Öppen presentation"}


def test_members_only_material_never_appears(client, archive):
    body = client.get("/api/v1/meetings/").content.decode()
    assert "Hemligt protokoll" not in body
    assert "Öppen presentation" in body
    item = get(client, f"meetings/{archive['meeting'].pk}/")
    assert [d["title"]["sv"] for d in item["documents"]] == ["Öppen presentation"]


def test_members_see_no_more_than_anyone(client, archive):
    client.force_login(UserFactory(username="member@example.org", marked_as_member=True))
    assert "Hemligt protokoll" not in client.get("/api/v1/meetings/").content.decode()


def test_no_contact_details_even_with_consent(client, archive):
    for path in LISTS:
        body = client.get(f"/api/v1/{path}/").content.decode()
        assert "greta@example.org" not in body and "070-000" not in body


def test_unpublished_meetings_are_not_there(client, archive):
    assert "Opublicerat" not in client.get("/api/v1/meetings/").content.decode()
    hidden = archive["meeting"].__class__.objects.get(title_sv="Opublicerat möte")
    assert client.get(f"/api/v1/meetings/{hidden.pk}/").status_code == 404


def test_steering_group_and_projects(client, archive):
    membership = get(client, "steering-group/")["results"][0]
    assert membership["person"] == "Greta Ordförande"
    assert membership["institution"]["id"] == archive["host"].pk
    project = get(client, "projects/")["results"][0]
    assert project["name"] == {"sv": "Samverkansprojektet", "en": "The collaboration project"}
    assert project["participants"][0]["institution"]["id"] == archive["host"].pk


def test_lists_are_paged(client, db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 50}
    for _ in range(55):
        InstitutionFactory()
    first = get(client, "institutions/")
    assert first["count"] == 55 and len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/institutions/?page=2")
    second = get(client, "institutions/?page=2")
    assert len(second["results"]) == 5 and second["next"] is None
    assert {i["id"] for i in first["results"]}.isdisjoint(i["id"] for i in second["results"])


def test_reading_is_allowed_from_any_origin(client, archive):
    response = client.get("/api/v1/meetings/", HTTP_ORIGIN="https://data.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_preflight_allows_reading_only(client, archive):
    response = client.options(
        "/api/v1/meetings/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_cors_stays_on_the_api(client, archive):
    response = client.get("/sv/", HTTP_ORIGIN="https://data.example.org")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, archive, method):
    response = getattr(client, method)(f"/api/v1/meetings/{archive['meeting'].pk}/")
    assert response.status_code == 405


def test_openapi_schema_documents_every_list(client, db):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for path in LISTS:
        assert f"/api/v1/{path}/" in schema["paths"]
        assert "post" not in schema["paths"][f"/api/v1/{path}/"]


def _grow(size: int) -> None:
    for _ in range(size):
        host = InstitutionFactory()
        meeting = MeetingFactory()
        MeetingHostFactory(meeting=meeting, institution=host)
        TalkFactory(
            agenda_item=AgendaItemFactory(meeting=meeting), organisation=OrganisationFactory()
        )
        StudyVisitFactory(meeting=meeting)
        SteeringGroupMembershipFactory(person=PersonFactory(institution=host))
        ParticipantFactory(project=ProjectFactory(), institution=host)


@pytest.mark.parametrize("path", LISTS)
def test_query_count_does_not_grow_with_the_archive(client, db, django_assert_num_queries, path):
    _grow(2)
    with CaptureQueriesContext(connection) as small:
        get(client, f"{path}/")
    _grow(20)
    with django_assert_num_queries(len(small)):
        get(client, f"{path}/")

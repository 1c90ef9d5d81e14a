import datetime

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import FunderFactory, FundingFactory, InstitutionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/projects/project/"


def test_project_admin_has_language_tabs_and_every_inline(admin_client):
    html = admin_client.get(reverse("admin:projects_project_add")).content.decode()
    assert 'name="name_sv"' in html and 'name="name_en"' in html
    for prefix in ("fundings", "participants", "contacts", "results", "meetings"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html, prefix
    assert 'name="participants-__prefix__-note_en"' in html


def test_project_admin_filters_by_status(admin_client):
    ProjectFactory(
        name="Avslutat projekt",
        started_on=datetime.date(2013, 1, 1),
        ended_on=datetime.date(2016, 12, 31),
    )
    ProjectFactory(name="Pågående projekt", started_on=datetime.date(2020, 1, 1))
    completed = admin_client.get(CHANGELIST + "?status=completed").content.decode()
    assert "Avslutat projekt" in completed and "Pågående projekt" not in completed
    ongoing = admin_client.get(CHANGELIST + "?status=ongoing").content.decode()
    assert "Pågående projekt" in ongoing and "Avslutat projekt" not in ongoing


def test_project_admin_filters_by_funder(admin_client):
    vinnova = FunderFactory(name="Vinnova")
    FundingFactory(funder=vinnova, project__name="Finansierat")
    ProjectFactory(name="Utan finansiär")
    html = admin_client.get(CHANGELIST + f"?funders__id__exact={vinnova.pk}").content.decode()
    assert "Finansierat" in html and "Utan finansiär" not in html


def test_project_admin_search_finds_acronym(admin_client):
    ProjectFactory(name="The Swedish Career Assessment Matrix", acronym="SWE-CAM")
    ProjectFactory(name="Annat")
    html = admin_client.get(CHANGELIST + "?q=SWE-CAM").content.decode()
    assert "The Swedish Career Assessment Matrix" in html and "Annat" not in html


def test_admin_refuses_an_end_before_the_start(admin_client):
    data = {
        "name_sv": "Baklänges",
        "name_en": "",
        "acronym": "",
        "slug_sv": "baklanges",
        "slug_en": "",
        "summary_sv": "",
        "summary_en": "",
        "started_on": "2020-01-01",
        "ended_on": "2019-01-01",
        "precision": "day",
        "description_sv": "",
        "description_en": "",
        "goals_sv": "",
        "goals_en": "",
        "focus_areas_sv": "",
        "focus_areas_en": "",
        "website": "",
    }
    for prefix in ("fundings", "participants", "contacts", "results", "meetings"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 200
    assert "Slutet kan inte komma före starten." in response.content.decode()
    assert not Project.objects.exists()


def test_seeded_projects_open_in_the_admin(admin_client, seeded):
    swecam = Project.objects.get(acronym="SWE-CAM")
    html = admin_client.get(
        reverse("admin:projects_project_change", args=[swecam.pk])
    ).content.decode()
    assert "Per-Olof Brehmer" in html


def _project_form(**values):
    data = {
        "name_sv": "",
        "name_en": "",
        "acronym": "",
        "slug_sv": "",
        "slug_en": "",
        "summary_sv": "",
        "summary_en": "",
        "started_on": "2020-01-01",
        "ended_on": "",
        "precision": "day",
        "description_sv": "",
        "description_en": "",
        "goals_sv": "",
        "goals_en": "",
        "focus_areas_sv": "",
        "focus_areas_en": "",
        "website": "",
        "is_published": "on",  # ticked by default in the form
        **values,
    }
    for prefix in ("fundings", "participants", "contacts", "results", "meetings"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_coordinator_can_add_several_projects_in_swedish_only(admin_client):
    add = reverse("admin:projects_project_add")
    for slug in ("forsta", "andra"):
        response = admin_client.post(add, _project_form(name_sv=slug.title(), slug_sv=slug))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Project.objects.count() == 2
    assert admin_client.get("/en/projects/andra/").status_code == 200


def test_admin_adds_a_participant_with_a_translated_note(admin_client):
    institution = InstitutionFactory()
    data = _project_form(name_sv="Med deltagare", slug_sv="med-deltagare")
    data |= {
        "participants-TOTAL_FORMS": "1",
        "participants-0-institution": str(institution.pk),
        "participants-0-role": "pilot",
        "participants-0-note_sv": "anslöt 2016",
        "participants-0-note_en": "joined in 2016",
        "participants-0-position": "0",
    }
    response = admin_client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 302
    participant = Project.objects.get().participants.get()
    assert (participant.role, participant.note_en) == ("pilot", "joined in 2016")

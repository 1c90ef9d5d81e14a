import datetime
import os
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from members.models import Institution
from projects.models import Project
from projects.views import PROJECTS_PER_PAGE
from tests.factories import (
    FundingFactory,
    ProjectContactFactory,
    ProjectFactory,
    ProjectMeetingFactory,
    ProjectResultFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SWECAM_PILOTS = ["MDU", "LiU", "SH", "UU", "BTH"]
SWECAM_CONTACTS = [
    ("Helena Jerregård", "MDU"),
    ("Per-Olof Brehmer", "LiU"),
    ("Peter Dobers", "SH"),
    ("Johan Tysk", "UU"),
    ("Åse Nygren", "BTH"),
    ("Johan Blaus", "KTH"),
]
KLOSS_NINE = ["KTH", "UmU", "UU", "SLU", "MDH", "SU", "LiU", "JU", "LU"]


def _benchdata(scale: int) -> None:
    call_command("benchdata", scale=scale, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _institution_names(short_names, language):
    with translation.override(language):
        return [
            (Institution.objects.get(short_name=s).name, Institution.objects.get(short_name=s))
            for s in short_names
        ]


@pytest.mark.parametrize(
    ("url", "headings"),
    [
        ("/sv/projekt/", ["Projekt", "KLOSS", "KLOSS AkUt", "K3", "SWE-CAM", "MerSam", "UtVind"]),
        ("/en/projects/", ["Projects", "KLOSS", "KLOSS AkUt", "K3", "SWE-CAM", "MerSam", "UtVind"]),
    ],
)
def test_project_list_shows_every_seed_project(client, seeded, url, headings):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for heading in headings:
        assert f">{heading}</a>" in html or f">{heading}</h1>" in html


def test_project_list_groups_projects_by_status(client, db):
    today = datetime.date.today()
    ProjectFactory(name="Pågår", started_on=today - datetime.timedelta(days=10))
    ProjectFactory(
        name="Klart", started_on=datetime.date(2010, 1, 1), ended_on=datetime.date(2011, 1, 1)
    )
    ProjectFactory(name="Kommer", started_on=today + datetime.timedelta(days=400))
    html = client.get("/sv/projekt/").content.decode()
    ongoing = html.index("Pågående projekt")
    planned = html.index("Planerade projekt")
    completed = html.index("Avslutade projekt")
    assert ongoing < html.index("Pågår") < planned < html.index("Kommer") < completed
    assert completed < html.index("Klart")


def test_project_list_is_paged_and_each_group_says_its_size(client, seeded):
    _benchdata(4)
    top_level = Project.objects.top_level().published()
    pages = -(-top_level.count() // PROJECTS_PER_PAGE)
    assert pages > 1
    first = client.get("/sv/projekt/").content.decode()
    assert first.count('<li class="card project-card">') == PROJECTS_PER_PAGE
    assert 'href="?page=2" rel="next"' in first
    assert "<title>Projekt – KLOSSnet</title>" in first
    ongoing = sum(1 for project in top_level if project.status == "ongoing")
    assert f'Pågående projekt <span class="project-group__count">({ongoing})</span>' in first
    shown = []
    for number in range(1, pages + 1):
        html = client.get("/sv/projekt/", {"page": number}).content.decode()
        shown += re.findall(r'<li class="card project-card">\s*<h3><a href="([^"]+)"', html)
    assert sorted(shown) == sorted(project.get_absolute_url() for project in top_level)
    last = client.get("/sv/projekt/", {"page": pages}).content.decode()
    assert f"<title>Projekt, sida {pages} av {pages} – KLOSSnet</title>" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_sub_projects_are_listed_under_their_parent(client, db):
    parent = ProjectFactory(name="Portfölj", acronym="K3")
    ProjectFactory(name="Delprojekt A", acronym="DA", parent=parent)
    html = client.get("/sv/projekt/").content.decode()
    card = html.split(">K3</a>")[1]
    assert "Delprojekt:" in card and ">DA</a>" in card
    detail = client.get(parent.get_absolute_url()).content.decode()
    assert "Delprojekt A" in detail.split('id="timeline"')[1]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_swecam_page_lists_the_five_pilots_and_six_contacts(client, seeded, language):
    with translation.override(language):
        url = Project.objects.get(acronym="SWE-CAM").get_absolute_url()
    html = client.get(url).content.decode()
    participants = html.split('id="participants"')[1].split("</section>")[0]
    for name, institution in _institution_names(SWECAM_PILOTS, language):
        assert name in participants
        with translation.override(language):
            assert f'href="{institution.get_absolute_url()}"' in participants
    assert participants.count("pilotprojekt" if language == "sv" else "pilot project") == 5
    contacts = html.split('id="contacts"')[1].split("</h2>")[1].split("</section>")[0]
    for person, _short_name in SWECAM_CONTACTS:
        assert person in contacts
    assert contacts.count("Kontaktperson" if language == "sv" else "Contact person") == 5
    assert ("Projektledare" if language == "sv" else "Project manager") in contacts


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/sv/projekt/swe-cam/",
            [
                "The Swedish Career Assessment Matrix",
                "Vinnova",
                "Kungliga Tekniska högskolan",
                "2024–2025",
                "Fördjupad dialog med nationella och internationella intressenter",
                "Metodutveckling kring samverkansmeriter",
                "Stärkt lärande kring samverkansmeriter genom pilotprojekt",
                "bredare och djupare nationell förståelse för meritkriterier",
                "Arbetsgruppen för samverkansmeriter",
            ],
        ),
        (
            "/en/projects/swe-cam/",
            [
                "The Swedish Career Assessment Matrix",
                "Vinnova",
                "KTH Royal Institute of Technology",
                "In-depth dialogue with national and international stakeholders",
                "Method development around collaboration merits",
                "Strengthened learning around collaboration merits through pilot projects",
                "broader and deeper national understanding of merit criteria",
                "Working group on collaboration merits",
            ],
        ),
    ],
)
def test_swecam_page_shows_funder_coordinator_goal_and_focus_areas(client, seeded, url, texts):
    html = client.get(url).content.decode()
    for text in texts:
        assert text in html, text


def test_swecam_page_links_mersam_and_utvind_as_related(client, seeded):
    html = client.get("/en/projects/swe-cam/").content.decode()
    related = html.split('id="related"')[1]
    assert 'href="/en/projects/mersam/"' in related and 'href="/en/projects/utvind/"' in related
    # and back again: the relation is shown from MerSam too
    assert 'href="/en/projects/swe-cam/"' in client.get("/en/projects/mersam/").content.decode()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_kloss_page_lists_the_nine_institutions_and_its_report_and_book(client, seeded, language):
    prefix = "/sv/projekt/" if language == "sv" else "/en/projects/"
    html = client.get(prefix + "kloss/").content.decode()
    participants = html.split('id="participants"')[1].split("</section>")[0]
    for name, _institution in _institution_names(KLOSS_NINE, language):
        assert name in participants
    assert "2013–2016" in html
    results = html.split('id="results"')[1].split("</section>")[0]
    if language == "sv":
        assert "Rapport från KLOSS" in results and "Bok från KLOSS" in results
        assert "Identifiera hinder för samverkan".lower() in html.lower()
    else:
        assert "Report from KLOSS" in results and "Book from KLOSS" in results
        assert "identifying obstacles to collaboration" in html


def test_kloss_akut_adds_chalmers_and_gothenburg(client, seeded):
    html = client.get("/en/projects/kloss-akut/").content.decode()
    participants = html.split('id="participants"')[1].split("</section>")[0]
    for name, _institution in _institution_names(KLOSS_NINE + ["Chalmers", "GU"], "en"):
        assert name in participants
    assert "joined in 2016" in participants
    assert "2016–2017" in html and "outplacement" in html


def test_k3_page_tells_of_18_projects_and_vinnovas_call(client, seeded):
    sv = client.get("/sv/projekt/k3-projekten/").content.decode()
    assert "18 utvecklingsprojekt" in sv and "Utveckling av lärosätenas samverkanskapacitet" in sv
    en = client.get("/en/projects/the-k3-projects/").content.decode()
    assert "18 development projects" in en and "2017–2020" in en


def test_swedish_slug_on_the_english_site_redirects_to_the_english_slug(client, seeded):
    response = client.get("/en/projects/k3-projekten/")
    assert response.status_code == 301
    assert response["Location"] == "/en/projects/the-k3-projects/"


def test_language_switcher_links_the_translated_slug(client, seeded):
    html = client.get("/sv/projekt/k3-projekten/").content.decode()
    assert 'href="/en/projects/the-k3-projects/"' in html


def test_unknown_project_is_404(client, seeded):
    assert client.get("/sv/projekt/finns-inte/").status_code == 404


def test_contact_details_are_hidden_from_the_public_without_consent(client, db):
    contact = ProjectContactFactory(
        person__email="dold@example.org", person__publication_consent=False
    )
    html = client.get(contact.project.get_absolute_url()).content.decode()
    assert contact.person.name in html
    assert "dold@example.org" not in html


def test_contact_details_are_shown_with_consent(client, db):
    contact = ProjectContactFactory(
        person__email="synlig@example.org", person__publication_consent=True
    )
    html = client.get(contact.project.get_absolute_url()).content.decode()
    assert 'href="mailto:synlig@example.org"' in html


def test_members_see_contact_details(client, db):
    contact = ProjectContactFactory(
        person__email="kollega@example.org", person__publication_consent=False
    )
    client.force_login(UserFactory(marked_as_member=True))
    html = client.get(contact.project.get_absolute_url()).content.decode()
    assert "kollega@example.org" in html


def test_project_page_shows_funding_results_and_meetings(client, db):
    project = ProjectFactory(name="Lärprojekt", goals="Målen är att utveckla klusterstrategierna")
    FundingFactory(project=project, funder__name="Vinnova", amount=1500000, reference="2017-01234")
    ProjectResultFactory(
        project=project,
        kind="final_report",
        title="Slutrapport",
        url="https://example.org/r.pdf",
        year=2015,
    )
    ProjectMeetingFactory(
        project=project, date=datetime.date(2014, 11, 4), title="Andra träffen", place="Östersund"
    )
    ProjectContactFactory(project=project, role="content_leader")
    ProjectContactFactory(project=project, role="process_leader")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "1 500 000 kr" in html.replace("\xa0", " ")
    assert "2017-01234" in html
    assert 'href="https://example.org/r.pdf"' in html and "Slutrapport" in html
    assert "4 november 2014" in html and "Andra träffen" in html and "Östersund" in html
    assert "Innehållsledare" in html and "Processledare" in html
    assert "Målen är att utveckla klusterstrategierna" in html


def test_rich_text_is_sanitised(client, db):
    project = ProjectFactory(description='<script>alert(1)</script><a href="javascript:x">x</a>')
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "javascript:x" not in html


def test_institution_page_lists_its_projects_with_roles(client, seeded):
    with translation.override("sv"):
        url = Institution.objects.get(short_name="SH").get_absolute_url()
    html = client.get(url).content.decode()
    assert 'href="/sv/projekt/swe-cam/"' in html
    assert "pilotprojekt" in html
    kth_url = Institution.objects.get(short_name="KTH").get_absolute_url()
    kth = client.get(kth_url).content.decode()
    assert "koordinerande lärosäte" in kth and "initierade projektet" in kth


def test_institution_without_projects_has_no_projects_section(seeded):
    from projects.selectors import institution_sections

    assert institution_sections(Institution.objects.get(short_name="HH")) == []


@pytest.mark.parametrize("url", ["/sv/projekt/", "/en/projects/"])
def test_project_list_query_count_does_not_grow(client, seeded, django_assert_num_queries, url):
    with django_assert_num_queries(5):
        client.get(url)
    _benchdata(2)
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert "SYN-1" in html


def test_project_page_query_count_does_not_grow(client, seeded, django_assert_num_queries):
    with django_assert_num_queries(9):
        client.get("/sv/projekt/swe-cam/")
    _benchdata(2)
    with django_assert_num_queries(9):
        client.get("/sv/projekt/swe-cam/")
    # A synthetic portfolio: full rows of participants, contacts, results, meetings, children.
    portfolio = Project.objects.filter(acronym__startswith="SYN-", children__isnull=False).first()
    with django_assert_num_queries(9):
        html = client.get(portfolio.get_absolute_url()).content.decode()
    assert "Slutrapport" in html and "Delprojekt" in html


def test_institution_sections_query_count_does_not_grow(seeded, django_assert_num_queries):
    from projects.selectors import institution_sections

    kth = Institution.objects.get(short_name="KTH")
    with django_assert_num_queries(2):
        assert institution_sections(kth)
    _benchdata(2)
    busy = Institution.objects.get(short_name="SYN1")
    with django_assert_num_queries(2):
        assert institution_sections(busy)


def test_loading_again_keeps_the_coordinators_edits(seeded):
    swecam = Project.objects.get(acronym="SWE-CAM")
    swecam.slug_sv = "swe-cam-projektet"
    swecam.save()
    swecam.participants.filter(institution__short_name="BTH").delete()
    call_command("load_klossnet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Project.objects.filter(acronym="SWE-CAM").count() == 1
    assert Project.objects.get(acronym="SWE-CAM").participants.count() == 4
    assert Project.objects.count() == 6

import datetime
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from members.models import Institution, Person
from steering.models import SteeringGroupMembership
from steering.views import COMPOSITIONS_PER_PAGE
from tests.factories import (
    ProjectFactory,
    SteeringGroupMembershipFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)

pytestmark = pytest.mark.django_db

# Seeds 000/001: the steering group and each member's role.
SEED_GROUP = [
    ("Ann-Charlotte Larsson", "LNU", "convener"),
    ("Dieter Müller", "UmU", "member"),
    ("Helena Jerregård", "MDU", "member"),
    ("Peter Dobers", "SH", "member"),
    ("Margareta Friman", "KAU", "member"),
    ("Lars Bengtsson", "HiG", "member"),
    ("Johan Blaus", "KTH", "coordinator"),
]


def _benchdata(scale: int) -> None:
    call_command("benchdata", scale=scale, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_seed_loads_the_current_steering_group_with_roles(seeded):
    current = SteeringGroupMembership.objects.current().select_related("person", "institution")
    assert sorted((m.person.name, m.institution.short_name, m.role) for m in current) == sorted(
        SEED_GROUP
    )
    # The sources give no start dates: none is invented, the page's date is recorded instead.
    assert all(m.started_on is None for m in current)
    assert {m.listed_on for m in current} == {datetime.date(2024, 2, 27)}


def test_loading_twice_does_not_duplicate_the_group(seeded):
    call_command("load_klossnet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert SteeringGroupMembership.objects.count() == len(SEED_GROUP)


@pytest.mark.parametrize(
    ("url", "roles"),
    [
        (
            "/sv/styrgrupp/",
            ["Sammankallande", "koordinator för styrgruppen och KLOSSnet som helhet"],
        ),
        ("/en/steering-group/", ["Convener", "coordinator for the steering group and KLOSSnet"]),
    ],
)
def test_steering_page_lists_all_seven_with_roles_and_institutions(client, seeded, url, roles):
    html = client.get(url).content.decode()
    for name, short_name, _role in SEED_GROUP:
        assert name in html
        institution = Institution.objects.get(short_name=short_name)
        with translation.override(url[1:3]):
            assert f'href="{institution.get_absolute_url()}"' in html
            assert institution.name in html
    for role in roles:
        assert role in html


def test_steering_page_shows_titles_and_tasks_in_both_languages(client, seeded):
    swedish = client.get("/sv/styrgrupp/").content.decode()
    assert "Vicerektor" in swedish and "Rektorsråd samverkan" in swedish
    assert "beredning av prioriterade frågor" in swedish
    english = client.get("/en/steering-group/").content.decode()
    assert "Pro-Vice-Chancellor" in english
    assert "preparation of priority issues" in english
    assert "27 February 2024" in english


def test_steering_page_shows_earlier_compositions_grouped_by_period(client, seeded):
    first = SteeringGroupMembershipFactory(
        started_on=datetime.date(2017, 3, 8),
        ended_on=datetime.date(2019, 12, 31),
        role=SteeringGroupMembership.Role.CONVENER,
        person__name="Tidigare Sammankallande",
    )
    SteeringGroupMembershipFactory(
        started_on=datetime.date(2017, 3, 8),
        ended_on=datetime.date(2019, 12, 31),
        person__name="Tidigare Ledamot",
    )
    html = client.get("/sv/styrgrupp/").content.decode()
    earlier = html.split('id="earlier"')[1]
    assert earlier.count("8 mars 2017 – 31 december 2019") == 1
    assert "Tidigare Sammankallande" in earlier and "Tidigare Ledamot" in earlier
    current = html.split('id="earlier"')[0]
    assert first.person.name not in current


def test_earlier_compositions_are_paged(client, seeded):
    _benchdata(6)
    periods = (
        SteeringGroupMembership.objects.former()
        .values_list("started_on", "ended_on")
        .distinct()
        .count()
    )
    pages = -(-periods // COMPOSITIONS_PER_PAGE)
    assert pages > 1
    first = client.get("/sv/styrgrupp/").content.decode()
    assert first.count('<section class="steering-period"') == COMPOSITIONS_PER_PAGE
    assert 'href="?page=2#earlier" rel="next"' in first
    assert "31 december 1999" in first  # the latest first
    headings = []
    for number in range(1, pages + 1):
        html = client.get("/sv/styrgrupp/", {"page": number}).content.decode()
        headings += re.findall(r'<h3 id="period-\d+">([^<]+)</h3>', html)
        assert "Styrgruppen i dag" in html  # the current group on every page
    assert len(headings) == len(set(headings)) == periods
    last = client.get("/sv/styrgrupp/", {"page": pages}).content.decode()
    assert f"<title>KLOSSnets styrgrupp, sida {pages} av {pages} – KLOSSnet</title>" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_steering_page_links_the_working_group_and_its_project(client, seeded):
    html = client.get("/sv/styrgrupp/").content.decode()
    assert "Arbetsgruppen för samverkansmeriter" in html
    assert 'href="/sv/styrgrupp/arbetsgrupper/samverkansmeriter/"' in html
    assert 'href="/sv/projekt/swe-cam/"' in html


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/sv/styrgrupp/arbetsgrupper/samverkansmeriter/",
            ["Arbetsgruppen för samverkansmeriter", "Sedan 2022", "meritvärdet av samverkan"],
        ),
        (
            "/en/steering-group/working-groups/collaboration-merits/",
            ["Working group on collaboration merits", "Since 2022", "merit value of collaboration"],
        ),
    ],
)
def test_working_group_page_in_both_languages(client, seeded, url, texts):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html
    assert "SWE-CAM" in html


def test_working_group_page_lists_current_members(client, seeded):
    membership = WorkingGroupMembershipFactory(
        working_group__slug="wg", working_group__name="Arbetsgrupp X"
    )
    html = client.get("/sv/styrgrupp/arbetsgrupper/wg/").content.decode()
    assert membership.person.name in html
    assert membership.institution.name in html


def test_working_group_page_keeps_former_members(client, seeded):
    membership = WorkingGroupMembershipFactory(
        working_group__slug="wg2",
        started_on=datetime.date(2022, 1, 1),
        ended_on=datetime.date(2023, 6, 30),
    )
    html = client.get("/sv/styrgrupp/arbetsgrupper/wg2/").content.decode()
    earlier = html.split("Tidigare ledamöter")[1]
    assert membership.person.name in earlier and "2022–2023" in earlier


def test_working_group_swedish_slug_on_english_site_redirects(client, seeded):
    response = client.get("/en/steering-group/working-groups/samverkansmeriter/")
    assert response.status_code == 301
    assert response["Location"] == "/en/steering-group/working-groups/collaboration-merits/"


def test_unknown_working_group_is_404(client, seeded):
    assert client.get("/sv/styrgrupp/arbetsgrupper/finns-inte/").status_code == 404


def test_language_switcher_on_working_group_page_uses_the_english_slug(client, seeded):
    html = client.get("/sv/styrgrupp/arbetsgrupper/samverkansmeriter/").content.decode()
    assert 'href="/en/steering-group/working-groups/collaboration-merits/"' in html


def test_institution_page_lists_steering_roles(client, seeded):
    lnu = Institution.objects.get(short_name="LNU")
    with translation.override("sv"):
        url = lnu.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Ann-Charlotte Larsson, sammankallande" in html


def test_institution_page_lists_former_steering_roles(client, seeded):
    person = Person.objects.get(name="Dieter Müller")
    SteeringGroupMembershipFactory(
        person=person,
        institution=person.institution,
        started_on=datetime.date(2017, 3, 8),
        ended_on=datetime.date(2019, 12, 31),
    )
    with translation.override("en"):
        url = person.institution.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Earlier in the steering group" in html
    assert "2017–2019" in html


def test_institution_without_steering_roles_has_no_steering_section(seeded):
    from steering.selectors import institution_sections

    assert institution_sections(Institution.objects.get(short_name="LU")) == []


@pytest.mark.parametrize("url", ["/sv/styrgrupp/", "/en/steering-group/"])
def test_steering_page_query_count_does_not_grow(client, seeded, django_assert_num_queries, url):
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    _benchdata(2)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert "[synthetic] Person 1" in response.content.decode()


def test_working_group_page_query_count_does_not_grow(client, seeded, django_assert_num_queries):
    url = "/sv/styrgrupp/arbetsgrupper/samverkansmeriter/"
    with django_assert_num_queries(5):
        client.get(url)
    _benchdata(2)
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(5):
        assert client.get("/sv/styrgrupp/arbetsgrupper/syntetisk-arbetsgrupp-1/").status_code == 200


def test_institution_sections_query_count_does_not_grow(seeded, django_assert_num_queries):
    from steering.selectors import institution_sections

    kth = Institution.objects.get(short_name="KTH")
    with django_assert_num_queries(1):
        institution_sections(kth)
    _benchdata(2)
    synthetic = Institution.objects.filter(
        short_name__startswith="SYN", steering_group_memberships__isnull=False
    ).first()
    with django_assert_num_queries(1):
        assert institution_sections(synthetic)


def test_benchdata_adds_non_overlapping_former_compositions(seeded):
    _benchdata(1)
    _benchdata(1)
    conveners = SteeringGroupMembership.objects.filter(role="convener").exclude(ended_on=None)
    periods = sorted((m.started_on, m.ended_on) for m in conveners)
    assert len(periods) == 4
    assert all(a[1] < b[0] for a, b in zip(periods, periods[1:], strict=False))


def test_loading_again_after_the_convener_changed_role_adds_nothing(seeded):
    convener = SteeringGroupMembership.objects.get(role="convener")
    convener.role = SteeringGroupMembership.Role.MEMBER
    convener.save()
    call_command("load_klossnet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert SteeringGroupMembership.objects.count() == len(SEED_GROUP)
    assert not SteeringGroupMembership.objects.filter(role="convener").exists()


@pytest.mark.django_db
def test_working_group_pages_show_its_published_projects_through_the_hook(
    client, django_assert_max_num_queries
):
    group = WorkingGroupFactory(slug="wg-projects", name="Arbetsgrupp P")
    ProjectFactory(working_group=group, name="Synligt projekt", slug="synligt")
    ProjectFactory(working_group=group, name="Utkastprojekt", slug="utkast", is_published=False)
    for index in range(3):
        ProjectFactory(working_group=WorkingGroupFactory(), slug=f"annat-{index}")
    with django_assert_max_num_queries(12):
        overview = client.get("/sv/styrgrupp/").content.decode()
    detail = client.get("/sv/styrgrupp/arbetsgrupper/wg-projects/").content.decode()
    assert "Projekt:" in overview and 'href="/sv/projekt/synligt/"' in overview
    assert '<h2 id="section-1">Projekt</h2>' in detail
    assert 'href="/sv/projekt/synligt/"' in detail
    assert "Utkastprojekt" not in overview and "Utkastprojekt" not in detail


@pytest.mark.django_db
def test_a_working_groups_projects_are_counted_beyond_what_its_pages_list(client):
    from projects.selectors import WORKING_GROUP_PROJECTS, WORKING_GROUP_SUMMARY_PROJECTS

    group = WorkingGroupFactory(slug="wg-many", name="Arbetsgrupp M")
    count = WORKING_GROUP_PROJECTS + 3
    for index in range(count):
        ProjectFactory(
            working_group=group,
            slug=f"p-{index}",
            acronym=f"P{index}",
            started_on=datetime.date(2000 + index, 1, 1),
        )
    overview = client.get("/sv/styrgrupp/").content.decode()
    card = overview.split(">Arbetsgrupp M</a>", 1)[1].split("</article>", 1)[0]
    assert card.count('href="/sv/projekt/p-') == WORKING_GROUP_SUMMARY_PROJECTS
    assert f">P{count - 1}</a>" in card  # the newest first
    more = count - WORKING_GROUP_SUMMARY_PROJECTS
    assert f'<a href="/sv/styrgrupp/arbetsgrupper/wg-many/">och {more} till</a>' in card
    detail = client.get("/sv/styrgrupp/arbetsgrupper/wg-many/").content.decode()
    assert detail.count('<li><a href="/sv/projekt/p-') == WORKING_GROUP_PROJECTS
    assert 'Och 3 tidigare projekt, i <a href="/sv/projekt/">projektlistan</a>.' in detail


def test_the_steering_page_shows_the_newest_working_groups_and_links_them_all(client, seeded):
    from steering.views import WORKING_GROUPS_SHOWN

    html = client.get("/sv/styrgrupp/").content.decode()
    assert "Alla arbetsgrupper" not in html  # the seed's one working group is all there is
    _benchdata(1)
    html = client.get("/sv/styrgrupp/").content.decode()
    aside = html.split('id="working-groups"', 1)[1].split("</aside>", 1)[0]
    assert aside.count('<article class="card working-group-card">') == WORKING_GROUPS_SHOWN
    assert '<a href="/sv/styrgrupp/arbetsgrupper/">Alla arbetsgrupper</a>' in aside


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/sv/styrgrupp/arbetsgrupper/", "Arbetsgrupper"),
        ("/en/steering-group/working-groups/", "Working groups"),
    ],
)
def test_every_working_group_is_on_the_working_groups_pages(
    client, seeded, django_assert_num_queries, url, title
):
    from steering.models import WorkingGroup
    from steering.views import WORKING_GROUPS_PER_PAGE

    first = client.get(url).content.decode()
    assert f"<title>{title} – KLOSSnet</title>" in first
    # Each group's heading is the level under the page's (the steering page's is an h3).
    assert '<h2><a href="/' in first and '<h3><a href="/' not in first
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    _benchdata(3)
    assert WorkingGroup.objects.count() > WORKING_GROUPS_PER_PAGE
    with django_assert_num_queries(len(queries)):
        first = client.get(url).content.decode()
    assert first.count('<article class="card working-group-card">') == WORKING_GROUPS_PER_PAGE
    assert 'href="?page=2" rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<article class="card working-group-card">') == min(
        WorkingGroup.objects.count() - WORKING_GROUPS_PER_PAGE, WORKING_GROUPS_PER_PAGE
    )
    assert f"<title>{title}, " in second and 'rel="prev"' in second
    assert url in client.get("/sitemap.xml").content.decode()

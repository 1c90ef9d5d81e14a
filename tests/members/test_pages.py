import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Institution
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def only_members_sections(monkeypatch):
    """Leave out other apps' institution sections, to count this app's own queries."""
    for config in apps.get_app_configs():
        monkeypatch.setattr(config, "institution_sections", None, raising=False)


@pytest.fixture
def uppsala():
    return InstitutionFactory(
        name_sv="Uppsala universitet",
        name_en="Uppsala University",
        slug_sv="uppsala-universitet",
        slug_en="uppsala-university",
        short_name="UU",
        city_sv="Uppsala",
        city_en="Uppsala",
        website="https://www.uu.se/",
    )


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


# The directory -----------------------------------------------------------------------------


def test_directory_in_swedish_lists_swedish_names_under_translated_path(client, uppsala):
    response = client.get("/sv/larosaten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medlemslärosäten" in html
    assert "Uppsala universitet" in html
    assert 'href="/sv/larosaten/uppsala-universitet/"' in html


def test_directory_in_english_lists_english_names_and_slugs(client, uppsala):
    response = client.get("/en/institutions/")
    html = response.content.decode()
    assert "Member institutions" in html
    assert 'href="/en/institutions/uppsala-university/">Uppsala University<' in html


def test_directory_counts_current_members_and_shows_former_ones_separately(client):
    successor = InstitutionFactory(name_sv="Mälardalens universitet")
    InstitutionFactory(
        name_sv="Mälardalens högskola",
        member_until=datetime.date(2021, 12, 31),
        successor=successor,
    )
    InstitutionFactory(name_sv="Mittuniversitetet", member_since=None)
    response = client.get("/sv/larosaten/")
    directory = response.context["directory"]()
    assert directory.current_member_count == 1
    assert [i.name for i in directory.former] == ["Mälardalens högskola"]
    assert [i.name for i in directory.others] == ["Mittuniversitetet"]
    html = response.content.decode()
    assert "1 lärosäte är medlem i KLOSSnet" in html
    assert "Tidigare medlemmar" in html
    assert "numera Mälardalens universitet" in html


def test_directory_sorts_names_in_swedish_alphabet_order(client):
    for name in ["Örebro universitet", "Åbo Akademi", "Uppsala universitet", "Ädelhögskolan"]:
        InstitutionFactory(name_sv=name, name_en=None)
    response = client.get("/sv/larosaten/")
    names = [
        i.name for group in response.context["directory"]().current for i in group.institutions
    ]
    assert names == ["Uppsala universitet", "Åbo Akademi", "Ädelhögskolan", "Örebro universitet"]


def test_directory_filters_by_kind_with_a_labelled_form(client, uppsala):
    InstitutionFactory(name_sv="Åbo Akademi", kind=Institution.Kind.FOREIGN)
    response = client.get("/sv/larosaten/", {"kind": "foreign"})
    html = response.content.decode()
    assert '<label for="id_kind">Typ av lärosäte</label>' in html
    assert '<button type="submit">Visa</button>' in html
    assert "Åbo Akademi" in html
    assert "Uppsala universitet" not in html
    # The network-wide count does not change with the filter.
    assert response.context["directory"]().current_member_count == 2


def test_directory_refuses_an_unknown_kind_with_a_message_and_shows_all(client, uppsala):
    response = client.get("/sv/larosaten/", {"kind": "castle"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert "Uppsala universitet" in html


@pytest.mark.parametrize("count", [5, 100])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, count):
    for index in range(count):
        institution = InstitutionFactory(
            member_until=datetime.date(2020, 1, 1) if index % 3 == 0 else None
        )
        RepresentationFactory(institution=institution, person__institution=institution)
    # The footer's contact, the member count, the current members, every institution's name
    # and membership dates, the page's institutions with successors.
    with django_assert_num_queries(5):
        response = client.get("/sv/larosaten/")
    assert response.status_code == 200


def _names(html: str) -> list[str]:
    return [
        part.split("</a>")[0].split(">")[-1]
        for part in html.split('class="institution-item__name"')[1:]
    ]


def test_a_long_directory_comes_in_pages_linked_both_ways(client):
    for number in range(70):
        InstitutionFactory(name_sv=f"Högskola {number:02d}", kind=Institution.Kind.UNIVERSITY)
    first = client.get("/sv/larosaten/").content.decode()
    second = client.get("/sv/larosaten/", {"page": 2}).content.decode()
    assert len(_names(first)) == 60 and len(_names(second)) == 10
    assert not set(_names(first)) & set(_names(second))
    assert '<nav class="pager" aria-label="Sidor med lärosäten">' in first
    assert 'href="?page=2" rel="next">Fler lärosäten</a>' in first and 'rel="prev"' not in first
    assert 'href="?page=1" rel="prev">Föregående lärosäten</a>' in second
    assert "Sida 2 av 2" in second
    # The heading counts the group on every page, not only this one.
    assert 'Universitet <span class="institution-group__count">(70)</span>' in second


def test_the_directorys_pages_keep_the_kind_filter(client):
    for _number in range(65):
        InstitutionFactory(kind=Institution.Kind.UNIVERSITY_COLLEGE)
    InstitutionFactory(kind=Institution.Kind.UNIVERSITY)
    html = client.get("/en/institutions/", {"kind": "university_college"}).content.decode()
    assert 'href="?kind=university_college&amp;page=2" rel="next">More institutions</a>' in html


def test_a_short_directory_has_no_pager(client, uppsala):
    assert 'class="pager"' not in client.get("/sv/larosaten/").content.decode()


# The institution page ----------------------------------------------------------------------


def test_institution_page_in_swedish(client, uppsala, only_members_sections):
    response = client.get("/sv/larosaten/uppsala-universitet/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="hero__title">Uppsala universitet</h1>' in html
    assert '<span lang="en">Uppsala University</span>' in html
    assert "Medlem sedan 8 mars 2017" in html
    assert 'href="https://www.uu.se/"' in html


def test_institution_page_in_english_with_translated_slug(client, uppsala, only_members_sections):
    response = client.get("/en/institutions/uppsala-university/")
    html = response.content.decode()
    assert '<h1 class="hero__title">Uppsala University</h1>' in html
    assert '<span lang="sv">Uppsala universitet</span>' in html
    assert "Member since 8 March 2017" in html


def test_language_switcher_links_to_the_other_languages_slug(
    client, uppsala, only_members_sections
):
    sv = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    assert 'href="/en/institutions/uppsala-university/" hreflang="en"' in sv
    en = client.get("/en/institutions/uppsala-university/").content.decode()
    assert 'href="/sv/larosaten/uppsala-universitet/" hreflang="sv"' in en


def test_swedish_slug_on_the_english_site_redirects_to_the_english_slug(
    client, uppsala, only_members_sections
):
    response = client.get("/en/institutions/uppsala-universitet/")
    assert response.status_code == 301
    assert response["Location"] == "/en/institutions/uppsala-university/"


def test_english_page_falls_back_to_the_swedish_slug_when_there_is_no_english_one(
    client, only_members_sections
):
    InstitutionFactory(name_sv="Högskolan X", name_en=None, slug_sv="hogskolan-x", slug_en=None)
    response = client.get("/en/institutions/hogskolan-x/")
    assert response.status_code == 200
    assert "Högskolan X" in response.content.decode()


def test_unknown_institution_is_not_found(client):
    assert client.get("/sv/larosaten/finns-inte/").status_code == 404


def test_page_shows_successor_and_predecessor(client, only_members_sections):
    mdu = InstitutionFactory(name_sv="Mälardalens universitet", slug_sv="malardalens-universitet")
    InstitutionFactory(
        name_sv="Mälardalens högskola",
        slug_sv="malardalens-hogskola",
        member_until=datetime.date(2021, 12, 31),
        successor=mdu,
    )
    old = client.get("/sv/larosaten/malardalens-hogskola/").content.decode()
    assert "Medlem från 8 mars 2017 till 31 december 2021" in old
    assert f'<a href="{mdu.get_absolute_url()}">Mälardalens universitet</a>' in old
    new = client.get("/sv/larosaten/malardalens-universitet/").content.decode()
    assert "Tidigare" in new and "Mälardalens högskola" in new


def test_page_lists_only_current_representatives_with_title(client, uppsala, only_members_sections):
    current = RepresentationFactory(
        institution=uppsala, person__institution=uppsala, person__name="Nu Varande"
    )
    RepresentationFactory(
        institution=uppsala,
        person__institution=uppsala,
        person__name="För Detta",
        ended_on=TODAY - datetime.timedelta(days=1),
    )
    RepresentationFactory(
        institution=uppsala,
        person__institution=uppsala,
        person__name="Kom Mande",
        started_on=TODAY + datetime.timedelta(days=1),
    )
    html = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    assert "Nu Varande" in html and "Vicerektor" in html
    assert "För Detta" not in html and "Kom Mande" not in html
    assert current.person.email not in html  # no consent: contact details hidden


def test_page_without_a_current_representative_has_no_representatives_section(client, seeded):
    # Every seeded institution lacks a representative today: none says so in an empty box.
    for institution in Institution.objects.all():
        html = client.get(institution.get_absolute_url()).content.decode()
        assert 'id="representatives"' not in html, institution
        assert "representant" not in html.split('<main id="main"')[1].lower(), institution
    kth = client.get("/sv/larosaten/kungliga-tekniska-hogskolan/").content.decode()
    # What there is shows instead, the facts beside it.
    assert "Möten som värd" in kth and "Projekt" in kth and "Styrgrupp" in kth
    assert "institution-layout--facts-aside" in kth


def test_anonymous_visitor_sees_contact_details_and_photo_with_consent(
    client, uppsala, only_members_sections
):
    person = PersonFactory(
        institution=uppsala, publication_consent=True, photo="people/face.png", photo_alt="Ansikte"
    )
    RepresentationFactory(person=person, institution=uppsala)
    html = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    assert f'href="mailto:{person.email}"' in html
    assert 'href="tel:+46812345678"' in html
    assert 'alt="Ansikte"' in html


def test_anonymous_visitor_sees_no_contact_details_or_photo_without_consent(
    client, uppsala, only_members_sections
):
    person = PersonFactory(
        institution=uppsala, publication_consent=False, photo="people/face.png", photo_alt="Ansikte"
    )
    RepresentationFactory(person=person, institution=uppsala)
    html = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    assert person.name in html
    assert person.email not in html
    assert person.phone not in html
    assert "Ansikte" not in html


def test_member_sees_contact_details_without_consent(client, uppsala, only_members_sections):
    person = PersonFactory(institution=uppsala, publication_consent=False)
    RepresentationFactory(person=person, institution=uppsala)
    client.force_login(UserFactory(marked_as_member=True, approved_at="2024-01-01T00:00Z"))
    html = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    assert f'href="mailto:{person.email}"' in html


def test_other_apps_sections_are_sorted_rendered_and_empty_ones_hidden(
    client, uppsala, only_members_sections, monkeypatch
):
    InstitutionFactory(name_sv="Grannhögskolan")
    monkeypatch.setattr(
        apps.get_app_config("network"),
        "institution_sections",
        "tests.members.sections.two_sections",
        raising=False,
    )
    monkeypatch.setattr(
        apps.get_app_config("meetings"),
        "institution_sections",
        "tests.members.sections.nothing",
        raising=False,
    )
    html = client.get("/sv/larosaten/uppsala-universitet/").content.decode()
    first, second = html.index("First section"), html.index("Second section")
    assert first < second
    assert html.count('<section class="institution-section"') == 2
    assert html.count("Grannhögskolan") == 2  # each section's template got its context


@pytest.mark.parametrize("representations", [1, 30])
def test_institution_page_query_count_does_not_grow(
    client, uppsala, django_assert_num_queries, only_members_sections, representations
):
    InstitutionFactory.create_batch(3, successor=uppsala, member_until=datetime.date(2020, 1, 1))
    for _ in range(representations):
        RepresentationFactory(institution=uppsala, person__institution=uppsala)
    # Footer contact, institution + successor, predecessors, representations + people.
    with django_assert_num_queries(4):
        response = client.get("/sv/larosaten/uppsala-universitet/")
    assert response.status_code == 200


def test_institution_page_with_every_apps_sections_keeps_a_constant_query_count(client):
    def queries_for(institution):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(institution.get_absolute_url()).status_code == 200
        return len(queries)

    few = InstitutionFactory()
    RepresentationFactory(institution=few, person__institution=few)
    many = InstitutionFactory()
    for _ in range(25):
        RepresentationFactory(institution=many, person__institution=many)
    InstitutionFactory.create_batch(5, successor=many, member_until=datetime.date(2020, 1, 1))
    assert queries_for(many) == queries_for(few)


def test_sitemap_lists_directory_and_institution_pages_in_both_languages(client, uppsala):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sv/larosaten/</loc>" in xml
    assert "/en/institutions/</loc>" in xml
    assert "/sv/larosaten/uppsala-universitet/</loc>" in xml
    assert "/en/institutions/uppsala-university/</loc>" in xml

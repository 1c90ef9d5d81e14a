"""The search page: what readers see, members see more, bad input never breaks it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from search.index import rebuild
from tests.factories import AgendaItemFactory, MeetingFactory


def search(client, q, language="sv", **params):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("language", "path"), [("sv", "/sv/sok/"), ("en", "/en/search/")])
def test_search_page_has_a_translated_address(db, language, path):
    with translation.override(language):
        assert reverse("search") == path


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_has_a_labelled_search_box_in_the_header(client, corpus, language):
    html = client.get(f"/{language}/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'role="search"' in header
    assert 'for="site-search-q"' in header and 'id="site-search-q"' in header
    assert 'name="q"' in header


def test_hits_are_grouped_by_kind_with_highlighted_snippets(client, corpus):
    html = search(client, "samverkan")
    meetings = html.index('id="search-group-meeting"')
    agenda = html.index('id="search-group-agenda_item"')
    documents = html.index('id="search-group-document"')
    assert meetings < agenda < documents
    assert "<mark>samverkan</mark>" in html
    assert "<mark>samverkansarenor</mark>" in html
    assert "4 träffar för ”samverkan”" in html


def test_english_readers_search_english_texts(client, corpus):
    html = search(client, "collaborating", language="en")
    assert "The spring gathering" in html
    assert "Vårens möte" not in html
    assert 'href="/en/meetings/' in html


def test_anonymous_readers_never_see_members_only_titles_or_snippets(client, corpus):
    html = search(client, "budgeten")
    assert "Protokoll" not in html
    assert "0 träffar" in html
    html = search(client, "hemlig")
    assert "greta.hemlig" not in html and "Garbostrom" not in html


def test_logged_in_non_members_do_not_see_members_only_material(
    client, corpus, approved_non_member
):
    client.force_login(approved_non_member)
    assert "Protokoll" not in search(client, "budgeten")


def test_members_find_members_only_documents_and_directory_details(client, corpus, member):
    client.force_login(member)
    html = search(client, "budgeten")
    assert "Protokoll från styrgruppens möte om <mark>budgeten</mark>" in html
    assert "Endast för medlemmar" in html
    html = search(client, "hemlig")
    assert "<mark>hemlig</mark>" in html, html[html.find("search-group") :][:1500]


def test_no_hits_suggests_near_words_and_archive_filters(client, corpus):
    html = search(client, "samvrkan")
    assert "Inget hittades för ”samvrkan”" in html
    assert 'href="/sv/sok/?q=samverkan"' in html
    assert 'href="/sv/moten/"' in html


def test_suggestions_never_reveal_members_only_words(client, corpus):
    html = search(client, "budgetn")
    assert "budgeten" not in html.replace("budgetn", "")


def test_empty_query_asks_for_words(client, corpus):
    assert "Skriv ett eller flera ord att söka efter" in search(client, "")
    assert "Skriv ett eller flera ord att söka efter" in search(client, "   ")


def test_a_very_long_query_is_refused_with_a_clear_message(client, corpus):
    html = search(client, "samverkan " * 200)
    assert "Din sökning är för lång: använd högst 200 tecken" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("q", ['"', "*", "-", "'", ":", "()", "^", "\"*-'"])
def test_syntax_characters_alone_get_a_clear_answer(client, corpus, q):
    assert "Din sökning innehåller inga bokstäver eller siffror" in search(client, q)


@pytest.mark.parametrize(
    "q",
    [
        "NEAR",
        "OR",
        "samverkan OR möte",
        "samverkan -möte",
        'samverkan" OR "x',
        "möt*",
        "x'; DROP TABLE klossnet_searchdocument; --",
        "NEAR(samverkan möte)",
        "samverkan:*",
    ],
)
def test_query_syntax_is_searched_as_words(client, corpus, q):
    html = search(client, q)
    assert "träff" in html  # a count, never an error


def test_syntax_characters_around_words_do_not_change_the_hits(client, corpus):
    assert "4 träffar" in search(client, '"samverkan"*')


def test_only_common_words_are_explained(client, corpus):
    assert "bara mycket vanliga ord" in search(client, "och att det")


def test_kind_filter_and_paging(client, corpus):
    meeting = corpus["meeting"]
    for number in range(25):
        AgendaItemFactory(meeting=meeting, title=f"Samverkan i praktiken, del {number}")
    rebuild()
    html = search(client, "samverkan", kind="agenda_item")
    assert 'id="search-group-meeting"' not in html
    assert "Sida 1 av 2" in html
    second = search(client, "samverkan", kind="agenda_item", page=2)
    assert "Sida 2 av 2" in second
    assert second.count('class="search-result"') == 26 - 20


def test_an_unknown_kind_means_every_kind(client, corpus):
    assert 'id="search-group-meeting"' in search(client, "samverkan", kind="nonsense")


def _add_meetings(count: int) -> None:
    for number in range(count):
        meeting = MeetingFactory(summary=f"Samverkan nummer {number}")
        AgendaItemFactory(meeting=meeting, title=f"Samverkan på agendan {number}")
    rebuild()


@pytest.mark.parametrize("q", ["samverkan", "samvrkan"])
def test_query_count_does_not_grow_with_the_content(
    client, corpus, member, django_assert_num_queries, q
):
    client.force_login(member)
    search(client, q)  # warm up: session and membership
    _add_meetings(2)
    with CaptureQueriesContext(connection) as small:
        search(client, q)
    _add_meetings(40)
    with django_assert_num_queries(len(small)):
        search(client, q)

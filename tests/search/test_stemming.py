"""What a query finds: the same answers on SQLite (FTS5 + Snowball) and PostgreSQL.

Run this module with DATABASE_URL pointing at PostgreSQL to check the other backend.
A query word matches every word whose stem starts with the query word's stem, so
inflected forms are found and so are compounds by their first part ("samverkan" finds
"samverkansarenor"); a compound's later parts are not words of their own ("möte" does not
find "nätverksmötet").
"""

import pytest

from search import query

MEETING = "Nätverksmötet i Karlstad"
SPRING = "Vårens möte"
AGENDA = "Meritvärdering av samverkan"
VISIT = "Besök på innovationsparken"
MINUTES = "Protokoll från styrgruppens möte om budgeten"
PRESENTATION = "Presentation om samverkansstrategi"
INSTITUTION = "Lärosätet vid sjön"
PERSON = "Greta Garbostrom"


def titles(q: str, language: str, *, members: bool = False) -> set[str]:
    parsed = query.parse(q, language)
    return {d.title for d in query.search(parsed, language=language, include_members=members)}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # möten → möt: "möte" (the meetings' texts) and "mötet" (the study visit).
        ("möten", {MEETING, SPRING, VISIT}),
        ("möte", {MEETING, SPRING, VISIT}),
        ("mötet", {VISIT}),
        # samverkan finds the compounds samverkansarenor and samverkansstrategi.
        ("samverkan", {MEETING, SPRING, AGENDA, PRESENTATION}),
        ("samverkansarenor", {SPRING}),
        # lärosäten → lärosät: "lärosätet" in a name, a description and a person's role.
        ("lärosäten", {MEETING, INSTITUTION, VISIT, PERSON}),
        ("LÄROSÄTET", {INSTITUTION, VISIT, PERSON}),
        ("darja vinnova", {AGENDA}),
        ("samverkan karlstad", {MEETING, AGENDA, PRESENTATION}),
        # The meetings' kind, and the meeting's title in its parts' texts.
        ("nätverksmöte", {MEETING, SPRING, AGENDA, VISIT, PRESENTATION}),
    ],
)
def test_swedish_finds_inflected_forms_and_compounds_by_their_first_part(corpus, q, expected):
    assert titles(q, "sv") == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # The meetings' kind ("network meeting") and the meeting named in its parts' texts.
        (
            "meetings",
            {
                "The network meeting in Karlstad",
                "The spring gathering",
                "Merit in collaboration",
                "Visit to the innovation park",
                "Presentation on collaboration strategy",
            },
        ),
        (
            "collaborating",
            {
                "The network meeting in Karlstad",
                "The spring gathering",
                "Merit in collaboration",
                "Presentation on collaboration strategy",
            },
        ),
        (
            "universities",
            {
                "The network meeting in Karlstad",
                "The lakeside university",
                "Visit to the innovation park",
                PERSON,
            },
        ),
        # English is unaccented: no need to type the ö of a Swedish name.
        ("linkoping", {"The spring gathering"}),
        ("Linköping", {"The spring gathering"}),
    ],
)
def test_english_finds_inflected_forms(corpus, q, expected):
    assert titles(q, "en") == expected


def test_swedish_keeps_its_letters(corpus):
    # å, ä and ö are letters of their own in Swedish, not accents: "mote" is another word.
    assert titles("mote", "sv") == set()


def test_unpublished_meetings_are_never_found(corpus):
    assert titles("kometer", "sv", members=True) == set()
    assert titles("comets", "en", members=True) == set()


def test_members_only_documents_are_found_only_with_members_access(corpus):
    assert titles("budgeten", "sv") == set()
    assert titles("budgeten", "sv", members=True) == {MINUTES}


def test_contact_details_without_consent_are_found_only_in_the_members_directory(corpus):
    assert titles("hemlig", "sv") == set()
    assert titles("hemlig", "sv", members=True) == {PERSON}


@pytest.mark.parametrize(
    "q", ['"', "*", "-", "'", "NEAR", "OR", "a OR b", 'x" OR "y', "möt*", "NEAR(a b)", "\\"]
)
def test_query_syntax_characters_are_only_separators(corpus, q):
    parsed = query.parse(q, "sv")
    assert all(word.isalnum() for word in parsed.words)
    if parsed:
        list(query.search(parsed, language="sv", include_members=True))


def test_stop_words_alone_are_reported(corpus):
    parsed = query.parse("och att", "sv")
    assert not parsed
    assert parsed.only_stopwords


def test_ranking_puts_title_hits_first_within_a_kind(corpus):
    parsed = query.parse("möte", "sv")
    meetings = [
        d.title for d in query.search(parsed, language="sv", include_members=False, kind="meeting")
    ]
    assert meetings[0] == SPRING  # "möte" in the title weighs more than in the text

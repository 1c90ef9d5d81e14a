"""The record's page, the meeting page's "since last time" and record sections, the theme
page's questions, the sitemap, and their query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from records.models import CarriedQuestion, Record, RecordSection, Visibility
from tests.factories import (
    AgendaItemFactory,
    CarriedQuestionFactory,
    MeetingFactory,
    RecordFactory,
    RecordSectionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def _url(name, meeting, language="sv"):
    with translation.override(language):
        return reverse(name, kwargs={"slug": meeting.slug})


def test_the_public_sees_the_public_parts_of_a_final_record(client, record):
    html = client.get(_url("records:record_detail", record.meeting)).content.decode()
    assert "Dagen handlade om samverkansarenor." in html
    assert "Samverkan i praktiken" in html
    assert "Ledningens stöd avgör." in html
    assert "Hemlig överenskommelse" not in html
    assert "Delar av dokumentationen är bara för medlemmar." in html


def test_members_see_the_members_only_parts(member_client, record):
    html = member_client.get(_url("records:record_detail", record.meeting)).content.decode()
    assert "Hemlig överenskommelse om budgeten." in html


def test_the_other_languages_address_redirects_to_this_ones(client, record):
    with translation.override("en"):
        swedish_slug_in_english = reverse(
            "records:record_detail", kwargs={"slug": record.meeting.slug_sv}
        )
    response = client.get(swedish_slug_in_english)
    assert response.status_code == 301
    assert response["Location"] == _url("records:record_detail", record.meeting, "en")


def test_the_english_page_shows_the_english_text(client, record):
    html = client.get(_url("records:record_detail", record.meeting, "en")).content.decode()
    assert "Leadership support decides." in html
    assert 'lang="en"' in html


@pytest.mark.parametrize("state", [Record.State.DRAFT, Record.State.REVIEW])
def test_a_record_that_is_not_final_is_not_shown(client, member, record, state):
    Record.objects.filter(pk=record.pk).update(state=state)
    url = _url("records:record_detail", record.meeting)
    assert client.get(url).status_code == 404
    assert "Dagen handlade om" not in client.get(record.meeting.get_absolute_url()).content.decode()
    client.force_login(member)
    assert client.get(url).status_code == 404
    assert "Dagen handlade om" not in client.get(record.meeting.get_absolute_url()).content.decode()


def test_a_quote_names_the_person_only_with_consent(client, record):
    quote = record.sections.get(kind=RecordSection.Kind.QUOTE)
    url = _url("records:record_detail", record.meeting)
    assert "Ada Lund, Mittuniversitetet" in client.get(url).content.decode()
    RecordSection.objects.filter(pk=quote.pk).update(person_name="", name_consent=False)
    html = client.get(url).content.decode()
    assert "Ada Lund" not in html and "– Mittuniversitetet" in html


def test_the_meeting_page_shows_the_record_and_links_to_it_and_its_pdfs(client, record):
    html = client.get(record.meeting.get_absolute_url()).content.decode()
    assert 'id="record"' in html and "Dagen handlade om samverkansarenor." in html
    assert _url("records:record_detail", record.meeting) in html
    assert _url("records:record_pdf", record.meeting, "sv") in html
    assert _url("records:record_pdf", record.meeting, "en") in html


def test_the_next_meeting_opens_with_since_last_time(client, record):
    later = MeetingFactory(date=record.meeting.date + datetime.timedelta(days=180))
    AgendaItemFactory(meeting=later)
    question = CarriedQuestionFactory(raised_at=record.meeting, text_sv="Hur mäter vi samverkan?")
    html = client.get(later.get_absolute_url()).content.decode()
    since = html.index('id="since-last-time"')
    assert since < html.index('id="agenda"')
    assert "Ledningens stöd avgör." in html[since:]
    assert "Hur mäter vi samverkan?" in html[since:]
    assert f'id="question-{question.pk}"' in html


def test_since_last_time_uses_only_the_previous_meeting_and_visible_insights(client, record):
    members_only = RecordSectionFactory(
        record=record, text_sv="Intern insikt.", visibility=Visibility.MEMBERS
    )
    between = MeetingFactory(date=record.meeting.date + datetime.timedelta(days=90))
    later = MeetingFactory(date=record.meeting.date + datetime.timedelta(days=180))
    next_html = client.get(between.get_absolute_url()).content.decode()
    assert "Ledningens stöd avgör." in next_html
    assert members_only.text_sv not in next_html
    # The meeting after next has no record before it: no insights of an older meeting.
    assert "Ledningens stöd avgör." not in client.get(later.get_absolute_url()).content.decode()


def test_an_open_question_shows_on_every_later_meeting_until_it_is_taken_up(client, meeting):
    question = CarriedQuestionFactory(raised_at=meeting, text_sv="Vem äger frågan?")
    second = MeetingFactory(date=meeting.date + datetime.timedelta(days=100))
    third = MeetingFactory(date=meeting.date + datetime.timedelta(days=200))
    fourth = MeetingFactory(date=meeting.date + datetime.timedelta(days=300))
    for later in (second, third, fourth):
        assert "Vem äger frågan?" in client.get(later.get_absolute_url()).content.decode()
    question.status = CarriedQuestion.Status.TAKEN_UP
    question.resolved_at = third
    question.full_clean()
    question.save()
    assert "Vem äger frågan?" in client.get(second.get_absolute_url()).content.decode()
    third_html = client.get(third.get_absolute_url()).content.decode()
    assert "Vem äger frågan?" in third_html and "Togs upp på det här mötet." in third_html
    assert "Vem äger frågan?" not in client.get(fourth.get_absolute_url()).content.decode()
    # Not on the meeting that raised it as an open one from before, but as its own.
    first_html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="since-last-time"' not in first_html
    assert "Frågor som förs vidare från det här mötet" in first_html
    assert "finns inget mer om det här mötet" not in first_html


def test_members_only_questions_are_shown_to_members_only(client, member, meeting):
    CarriedQuestionFactory(raised_at=meeting, text_sv="Intern fråga?", visibility="members")
    later = MeetingFactory(date=meeting.date + datetime.timedelta(days=100))
    assert "Intern fråga?" not in client.get(later.get_absolute_url()).content.decode()
    client.force_login(member)
    assert "Intern fråga?" in client.get(later.get_absolute_url()).content.decode()


def test_the_theme_page_lists_open_and_answered_questions(client, meeting):
    theme = ThemeFactory()
    later = MeetingFactory(date=meeting.date + datetime.timedelta(days=100))
    open_question = CarriedQuestionFactory(raised_at=meeting, text_sv="Öppen fråga?")
    answered = CarriedQuestionFactory(
        raised_at=meeting,
        text_sv="Besvarad fråga?",
        status=CarriedQuestion.Status.TAKEN_UP,
        resolved_at=later,
        note="Besvarades av SUHF.",
    )
    open_question.themes.add(theme)
    answered.themes.add(theme)
    html = client.get(theme.get_absolute_url()).content.decode()
    section = html[html.index('id="carried-questions"') :]
    open_part, answered_part = section.split("<h3>Besvarade</h3>")
    assert "Öppen fråga?" in open_part and "Besvarad fråga?" not in open_part
    assert "Besvarad fråga?" in answered_part and "Besvarades av SUHF." in answered_part


def test_the_sitemap_lists_final_records_with_public_parts_in_both_languages(client, record):
    hidden = RecordFactory(state=Record.State.FINAL)
    RecordSectionFactory(record=hidden, visibility=Visibility.MEMBERS)
    draft = RecordFactory(state=Record.State.DRAFT)
    RecordSectionFactory(record=draft)
    xml = client.get("/sitemap.xml").content.decode()
    for language in ("sv", "en"):
        assert _url("records:record_detail", record.meeting, language) in xml
        assert _url("records:record_detail", hidden.meeting, language) not in xml
        assert _url("records:record_detail", draft.meeting, language) not in xml
    assert 'hreflang="en"' in xml


def _archive(times: int):
    """``times`` meetings in a row, each with a final record of every kind of part and an
    open question, the last one to be shown."""
    meetings = []
    for number in range(times):
        meeting = MeetingFactory(
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=30 * number)
        )
        record = RecordFactory(meeting=meeting)
        for _n in range(3):
            RecordSectionFactory(record=record, kind=RecordSection.Kind.INSIGHT)
            RecordSectionFactory(record=record, kind=RecordSection.Kind.SUMMARY)
            RecordSectionFactory(
                record=record, kind=RecordSection.Kind.DECISION, visibility=Visibility.MEMBERS
            )
        CarriedQuestionFactory(raised_at=meeting).themes.add(*ThemeFactory.create_batch(1))
        meetings.append(meeting)
    return meetings


@pytest.mark.parametrize(
    "page",
    [
        lambda meeting: meeting.get_absolute_url(),
        lambda meeting: _url("records:record_detail", meeting),
    ],
    ids=["meeting", "record"],
)
@pytest.mark.parametrize("as_member", [False, True], ids=["public", "member"])
def test_record_pages_have_constant_query_counts(client, member, page, as_member):
    if as_member:
        client.force_login(member)
    counts = []
    # Twice the data at 20 times: each shown meeting has one before it.
    for times in (2, 40):
        shown = _archive(times)[-1]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(shown)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_theme_page_has_constant_query_counts(client):
    counts = []
    theme = ThemeFactory()
    for times in (1, 20):
        for meeting in _archive(times):
            for question in meeting.carried_questions.all():
                question.themes.add(theme)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(theme.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

"""The start page shows the latest final record's public key insights."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import Record, RecordSection, Visibility
from tests.factories import MeetingFactory, RecordFactory, RecordSectionFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_shows_the_latest_records_public_insights(client, seeded, record):
    older = RecordFactory(
        meeting=MeetingFactory(date=record.meeting.date - datetime.timedelta(days=200))
    )
    RecordSectionFactory(record=older, text_sv="En gammal insikt.")
    RecordSectionFactory(record=record, text_sv="Intern insikt.", visibility=Visibility.MEMBERS)
    html = client.get("/sv/").content.decode()
    section = html[html.index('id="latest-record"') :]
    assert "Ledningens stöd avgör." in section and record.get_absolute_url() in section
    assert "Intern insikt." not in html and "En gammal insikt." not in html


def test_a_record_not_final_or_without_public_insights_is_not_on_the_start_page(
    client, seeded, record
):
    Record.objects.filter(pk=record.pk).update(state=Record.State.REVIEW)
    assert 'id="latest-record"' not in client.get("/sv/").content.decode()
    Record.objects.filter(pk=record.pk).update(state=Record.State.FINAL)
    RecordSection.objects.filter(kind="insight").update(visibility=Visibility.MEMBERS)
    assert 'id="latest-record"' not in client.get("/en/").content.decode()


def test_the_start_page_queries_do_not_grow_with_the_records(client, seeded):
    counts = []
    for times in (1, 20):
        for number in range(times):
            record = RecordFactory(
                meeting=MeetingFactory(
                    date=datetime.date(2016, 1, 1) + datetime.timedelta(days=number)
                )
            )
            RecordSectionFactory.create_batch(3, record=record)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sv/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

"""Review in the members' area: those who attended read a record in review and send
corrections or additions; nobody else sees it, and a final record takes none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from records.models import Record, RecordComment
from tests.factories import RecordSectionFactory, UserFactory
from tests.records.conftest import attend

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(record):
    Record.objects.filter(pk=record.pk).update(state=Record.State.REVIEW)
    record.refresh_from_db()
    return record


def _url(record):
    with translation.override("sv"):
        return reverse("records_area:record_review", kwargs={"pk": record.pk})


def test_an_attendee_reads_every_part_and_sends_a_correction(client, member, in_review):
    attend(member, in_review.meeting)
    client.force_login(member)
    start = client.get(reverse("members_area:start")).content.decode()
    assert _url(in_review) in start and "Dokumentation att granska" in start
    page = client.get(_url(in_review))
    html = page.content.decode()
    assert "Hemlig överenskommelse om budgeten." in html  # members-only parts too
    assert "private" in page["Cache-Control"]
    section = in_review.sections.get(kind="decision")
    response = client.post(
        _url(in_review),
        {"kind": "correction", "section": str(section.pk), "text": "Beloppet var 2 miljoner."},
        follow=True,
    )
    assert "Tack. Koordinatorn godkänner eller avvisar din synpunkt." in response.content.decode()
    comment = RecordComment.objects.get()
    assert (comment.author, comment.section, comment.status) == (member, section, "pending")
    assert "Beloppet var 2 miljoner." in response.content.decode()  # "What you have sent"


@pytest.mark.parametrize("attendance", [None, "excused", "absent", ""])
def test_a_member_who_did_not_attend_cannot_see_the_record_in_review(
    client, member, in_review, attendance
):
    if attendance is not None:  # registered and confirmed, but did not come
        attend(member, in_review.meeting, attendance=attendance)
    client.force_login(member)
    assert client.get(_url(in_review)).status_code == 404
    assert _url(in_review) not in client.get(reverse("members_area:start")).content.decode()


def test_a_non_member_is_refused_and_a_visitor_sent_to_log_in(client, in_review):
    response = client.get(_url(in_review))
    assert response.status_code == 302 and "/konto/" in response["Location"]
    outsider = UserFactory()
    attend(outsider, in_review.meeting)
    client.force_login(outsider)
    assert client.get(_url(in_review)).status_code == 403


@pytest.mark.parametrize("state", [Record.State.DRAFT, Record.State.FINAL])
def test_a_record_not_in_review_takes_no_comments(client, member, record, state):
    Record.objects.filter(pk=record.pk).update(state=state)
    attend(member, record.meeting)
    client.force_login(member)
    response = client.post(_url(record), {"kind": "addition", "text": "Sent."})
    assert response.status_code == 404
    assert not RecordComment.objects.exists()


def test_a_comment_may_only_concern_a_part_of_its_own_record(client, member, in_review):
    other = RecordSectionFactory()
    attend(member, in_review.meeting)
    client.force_login(member)
    response = client.post(
        _url(in_review), {"kind": "correction", "section": str(other.pk), "text": "Fel."}
    )
    assert response.status_code == 200
    assert not RecordComment.objects.exists()


def test_the_review_page_has_constant_query_counts(client, member, in_review):
    attend(member, in_review.meeting)
    client.force_login(member)
    counts = []
    for extra in (0, 95):
        for _n in range(extra):
            RecordSectionFactory(record=in_review)
            RecordComment.objects.create(record=in_review, author=member, text="Mer.")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(in_review)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

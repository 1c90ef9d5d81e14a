"""The e-mails around a record's review: sent to review, those who attended are asked to
read it, each in their language with the link to it in the members' area; made final,
those who commented hear which of their comments were accepted."""

import pytest
from django.core import mail
from django.urls import reverse

from core.mail_kinds import mail_kind
from core.mail_preferences import mail_switch
from meetings.registration.models import Entry, Registration
from records.models import Record, RecordComment
from tests.admin_forms import browser_form_data
from tests.factories import UserFactory
from tests.records.conftest import attend

pytestmark = pytest.mark.django_db


def _save(client, record, **changes):
    url = reverse("admin:records_record_change", args=[record.pk])
    data = browser_form_data(client.get(url).content.decode(), form_id="record_form")
    data["_save"] = ["Spara"]
    data.update({key: [value] for key, value in changes.items()})
    response = client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()
    return response.content.decode()


def _attendee(meeting, *, language="sv", attendance=Entry.Attendance.ATTENDED, **user):
    member = UserFactory(marked_as_member=True, **user)
    attend(member, meeting, attendance=attendance)
    Registration.objects.filter(person__user=member).update(language=language)
    return member


@pytest.fixture
def draft(record):
    Record.objects.filter(pk=record.pk).update(state=Record.State.DRAFT)
    record.refresh_from_db()
    return record


def test_sending_to_review_asks_each_attendee_in_their_language(coordinator_client, draft):
    meeting = draft.meeting
    swede = _attendee(meeting, language="sv")
    english = _attendee(meeting, language="en")
    _attendee(meeting, attendance=Entry.Attendance.EXCUSED)
    _attendee(meeting, attendance=Entry.Attendance.ABSENT)
    html = _save(coordinator_client, draft, state="review")
    assert "2 medlemmar fick besked per e-post." in html
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {swede.email, english.email}
    sv, en = by_address[swede.email], by_address[english.email]
    assert sv.subject == "Granska dokumentationen: Vårmötet"
    assert "som du deltog i, är klar att granska" in sv.body
    assert f"/sv/medlemmar/dokumentation/{draft.pk}/" in sv.body
    assert en.subject == "Please review the record: Spring"
    assert f"/en/members/records/{draft.pk}/" in en.body
    # Members may switch these off: the message carries the one-click unsubscribe.
    assert "List-Unsubscribe" in sv.extra_headers
    assert not mail_kind("records/review").transactional


def test_an_attendee_who_switched_reviews_off_is_not_asked(coordinator_client, draft):
    quiet = _attendee(draft.meeting)
    mail_switch(recipient=quiet, kind="records/review", on=False)
    html = _save(coordinator_client, draft, state="review")
    assert mail.outbox == []
    assert "1 mottagare fick inte det här e-postmeddelandet" in html


def test_saving_a_record_again_in_review_sends_nothing(coordinator_client, draft):
    _attendee(draft.meeting)
    _save(coordinator_client, draft, state="review")
    assert len(mail.outbox) == 1
    _save(coordinator_client, draft)
    assert len(mail.outbox) == 1


def test_finalising_tells_each_commenter_what_was_decided(coordinator_client, draft):
    Record.objects.filter(pk=draft.pk).update(state=Record.State.REVIEW)
    swede = _attendee(draft.meeting, language="sv")
    english = _attendee(draft.meeting, language="en")
    section = draft.sections.get(kind="decision")
    RecordComment.objects.create(
        record=draft, author=swede, section=section, text="Beloppet var 2 miljoner."
    )
    RecordComment.objects.create(
        record=draft, author=swede, kind="addition", text="Lägg till Umeå."
    )
    RecordComment.objects.create(record=draft, author=english, text="It was 2019.")
    _attendee(draft.meeting, language="sv")  # attended, did not comment
    html = _save(
        coordinator_client,
        draft,
        state="final",
        **{
            "comments-0-status": "accepted",
            "comments-1-status": "rejected",
            "comments-1-coordinator_note": "Umeå var inte med.",
            "comments-2-status": "accepted",
        },
    )
    assert "2 medlemmar fick besked per e-post." in html
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {swede.email, english.email}
    sv, en = by_address[swede.email], by_address[english.email]
    assert sv.subject == "Dina synpunkter på dokumentationen: Vårmötet"
    accepted, rejected = sv.body.split("Godkänt:")[1].split("Inte godkänt:")
    assert "Rättelse (överenskommelse eller beslut): Beloppet var 2 miljoner." in accepted
    assert "Tillägg: Lägg till Umeå." in rejected
    assert "Koordinatorns kommentar: Umeå var inte med." in rejected
    assert "/sv/moten/" in sv.body and "/dokumentation/" in sv.body
    assert en.subject == "Your comments on the record: Spring"
    assert "Accepted:" in en.body and "It was 2019." in en.body
    assert "Not accepted:" not in en.body
    # The answer to what a member sent always goes, as a receipt does.
    assert "List-Unsubscribe" not in sv.extra_headers
    assert mail_kind("records/comment_decided").transactional

"""The coordinator's side: writing a record, sending it to review, deciding the comments,
finalising it, and the lock on a final record (changes only through a recorded revision)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from reversion.models import Version

from members.groups import coordinator_group_ensure
from records.models import CarriedQuestion, Record, RecordComment, RecordSection
from tests.admin_forms import browser_form_data
from tests.factories import MeetingFactory, RecordFactory, RecordSectionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _change_url(record):
    return reverse("admin:records_record_change", args=[record.pk])


def _form(client, url) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    data = browser_form_data(page.content.decode(), form_id="record_form")
    data["_save"] = ["Spara"]
    return data


def _post(client, url, data):
    response = client.post(url, data)
    return response, response.content.decode()


def test_the_coordinator_writes_a_record_and_sends_it_to_review(coordinator_client):
    meeting = MeetingFactory()
    data = _form(coordinator_client, reverse("admin:records_record_add"))
    data.update(
        {
            "meeting": [str(meeting.pk)],
            "state": ["review"],
            "sections-TOTAL_FORMS": ["1"],
            "sections-0-kind": ["summary"],
            "sections-0-order": ["0"],
            "sections-0-visibility": ["members"],
            "sections-0-text_sv": ["En bra dag."],
            "sections-0-text_en": ["A good day."],
        }
    )
    response, html = _post(coordinator_client, reverse("admin:records_record_add"), data)
    assert response.status_code == 302, html
    record = Record.objects.get(meeting=meeting)
    assert record.state == Record.State.REVIEW
    assert record.sections.get().text_en == "A good day."


def test_a_new_record_cannot_start_final(coordinator_client):
    meeting = MeetingFactory()
    data = _form(coordinator_client, reverse("admin:records_record_add"))
    data.update({"meeting": [str(meeting.pk)], "state": ["final"]})
    response, html = _post(coordinator_client, reverse("admin:records_record_add"), data)
    assert response.status_code == 200
    assert "En ny dokumentation börjar som utkast eller under granskning." in html


def test_a_final_record_is_locked_without_a_reason_for_the_revision(coordinator_client):
    record = RecordFactory(state=Record.State.FINAL)
    section = RecordSectionFactory(record=record, text_sv="Gammal text.")
    url = _change_url(record)
    data = _form(coordinator_client, url)
    data["sections-0-text_sv"] = ["Ny text."]
    response, html = _post(coordinator_client, url, data)
    assert response.status_code == 200
    assert "Dokumentationen är slutgiltig och låst." in html
    section.refresh_from_db()
    assert section.text_sv == "Gammal text."


def test_a_final_record_cannot_go_back_to_review(coordinator_client):
    record = RecordFactory(state=Record.State.FINAL)
    url = _change_url(record)
    data = _form(coordinator_client, url)
    data.update({"state": ["review"], "revision_reason": ["Fel."]})
    response, html = _post(coordinator_client, url, data)
    assert response.status_code == 200
    assert "en slutgiltig dokumentation förblir slutgiltig" in html
    record.refresh_from_db()
    assert record.state == Record.State.FINAL


def test_a_revision_with_a_reason_is_saved_and_recorded_in_the_history(coordinator_client):
    record = RecordFactory(state=Record.State.FINAL)
    section = RecordSectionFactory(record=record, text_sv="Gammal text.")
    url = _change_url(record)
    data = _form(coordinator_client, url)
    data.update({"sections-0-text_sv": ["Rättad text."], "revision_reason": ["Fel årtal."]})
    response, html = _post(coordinator_client, url, data)
    assert response.status_code == 302, html
    section.refresh_from_db()
    record.refresh_from_db()
    assert section.text_sv == "Rättad text." and record.revision == 1
    version = Version.objects.get_for_object(record).first()
    assert version.revision.comment == "Revision 1: Fel årtal."


def test_a_final_record_posted_back_unchanged_saves_without_a_reason(coordinator_client):
    record = RecordFactory(state=Record.State.FINAL)
    RecordSectionFactory(record=record)
    url = _change_url(record)
    response, html = _post(coordinator_client, url, _form(coordinator_client, url))
    assert response.status_code == 302, html
    record.refresh_from_db()
    assert record.revision == 0


def _record_with_comment():
    record = RecordFactory(state=Record.State.REVIEW)
    section = RecordSectionFactory(record=record)
    comment = RecordComment.objects.create(
        record=record, section=section, author=UserFactory(), text="Det var 2019, inte 2018."
    )
    return record, comment


def test_finalising_waits_until_every_comment_is_decided(coordinator_client):
    record, comment = _record_with_comment()
    url = _change_url(record)
    data = _form(coordinator_client, url)
    data["state"] = ["final"]
    response, html = _post(coordinator_client, url, data)
    assert response.status_code == 200
    assert "Godkänn eller avvisa varje synpunkt" in html
    data["comments-0-status"] = ["accepted"]
    response, html = _post(coordinator_client, url, data)
    assert response.status_code == 302, html
    record.refresh_from_db()
    comment.refresh_from_db()
    assert record.state == Record.State.FINAL and record.finalised_at is not None
    assert comment.status == RecordComment.Status.ACCEPTED and comment.decided_at is not None


def test_the_coordinator_decides_comments_but_neither_writes_nor_deletes_them(coordinator):
    coordinator_group_ensure()
    held = set(
        Permission.objects.filter(
            group__user=coordinator, content_type__app_label="records"
        ).values_list("codename", flat=True)
    )
    assert {"view_recordcomment", "change_recordcomment"} <= held
    assert not {"add_recordcomment", "delete_recordcomment"} & held
    assert {"add_record", "change_record", "add_carriedquestion"} <= held


def test_the_parts_offer_only_the_meetings_own_agenda_items(coordinator_client):
    from tests.factories import AgendaItemFactory

    record = RecordFactory(state=Record.State.DRAFT)
    own = AgendaItemFactory(meeting=record.meeting, title_sv="Egen punkt")
    other = AgendaItemFactory(title_sv="Annan punkt")
    html = coordinator_client.get(_change_url(record)).content.decode()
    assert f'value="{own.pk}"' in html and "Egen punkt" in html
    assert "Annan punkt" not in html and other.pk


def test_a_question_is_closed_with_a_note_at_a_later_meeting(coordinator_client):
    first = MeetingFactory()
    later = MeetingFactory()
    question = CarriedQuestion.objects.create(raised_at=first, text_sv="Hur?")
    url = reverse("admin:records_carriedquestion_change", args=[question.pk])
    page = coordinator_client.get(url)
    data = browser_form_data(page.content.decode(), form_id="carriedquestion_form")
    data.update({"status": ["closed"], "resolved_at": [str(later.pk)], "_save": ["Spara"]})
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Skriv varför frågan avslutas." in response.content.decode()
    data["note_sv"] = ["Inte längre aktuell."]
    assert coordinator_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.status == "closed" and question.resolved_on == later.date


def test_a_quote_names_a_person_only_with_consent():
    record = RecordFactory()
    section = RecordSection(
        record=record,
        kind=RecordSection.Kind.QUOTE,
        text_sv="Citat.",
        person_name="Ada",
        name_consent=False,
    )
    with pytest.raises(Exception, match="samtycke|consent"):
        section.full_clean()

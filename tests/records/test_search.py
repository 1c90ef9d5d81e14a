"""The record's text in the site search: each part of a final record, members-only parts
and questions only for members, nothing of a record that is not final."""

import pytest
from django.urls import reverse
from django.utils import translation

from records.models import Record
from search.index import rebuild
from tests.factories import CarriedQuestionFactory

pytestmark = pytest.mark.django_db


def _search(client, q, language="sv"):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_public_parts_are_found_by_everyone_and_members_only_parts_by_members(
    client, member, record
):
    rebuild()
    assert "#part-" in _search(client, "samverkansarenor")
    assert "stöd avgör" in _search(client, "ledningens")
    assert "Hemlig överenskommelse" not in _search(client, "budgeten")
    client.force_login(member)
    assert "Hemlig överenskommelse" in _search(client, "budgeten")


def test_the_english_text_is_found_in_english(client, record):
    rebuild()
    assert "support decides" in _search(client, "leadership", "en")


def test_a_record_that_is_not_final_is_not_found(client, member, record):
    Record.objects.filter(pk=record.pk).update(state=Record.State.REVIEW)
    rebuild()
    client.force_login(member)
    assert "Dagen handlade" not in _search(client, "samverkansarenor")


def test_a_saved_part_is_indexed_when_the_record_becomes_final(
    client, record, django_capture_on_commit_callbacks
):
    Record.objects.filter(pk=record.pk).update(state=Record.State.DRAFT)
    rebuild()
    assert "Dagen handlade" not in _search(client, "samverkansarenor")
    record.state = Record.State.FINAL
    with django_capture_on_commit_callbacks(execute=True):
        record.save()
    assert "Dagen handlade" in _search(client, "samverkansarenor")


def test_questions_are_found_by_those_who_may_see_them(client, member, meeting):
    CarriedQuestionFactory(raised_at=meeting, text_sv="Hur finansieras innovationskontoren?")
    CarriedQuestionFactory(
        raised_at=meeting, text_sv="Vem leder hållbarhetsrådet?", visibility="members"
    )
    rebuild()
    assert "Hur finansieras" in _search(client, "innovationskontoren")
    assert "Vem leder" not in _search(client, "hållbarhetsrådet")
    client.force_login(member)
    assert "Vem leder" in _search(client, "hållbarhetsrådet")

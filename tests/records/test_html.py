"""The record's pages are valid HTML (Nu Html Checker) in both languages: the record, the
meeting page with its record and "since last time", the theme page with its questions and
the review page in the members' area."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from records.models import Record
from tests.factories import CarriedQuestionFactory, MeetingFactory, ThemeFactory
from tests.records.conftest import attend

# The checker reads the markup (README: Tests and CI).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


def test_the_record_pages_are_valid_html(vnu, client, member, record, tmp_path):
    theme = ThemeFactory()
    later = MeetingFactory(date=record.meeting.date + datetime.timedelta(days=120))
    CarriedQuestionFactory(raised_at=record.meeting).themes.add(theme)
    CarriedQuestionFactory(
        raised_at=record.meeting, status="taken_up", resolved_at=later, note_sv="Klart."
    ).themes.add(theme)
    in_review = Record.objects.create(meeting=MeetingFactory(), state=Record.State.REVIEW)
    attend(member, in_review.meeting)
    client.force_login(member)
    files = {}
    for language in ("sv", "en"):
        with translation.override(language):
            paths = [
                record.get_absolute_url(),
                record.meeting.get_absolute_url(),
                later.get_absolute_url(),
                theme.get_absolute_url(),
                reverse("records_area:record_review", kwargs={"pk": in_review.pk}),
                reverse("members_area:start"),
            ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            file = tmp_path / f"{len(files):02d}.html"
            file.write_bytes(response.content)
            files[str(file)] = path
    assert vnu(files) == ""

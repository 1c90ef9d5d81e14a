"""History in the coordinator's words: a change message names the fields by the labels the
coordinator reads in the form, in their language, never internal names ("edit_token",
"Summary [sv]"); a save that changed nothing logs nothing; the delete page names the rows
that link a meeting to its themes by what they link."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from meetings.models import Meeting
from tests.admin_forms import change_form_data
from tests.factories import MeetingFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _change_url(meeting) -> str:
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def _save(client, meeting, **changes):
    data = change_form_data(client.get(_change_url(meeting)))
    data.update(changes)
    response = client.post(_change_url(meeting), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_a_change_message_names_the_fields_by_their_swedish_labels(coordinator_client):
    meeting = MeetingFactory(summary_sv="Förr.")
    _save(coordinator_client, meeting, summary_sv="Nu.", city_sv="Luleå")
    entry = LogEntry.objects.get(object_id=str(meeting.pk))
    message = entry.get_change_message()
    assert "Sammanfattning [sv]" in message and "Ort [sv]" in message, message
    assert "edit_token" not in message and "Summary" not in message


def test_a_history_page_shows_the_swedish_message(coordinator_client):
    meeting = MeetingFactory()
    _save(coordinator_client, meeting, summary_sv="Nu.")
    html = coordinator_client.get(
        reverse("admin:meetings_meeting_history", args=[meeting.pk])
    ).content.decode()
    assert "Sammanfattning [sv]" in html
    assert "edit_token" not in html


def test_a_save_that_changes_nothing_logs_nothing(coordinator_client):
    meeting = MeetingFactory()
    _save(coordinator_client, meeting, summary_sv="Första.")
    entries, versions = LogEntry.objects.count(), Version.objects.get_for_object(meeting).count()
    _save(coordinator_client, meeting)
    assert LogEntry.objects.count() == entries
    assert Version.objects.get_for_object(meeting).count() == versions


def test_the_delete_page_names_a_meetings_theme_links_by_their_titles(coordinator_client):
    meeting = MeetingFactory(title_sv="KLOSSnet-möte i Falun")
    meeting.themes.add(ThemeFactory(name_sv="Samverkan och forskning"))
    html = coordinator_client.get(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    ).content.decode()
    assert "Meeting_themes object" not in html
    link = Meeting.themes.through.objects.get()
    assert str(link) == f"{meeting} – Samverkan och forskning"
    assert str(link) in html

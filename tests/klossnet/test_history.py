"""Version history in the admin: recorded on save, compared field by field, restored with
the inline rows, and purged of a person who is erased."""

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import translation
from reversion.models import Revision, Version

from meetings.models import AgendaItem, Meeting
from members.services import person_erase
from tests.admin_forms import change_form_data
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    RepresentationFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

MEETINGS = "/admin/meetings/meeting/"


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def edit_meeting(client, meeting, **changes):
    """Open the change form, change some fields and save, as the coordinator does."""
    data = change_form_data(client.get(f"{MEETINGS}{meeting.pk}/change/"))
    data.update(changes)
    response = client.post(f"{MEETINGS}{meeting.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_load_klossnet_gives_every_object_a_first_version(seeded):
    meeting = Meeting.objects.first()
    versions = Version.objects.get_for_object(meeting)
    assert versions.count() == 1
    assert "Första versionen" in versions.get().revision.comment


def test_saving_in_the_admin_records_who_and_what(admin_client, admin_user):
    meeting = MeetingFactory(title="Möte i Luleå")
    edit_meeting(admin_client, meeting, title_sv="Nätverksmöte i Luleå")

    version = Version.objects.get_for_object(meeting).get()
    assert version.revision.user == admin_user
    assert version.field_dict["title_sv"] == "Nätverksmöte i Luleå"


def test_history_page_lists_versions_in_swedish_and_compares_two(admin_client):
    meeting = MeetingFactory(title="Möte i Luleå")
    edit_meeting(admin_client, meeting, title_sv="Nätverksmöte i Luleå")
    edit_meeting(admin_client, meeting, title_sv="Nätverksmöte i Luleå tekniska universitet")

    history = admin_client.get(f"{MEETINGS}{meeting.pk}/history/")
    html = history.content.decode()
    assert history.status_code == 200
    assert "Jämför de valda versionerna" in html
    older, newer = Version.objects.get_for_object(meeting).order_by("pk")

    compare = admin_client.get(
        f"{MEETINGS}{meeting.pk}/history/compare/",
        {"version_id1": older.pk, "version_id2": newer.pk},
    )
    html = compare.content.decode()
    assert compare.status_code == 200
    assert "Återställ den äldre versionen" in html
    assert "<ins>" in html and "tekniska universitet" in html
    assert "style=" not in html.split("<body")[1]  # nothing the CSP would block


def test_restoring_a_version_brings_back_the_agenda_and_study_visits(admin_client):
    meeting = MeetingFactory()
    keynote = AgendaItemFactory(meeting=meeting, title="Inledning")
    StudyVisitFactory(meeting=meeting, name="Besök på Vattenfall")
    edit_meeting(admin_client, meeting, summary_sv="Första versionen.")
    before = Version.objects.get_for_object(meeting).get()

    keynote.delete()
    meeting.study_visits.all().delete()
    AgendaItemFactory(meeting=meeting, title="Tillagd efteråt")
    edit_meeting(admin_client, meeting, title_sv="Ändrad titel")

    url = f"{MEETINGS}{meeting.pk}/history/{before.pk}/"
    preview = admin_client.get(url)
    assert preview.status_code == 200
    data = change_form_data(preview)
    response = admin_client.post(url, data)
    assert response.status_code == 302

    meeting.refresh_from_db()
    assert meeting.title_sv != "Ändrad titel"
    assert list(meeting.agenda_items.values_list("title_sv", flat=True)) == ["Inledning"]
    assert list(meeting.study_visits.values_list("name_sv", flat=True)) == ["Besök på Vattenfall"]
    assert not AgendaItem.objects.filter(title_sv="Tillagd efteråt").exists()


def test_history_needs_staff(client):
    meeting = MeetingFactory()
    response = client.get(f"{MEETINGS}{meeting.pk}/history/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_erasing_a_person_purges_them_from_the_history(admin_user):
    representation = RepresentationFactory()
    person = representation.person
    institution = representation.institution
    other = PersonFactory(name="Någon Annan")
    with reversion.create_revision():
        reversion.set_comment(f"Lade till representant “{person.name}”.")
        person.save()
        representation.save()
        institution.save()
    with reversion.create_revision():
        other.save()
    # An earlier representation, deleted since, still lives in the institution's history.
    with reversion.create_revision():
        gone = RepresentationFactory(person=person, institution=other.institution)
        other.institution.save()
    gone.delete()
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=[person],
        action_flag=CHANGE,
        change_message="Ändrade e-post.",
        single_object=True,
    )

    person_erase(person=person)

    stored = " ".join(Version.objects.values_list("serialized_data", flat=True))
    assert person.name not in stored
    assert f'"person": {person.pk}' not in stored
    assert Version.objects.get_for_object(other).exists()  # others keep their history
    assert Version.objects.get_for_object(institution).exists()  # the institution stays
    comments = " ".join(Revision.objects.values_list("comment", flat=True))
    assert person.name not in comments
    assert not LogEntry.objects.filter(object_repr__contains=person.name).exists()

"""“Copy as next meeting” as the coordinator uses it: the copy gets its own title in the
admin and its address follows; the old agenda's speakers stay with the old meeting."""

import datetime

import pytest

from meetings.models import AgendaItem, Meeting
from meetings.services import meeting_duplicate
from tests.admin_forms import change_form_data
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"


@pytest.fixture
def falun():
    meeting = MeetingFactory(
        date=datetime.date(2019, 11, 6),
        title_sv="KLOSSnet-möte i Falun",
        title_en="KLOSSnet meeting in Falun",
        slug_sv="2019-11-06-falun",
        slug_en="2019-11-06-falun",
        is_published=True,
    )
    AgendaItem.objects.create(
        meeting=meeting,
        title_sv="Samverkan och forskning",
        title_en="Collaboration and research",
        speakers_sv="Darja Isaksson, generaldirektör, Vinnova",
        speakers_en="Darja Isaksson, Director General, Vinnova",
    )
    return meeting


def _copy(coordinator_client, meeting) -> Meeting:
    coordinator_client.post(
        CHANGELIST, {"action": "duplicate_as_next_meeting", "_selected_action": [meeting.pk]}
    )
    return Meeting.objects.exclude(pk=meeting.pk).get()


def _save(coordinator_client, meeting, **changes):
    url = f"{CHANGELIST}{meeting.pk}/change/"
    data = change_form_data(coordinator_client.get(url))
    data.update(changes)
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    return meeting


def test_the_copy_gets_the_address_of_the_title_the_coordinator_gives_it(coordinator_client, falun):
    copy = _copy(coordinator_client, falun)
    copy = _save(
        coordinator_client,
        copy,
        title_sv="KLOSSnet-möte i Luleå",
        title_en="KLOSSnet meeting in Luleå",
        date="2020-05-14",
    )
    assert copy.slug_sv == "2020-05-14-klossnet-mote-i-lulea"
    assert copy.slug_en == "2020-05-14-klossnet-meeting-in-lulea"
    assert copy.get_absolute_url().endswith("/2020-05-14-klossnet-mote-i-lulea/")


def test_an_address_the_coordinator_typed_is_kept(coordinator_client, falun):
    copy = _copy(coordinator_client, falun)
    copy = _save(
        coordinator_client, copy, title_sv="KLOSSnet-möte i Luleå", slug_sv="2020-05-06-lulea"
    )
    assert copy.slug_sv == "2020-05-06-lulea"


def test_a_published_meeting_keeps_its_address_when_its_title_changes(coordinator_client, falun):
    falun = _save(coordinator_client, falun, title_sv="KLOSSnet-möte i Falun och Borlänge")
    assert falun.slug_sv == "2019-11-06-falun"


def test_a_copy_never_published_keeps_following_its_title(coordinator_client, falun):
    copy = _copy(coordinator_client, falun)
    copy = _save(coordinator_client, copy, title_sv="KLOSSnet-möte i Luleå")
    copy = _save(coordinator_client, copy, title_sv="KLOSSnet-möte i Kiruna")
    assert copy.slug_sv == "2020-05-06-klossnet-mote-i-kiruna"


def test_the_copy_does_not_take_the_old_agendas_speakers(falun):
    copy = meeting_duplicate(meeting=falun)
    item = copy.agenda_items.get()
    assert item.title_sv == "Samverkan och forskning"
    assert not item.speakers_sv and not item.speakers_en
    assert item.speaker_list == []

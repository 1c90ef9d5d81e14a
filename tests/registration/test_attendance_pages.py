"""What attendance shows elsewhere: an institution's participation per year on its public
page (counts only), "My meetings" for the member themself and no one else, and the
coordinator's list of member institutions to follow up."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Document
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from tests.factories import (
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


def held_meeting(date, **extra):
    meeting = MeetingFactory(date=date, is_published=True, **extra)
    registration_setup(meeting=meeting)
    return meeting


def attend(meeting, person, attendance="attended"):
    registration, _ = Registration.objects.get_or_create(meeting=meeting, person=person)
    part = meeting.registration_parts.get(kind="meeting")
    Entry.objects.create(
        registration=registration, part=part, status="confirmed", attendance=attendance
    )
    return registration


@pytest.fixture
def history(institution, ada, grace):
    """Ada and Grace at two meetings in 2023 (both at one), Ada excused in 2024."""
    first = held_meeting(datetime.date(2023, 3, 10), title="Vårmötet 2023")
    second = held_meeting(datetime.date(2023, 10, 5), title="Höstmötet 2023")
    third = held_meeting(datetime.date(2024, 3, 8), title="Vårmötet 2024")
    attend(first, ada)
    attend(first, grace)
    attend(second, grace)
    attend(third, ada, attendance="excused")
    return first, second, third


def test_the_institution_page_counts_meetings_attended_per_year(client, institution, history):
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "Deltagande i möten" in html
    assert '<tr><th scope="row">2023</th><td>2</td></tr>' in html
    assert '<th scope="row">2024</th>' not in html  # excused is not attended
    # Counts only: no one's name.
    section = html.split("Deltagande i möten", 1)[1].split("</section>", 1)[0]
    assert "Ada Lovelace" not in section and "Grace Hopper" not in section


def test_an_unpublished_meeting_is_not_counted(client, institution, ada):
    meeting = held_meeting(datetime.date(2023, 3, 10))
    meeting.is_published = False
    meeting.save()
    attend(meeting, ada)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "Deltagande i möten" not in html


def test_an_institution_without_attendance_has_no_participation_section(
    client, other_institution, history
):
    assert (
        "Deltagande i möten"
        not in client.get(other_institution.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("scale", [1, 20])
def test_the_participation_section_has_a_constant_query_count(
    client, institution, django_assert_num_queries, scale
):
    from meetings.registration.sections import institution_sections

    for n in range(scale):
        meeting = held_meeting(datetime.date(2000 + n % 20, 1 + n % 12, 1))
        for m in range(3):
            attend(meeting, PersonFactory(institution=institution, name=f"P {n} {m}"))
    with django_assert_num_queries(1):
        sections = institution_sections(institution)
    assert sum(row["meetings"] for row in sections[0]["context"]["participation"]) == scale


def test_my_meetings_lists_the_members_own_attended_meetings_with_material(client, ada, history):
    first, second, third = history
    Document.objects.create(
        meeting=first, title="Presentation från Vårmötet", file="documents/x.pdf"
    )
    client.force_login(ada.user)
    html = client.get(reverse("members_area:start")).content.decode()
    section = html.split('id="my-meetings"', 1)[1].split("</section>", 1)[0]
    assert "Mina möten" in html
    assert "Vårmötet 2023" in section and "Presentation från Vårmötet" in section
    assert "Höstmötet 2023" not in section  # Grace's, not Ada's
    assert "Vårmötet 2024" not in section  # excused


def test_others_get_nothing_of_a_members_attendance(client, ada, alan, history):
    client.force_login(alan.user)
    html = client.get(reverse("members_area:start")).content.decode()
    section = html.split('id="my-meetings"', 1)[1].split("</section>", 1)[0]
    assert "Vårmötet 2023" not in section
    assert "Ingen närvaro har noterats för dig än." in section
    # Nor do members see the coordinator's pages or anyone's check-in.
    first = history[0]
    for address in (
        reverse("registration:attendance", kwargs={"pk": first.pk}),
        reverse("registration:attendance_follow_up"),
    ):
        assert client.get(address).status_code == 403


def test_my_meetings_in_english(client, ada, history):
    client.force_login(ada.user)
    with translation.override("en"):
        address = reverse("members_area:start")
    html = client.get(address).content.decode()
    assert "My meetings" in html and "Only you and the coordinator see this." in html


@pytest.mark.parametrize("scale", [1, 20])
def test_my_meetings_has_a_constant_query_count(client, ada, django_assert_num_queries, scale):
    from meetings.registration.sections import members_area_sections

    for n in range(scale):
        meeting = held_meeting(datetime.date(2000 + n % 20, 1 + n % 12, 1 + n // 240))
        Document.objects.create(meeting=meeting, title=f"Dokument {n}", file=f"documents/{n}.pdf")
        attend(meeting, ada)

    class Request:
        user = ada.user

    with django_assert_num_queries(2):
        sections = members_area_sections(Request())
    assert len(sections[0]["context"]["my_meetings"]) == scale


def test_the_follow_up_lists_members_absent_from_the_last_two_meetings(
    coordinator_client, institution, other_institution, alan, history
):
    first, second, third = history
    quiet = InstitutionFactory(name="Tysta högskolan", member_since=datetime.date(2010, 1, 1))
    RepresentationFactory(
        institution=quiet,
        person__name="Tyra Tyst",
        person__email="tyra@tyst.se",
        person__institution=quiet,
    )
    former = InstitutionFactory(
        name="Före detta",
        member_since=datetime.date(2000, 1, 1),
        member_until=datetime.date(2010, 1, 1),
    )
    attend(second, alan)  # Alan's institution attended the second latest
    response = coordinator_client.get(reverse("registration:attendance_follow_up"))
    html = response.content.decode()
    assert response.status_code == 200
    # The latest two: the third (only excused) and the second (Grace, Alan).
    assert "Vårmötet 2024" in html and "Höstmötet 2023" in html
    listed = response.context["institutions"]
    assert quiet in listed and "tyra@tyst.se" in html
    assert institution not in listed  # Grace attended the second
    assert other_institution not in listed
    assert former not in listed


def test_the_follow_up_shows_when_an_institution_last_attended(
    coordinator_client, institution, history
):
    first, second, third = history
    later = held_meeting(datetime.date(2024, 10, 1))
    Registration.objects.filter(meeting=second).delete()
    response = coordinator_client.get(reverse("registration:attendance_follow_up"))
    assert later  # the latest two are now 2024's: no one from the institution attended
    row = next(i for i in response.context["institutions"] if i.pk == institution.pk)
    assert row.last_attended == first.date


def test_a_meeting_still_to_come_is_not_among_the_last_two(
    coordinator_client, institution, history
):
    held_meeting(timezone.localdate() + datetime.timedelta(days=10))
    response = coordinator_client.get(reverse("registration:attendance_follow_up"))
    assert [m.title for m in response.context["meetings"]] == ["Vårmötet 2024", "Höstmötet 2023"]


@pytest.mark.parametrize("scale", [1, 20])
def test_the_follow_up_has_a_constant_query_count(
    coordinator_client, django_assert_num_queries, history, scale
):
    for _n in range(scale):
        member = InstitutionFactory(member_since=datetime.date(2010, 1, 1))
        RepresentationFactory(institution=member, person__institution=member)
    address = reverse("registration:attendance_follow_up")
    coordinator_client.get(address)
    # session, user, permissions (2), the two meetings, institutions, representatives, footer
    with django_assert_num_queries(8):
        response = coordinator_client.get(address)
    assert len(response.context["institutions"]) >= scale


def test_the_registration_list_filters_by_attendance(coordinator_client, ada, grace, history):
    address = reverse("admin:registration_registration_changelist")
    response = coordinator_client.get(
        address, {"attendance": "yes", "meeting__id__exact": history[2].pk}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    response = coordinator_client.get(
        address, {"attendance": "no", "meeting__id__exact": history[2].pk}
    )
    assert [r.person for r in response.context["cl"].result_list] == [ada]
    page = coordinator_client.get(address).content.decode()
    assert reverse("registration:attendance_index") in page


def test_a_person_who_moved_counts_for_the_institution_they_came_from(
    client, institution, other_institution, grace
):
    attend(held_meeting(datetime.date(2023, 3, 10)), grace)
    grace.institution = other_institution  # Grace moves on after the meeting
    grace.save()
    then = client.get(institution.get_absolute_url()).content.decode()
    assert '<tr><th scope="row">2023</th><td>1</td></tr>' in then
    now = client.get(other_institution.get_absolute_url()).content.decode()
    assert "Deltagande i möten" not in now

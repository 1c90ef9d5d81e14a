"""The coordinator's attendance pages: who may use them, marking by tap, finding a person,
adding someone at the door, the badges' check-in link, and constant query counts."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from meetings.registration.badges import check_in_token
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from members.models import Person
from tests.factories import MeetingFactory, PersonFactory, UserFactory

from .conftest import make_member

pytestmark = pytest.mark.django_db


def registered(meeting, person, *parts, status=Entry.Status.CONFIRMED) -> Registration:
    registration = Registration.objects.create(meeting=meeting, person=person)
    for part in parts:
        Entry.objects.create(registration=registration, part=part, status=status)
    return registration


def page_urls(meeting, registration, language="sv"):
    with translation.override(language):
        return [
            reverse("registration:attendance_index"),
            reverse("registration:attendance", kwargs={"pk": meeting.pk}),
            reverse("registration:attendance_badges", kwargs={"pk": meeting.pk}),
            reverse(
                "registration:check_in",
                kwargs={"token": check_in_token(registration=registration)},
            ),
        ]


@pytest.fixture
def registration(meeting, parts, ada):
    return registered(meeting, ada, parts["dinner"], parts["meeting"])


def test_the_pages_have_translated_addresses(meeting, registration):
    swedish, english = page_urls(meeting, registration), page_urls(meeting, registration, "en")
    assert swedish[1] == f"/sv/medlemmar/narvaro/{meeting.pk}/"
    assert english[1] == f"/en/members/attendance/{meeting.pk}/"
    assert swedish[3].startswith("/sv/medlemmar/incheckning/")


def test_anonymous_visitors_are_sent_to_log_in(client, meeting, registration):
    for address in page_urls(meeting, registration):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("account_login"))
    door = reverse("registration:attendance_door", kwargs={"pk": meeting.pk})
    assert client.post(door, {"name": "X"}).status_code == 302
    assert not Registration.objects.filter(person__name="X").exists()


def test_members_and_staff_without_the_right_are_refused(client, meeting, parts, registration):
    alan = make_member(registration.person.institution, "Alan Turing", "alan@test.se")
    staff = UserFactory(is_staff=True)
    for user in (alan.user, staff):
        client.force_login(user)
        for address in page_urls(meeting, registration):
            assert client.get(address).status_code == 403, address
        entry = registration.entries.get(part=parts["meeting"])
        response = client.post(
            page_urls(meeting, registration)[1], {"mark": f"{entry.pk}:attended"}
        )
        assert response.status_code == 403
        response = client.post(page_urls(meeting, registration)[3], {"part": parts["meeting"].pk})
        assert response.status_code == 403
    assert not Entry.objects.exclude(attendance="").exists()


def test_the_page_lists_the_part_with_a_button_per_choice(
    coordinator_client, meeting, parts, registration, grace
):
    registered(meeting, grace, parts["dinner"], status=Entry.Status.WAITLISTED)
    response = coordinator_client.get(
        reverse("registration:attendance", kwargs={"pk": meeting.pk}), {"part": parts["dinner"].pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") or "private" in response["Cache-Control"]
    ada_row = re.search(
        r'<li id="entry-\d+"[^>]*>(?:(?!</li>).)*Ada Lovelace.*?</li>', html, re.S
    ).group()
    assert ada_row.count('name="mark"') == 3
    assert 'Närvarade<span class="visually-hidden"> – Ada Lovelace' in ada_row
    grace_row = re.search(
        r'<li id="entry-\d+"[^>]*>(?:(?!</li>).)*Grace Hopper.*?</li>', html, re.S
    ).group()
    assert "reservlista" in grace_row
    assert grace_row.count('name="mark"') == 1  # only "attended" for the waiting list


# How Swedish writes a month short: lowercase, and never "Mar" or "Okt" (Django's "M").
SWEDISH_MONTHS = ["jan", "feb", "mars", "april", "maj", "juni"]
SWEDISH_MONTHS += ["juli", "aug", "sep", "okt", "nov", "dec"]
CAPITALISED_MONTH = re.compile(r"\d (Jan|Feb|Mar|Apr|Maj|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")


def test_the_parts_times_write_the_month_as_swedish_does(
    coordinator_client, meeting, parts, registration
):
    html = coordinator_client.get(page_urls(meeting, registration)[1]).content.decode()
    start = timezone.localtime(parts["meeting"].start)
    assert f"{start.day} {SWEDISH_MONTHS[start.month - 1]} {start:%H:%M}" in html
    assert not CAPITALISED_MONTH.search(html)


def test_a_tap_marks_and_comes_back_to_the_row(
    coordinator_client, coordinator, meeting, parts, registration
):
    entry = registration.entries.get(part=parts["meeting"])
    address = reverse("registration:attendance", kwargs={"pk": meeting.pk})
    response = coordinator_client.post(address, {"mark": f"{entry.pk}:attended", "q": "ada"})
    assert response.status_code == 302
    assert response["Location"] == f"{address}?part={parts['meeting'].pk}&q=ada#entry-{entry.pk}"
    entry.refresh_from_db()
    assert (entry.attendance, entry.attendance_marked_by) == ("attended", coordinator)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert 'aria-pressed="true"' in page
    assert "Ada Lovelace, Mötet: närvarade." in page or "Ada Lovelace" in page
    coordinator_client.post(address, {"mark": f"{entry.pk}:absent"})
    entry.refresh_from_db()
    assert entry.attendance == "absent"
    coordinator_client.post(address, {"mark": f"{entry.pk}:"})
    entry.refresh_from_db()
    assert (entry.attendance, entry.attendance_marked_by) == ("", None)


def test_an_entry_of_another_meeting_is_not_found(coordinator_client, meeting, parts, registration):
    other = MeetingFactory()
    registration_setup(meeting=other)
    address = reverse("registration:attendance", kwargs={"pk": other.pk})
    entry = registration.entries.first()
    assert coordinator_client.post(address, {"mark": f"{entry.pk}:attended"}).status_code == 404
    assert coordinator_client.post(address, {"mark": "x:attended"}).status_code == 404


def test_an_unknown_choice_is_refused_with_a_message(
    coordinator_client, meeting, parts, registration
):
    entry = registration.entries.get(part=parts["meeting"])
    address = reverse("registration:attendance", kwargs={"pk": meeting.pk})
    response = coordinator_client.post(address, {"mark": f"{entry.pk}:maybe"}, follow=True)
    assert "Okänd närvaro." in response.content.decode()
    entry.refresh_from_db()
    assert entry.attendance == ""


def test_search_finds_by_name_or_institution_whatever_the_case(
    coordinator_client, meeting, parts, ada, other_institution
):
    registered(meeting, ada, parts["meeting"])
    registered(
        meeting, PersonFactory(name="Örjan Öberg", institution=other_institution), parts["meeting"]
    )
    address = reverse("registration:attendance", kwargs={"pk": meeting.pk})
    found = coordinator_client.get(
        address, {"part": parts["meeting"].pk, "q": "öRJ"}
    ).content.decode()
    assert "Örjan Öberg" in found and "Ada Lovelace" not in found
    found = coordinator_client.get(
        address, {"part": parts["meeting"].pk, "q": "testlärosät"}
    ).content.decode()
    assert "Ada Lovelace" in found and "Örjan Öberg" not in found
    none = coordinator_client.get(
        address, {"part": parts["meeting"].pk, "q": "zzz"}
    ).content.decode()
    assert "Ingen på den här delen matchar" in none


def test_someone_is_added_at_the_door(coordinator_client, meeting, parts, institution):
    address = reverse("registration:attendance_door", kwargs={"pk": meeting.pk})
    response = coordinator_client.post(
        address,
        {
            "name": "Katherine Johnson",
            "institution": institution.pk,
            "email": "kj@test.se",
            "part": parts["meeting"].pk,
        },
    )
    registration = Registration.objects.get(person__name="Katherine Johnson")
    entry = registration.entries.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#entry-{entry.pk}")
    assert registration.added_at_door and entry.attended
    # The same person again, by e-mail: no second person, no second registration.
    coordinator_client.post(
        address, {"name": "K. Johnson", "email": "KJ@test.se", "part": parts["dinner"].pk}
    )
    assert Person.objects.filter(email__iexact="kj@test.se").count() == 1
    assert registration.entries.get(part=parts["dinner"]).attended


def test_a_door_form_without_a_name_answers_400_with_the_error(coordinator_client, meeting, parts):
    address = reverse("registration:attendance_door", kwargs={"pk": meeting.pk})
    response = coordinator_client.post(address, {"name": "", "part": parts["meeting"].pk})
    assert response.status_code == 400
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_check_in_link_shows_then_marks_the_current_part(
    coordinator_client, meeting, parts, registration
):
    address = page_urls(meeting, registration)[3]
    page = coordinator_client.get(address)
    assert page.status_code == 200
    assert "Ada Lovelace" in page.content.decode()
    assert not registration.entries.exclude(attendance="").exists()  # scanning changes nothing
    current = page.context["part"]
    response = coordinator_client.post(address, {"part": current.pk})
    assert response.status_code == 302
    entry = registration.entries.get(part=current)
    assert entry.attended
    assert "Incheckad för" in coordinator_client.get(address).content.decode()


def test_a_check_in_link_not_signed_by_the_portal_is_not_found(coordinator_client, registration):
    token = check_in_token(registration=registration)
    forged = f"{registration.pk + 1}:{token.split(':')[1]}"
    for bad in (forged, "1", "abc:def"):
        with translation.override("sv"):
            address = reverse("registration:check_in", kwargs={"token": bad})
        assert coordinator_client.get(address).status_code == 404


def test_the_token_is_salted_for_check_in_only(registration):
    assert signing.Signer().sign(str(registration.pk)) != check_in_token(registration=registration)


def test_the_badges_carry_the_check_in_qr_code(coordinator_client, meeting, registration):
    response = coordinator_client.get(
        reverse("registration:attendance_badges", kwargs={"pk": meeting.pk})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg role="img"') == 1
    assert "<title>QR-kod: incheckning för Ada Lovelace</title>" in html


def test_the_admin_badges_carry_the_check_in_qr_code(coordinator_client, registration):
    response = coordinator_client.post(
        reverse("admin:registration_registration_changelist"),
        {"action": "name_badges", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 200
    assert '<svg role="img"' in response.content.decode()


def _populate(meeting, parts, count, institution):
    for n in range(count):
        person = PersonFactory(name=f"Deltagare {n}", institution=institution)
        registration = registered(meeting, person, parts["meeting"], parts["dinner"])
        if n % 2:
            entry = registration.entries.get(part=parts["meeting"])
            Entry.objects.filter(pk=entry.pk).update(attendance="attended")


@pytest.mark.parametrize("scale", [1, 20])
def test_attendance_page_query_count_is_constant(
    coordinator_client, django_assert_num_queries, meeting, parts, institution, scale
):
    _populate(meeting, parts, 5 * scale, institution)
    address = reverse("registration:attendance", kwargs={"pk": meeting.pk})
    coordinator_client.get(address)
    # session, user, the user's and the group's permissions, meeting, parts, the part's
    # entries with people, footer contact, the door form's institutions and parts (twice)
    with django_assert_num_queries(11):
        response = coordinator_client.get(address, {"part": parts["meeting"].pk})
    assert response.status_code == 200
    assert response.content.decode().count('id="entry-') == 5 * scale


@pytest.mark.parametrize("scale", [1, 20])
def test_badges_query_count_is_constant(
    coordinator_client, django_assert_num_queries, meeting, parts, institution, scale
):
    _populate(meeting, parts, 5 * scale, institution)
    address = reverse("registration:attendance_badges", kwargs={"pk": meeting.pk})
    coordinator_client.get(address)
    # session, user, permissions (2), meeting, registrations, their entries and parts,
    # footer contact (context processor)
    with django_assert_num_queries(8):
        response = coordinator_client.get(address)
    assert response.content.decode().count('<svg role="img"') == 5 * scale


def test_the_start_page_offers_the_meetings_and_the_follow_up(coordinator_client, meeting):
    response = coordinator_client.get(reverse("registration:attendance_index"))
    html = response.content.decode()
    assert "<title>Närvaro – KLOSSnet</title>" in html
    assert reverse("registration:attendance", kwargs={"pk": meeting.pk}) in html
    assert html.count(reverse("registration:attendance_follow_up")) == 1

"""The members' registration pages: access, registering, errors that keep the input,
changing, cancelling, who is coming, and constant query counts."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_create, registration_setup
from tests.factories import InstitutionFactory, MeetingFactory, UserFactory

from .conftest import make_member

pytestmark = pytest.mark.django_db


def url(name, meeting, language="sv", **kwargs):
    with translation.override(language):
        slug = meeting.slug_en if language == "en" else meeting.slug_sv
        return reverse(f"registration:{name}", kwargs={"slug": slug, **kwargs})


def form_data(meeting_parts, **extra):
    data = {
        "study_visit": meeting_parts["visit1"].pk,
        "parts": [meeting_parts["dinner"].pk, meeting_parts["meeting"].pk],
        "language": "sv",
        "listing_consent": "on",
        "diet": "Vegetarisk, ingen koriander",
        "accessibility": "",
    }
    data.update(extra)
    return data


def register(user, meeting, person, parts, **extra):
    values = {"language": "sv", "listing_consent": True}
    values.update(extra)
    return registration_create(user=user, meeting=meeting, person=person, parts=parts, **values)


def all_urls(meeting, registration):
    return [
        reverse("registration:index"),
        url("meeting", meeting),
        url("edit", meeting, pk=registration.pk),
        url("cancel", meeting, pk=registration.pk),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, meeting, parts, ada):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    for address in all_urls(meeting, registration):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_logged_in_non_members_are_refused(client, meeting, parts, ada):
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    client.force_login(UserFactory(username="outsider@example.org"))
    for address in all_urls(meeting, registration):
        assert client.get(address).status_code == 403
    assert client.post(url("meeting", meeting), form_data(parts)).status_code == 403
    assert Registration.objects.count() == 1


def test_member_registers_on_the_page_and_gets_an_email(
    client, django_capture_on_commit_callbacks, meeting, parts, ada
):
    client.force_login(ada.user)
    page = client.get(url("meeting", meeting))
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting", meeting), form_data(parts), follow=True)
    assert response.redirect_chain[-1][0] == url("meeting", meeting)
    registration = Registration.objects.get()
    assert registration.person == ada and registration.diet == "Vegetarisk, ingen koriander"
    assert registration.entries.count() == 3
    html = response.content.decode()
    assert "Ada Lovelace är anmäld" in html
    assert "plats bekräftad" in html
    assert mail.outbox[-1].to == ["ada@test.se"]
    assert "http://testserver/sv/medlemmar/anmalan/" in mail.outbox[-1].body


def test_member_registers_a_colleague_in_english(client, meeting, parts, ada, grace):
    client.force_login(ada.user)
    response = client.post(
        url("meeting", meeting, "en"), form_data(parts, person=grace.pk, language="en")
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person == grace and registration.is_substitute
    assert registration.language == "en"


def test_colleague_from_another_institution_is_refused_and_the_input_kept(
    client, meeting, parts, ada, alan
):
    client.force_login(ada.user)
    response = client.post(url("meeting", meeting), form_data(parts, person=alan.pk))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Välj dig själv eller en kollega i listan." in html
    assert "Vegetarisk, ingen koriander" in html
    assert not Registration.objects.exists()


def test_a_part_of_another_meeting_is_refused_with_a_clear_error(client, meeting, parts, ada):
    other = MeetingFactory(date=meeting.date + datetime.timedelta(days=90))
    registration_setup(meeting=other)
    foreign = other.registration_parts.get()
    client.force_login(ada.user)
    response = client.post(url("meeting", meeting), form_data(parts, parts=[foreign.pk]))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Det är inte en del av det här mötet." in html
    assert "Vegetarisk, ingen koriander" in html
    assert not Registration.objects.exists()


def test_a_second_registration_of_the_same_person_is_refused(client, meeting, parts, ada):
    register(ada.user, meeting, ada, [parts["meeting"]])
    client.force_login(ada.user)
    response = client.post(url("meeting", meeting), form_data(parts, diet="Glutenfri"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ada Lovelace är redan anmäld till det här mötet" in html
    assert "Glutenfri" in html
    assert Registration.objects.count() == 1


def test_two_study_visits_are_refused(client, meeting, parts, ada):
    client.force_login(ada.user)
    data = form_data(parts, parts=[parts["visit2"].pk, parts["meeting"].pk])
    response = client.post(url("meeting", meeting), data)
    assert response.status_code == 400
    assert "Studiebesöken pågår samtidigt" in response.content.decode()


def test_after_the_deadline_the_page_says_why_and_offers_no_form(client, meeting, parts, ada):
    window = meeting.registration_window
    window.closes_at = timezone.now() - datetime.timedelta(hours=1)
    window.save()
    client.force_login(ada.user)
    response = client.get(url("meeting", meeting))
    html = response.content.decode()
    assert "Anmälan stängde" in html
    assert 'class="registration-form"' not in html
    response = client.post(url("meeting", meeting), form_data(parts), follow=True)
    assert "Anmälan stängde" in response.content.decode()
    assert not Registration.objects.exists()


def test_member_whose_login_is_not_linked_sees_why_they_cannot_register(client, meeting, parts):
    user = UserFactory(username="staff@example.org", is_staff=True)
    client.force_login(user)
    response = client.get(url("meeting", meeting))
    assert response.status_code == 200
    assert "inte kopplad till en person" in response.content.decode()


def test_full_part_shows_the_waiting_list_position(client, meeting, parts, ada, grace):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    register(ada.user, meeting, grace, [parts["dinner"]])
    client.force_login(ada.user)
    response = client.post(
        url("meeting", meeting), form_data(parts, parts=[parts["dinner"].pk]), follow=True
    )
    html = response.content.decode()
    assert "reservlista, nummer 1" in html
    assert "vissa delar är fulla" in html.lower()


def test_change_keeps_the_place_and_saves_the_details(client, meeting, parts, ada):
    registration = register(ada.user, meeting, ada, [parts["visit1"], parts["meeting"]])
    client.force_login(ada.user)
    page = client.get(url("edit", meeting, pk=registration.pk))
    assert page.status_code == 200
    data = form_data(parts, parts=[parts["meeting"].pk], diet="Laktosfri", language="en")
    data.pop("listing_consent")
    response = client.post(url("edit", meeting, pk=registration.pk), data)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.diet == "Laktosfri" and not registration.listing_consent
    assert {e.part_id for e in registration.entries.all()} == {
        parts["visit1"].pk,
        parts["meeting"].pk,
    }


def test_cancel_frees_the_place_for_the_waiting_list(
    client, django_capture_on_commit_callbacks, meeting, parts, ada, grace
):
    parts["meeting"].capacity = 1
    parts["meeting"].save()
    mine = register(ada.user, meeting, ada, [parts["meeting"]])
    hers = register(ada.user, meeting, grace, [parts["meeting"]], language="en")
    client.force_login(ada.user)
    assert client.get(url("cancel", meeting, pk=mine.pk)).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("cancel", meeting, pk=mine.pk))
    assert response.status_code == 302
    assert Registration.objects.get(pk=mine.pk).is_cancelled
    assert hers.entries.get().status == Entry.Status.CONFIRMED
    assert mail.outbox[0].to == ["grace@test.se"]
    assert mail.outbox[0].subject.startswith("You have a place")


def test_someone_elses_registration_cannot_be_opened(client, meeting, parts, ada, institution):
    bob = make_member(institution, "Bob", "bob@test.se")
    registration = register(bob.user, meeting, bob, [parts["meeting"]])
    client.force_login(ada.user)
    assert client.get(url("edit", meeting, pk=registration.pk)).status_code == 404
    assert client.post(url("cancel", meeting, pk=registration.pk)).status_code == 404
    assert Registration.objects.active().filter(pk=registration.pk).exists()


def test_who_is_coming_lists_only_those_who_consented_but_counts_everyone(
    client, meeting, parts, ada, alan, institution
):
    register(ada.user, meeting, ada, [parts["meeting"]], listing_consent=True)
    register(alan.user, meeting, alan, [parts["meeting"]], listing_consent=False)
    client.force_login(ada.user)
    html = client.get(url("meeting", meeting)).content.decode()
    listed = html.split('id="who-is-coming"')[1]
    assert "Ada Lovelace" in listed
    assert "Alan Turing" not in html
    assert re.search(r"Annat lärosäte</th><td>1</td>", listed)
    assert re.search(r"Testlärosätet</th><td>1</td>", listed)
    assert "2 personer har en bekräftad plats" in listed


def test_the_index_lists_the_meetings_that_take_registrations(client, meeting, parts, ada):
    MeetingFactory(date=meeting.date + datetime.timedelta(days=10), title="Utan anmälan")
    client.force_login(ada.user)
    html = client.get(reverse("registration:index")).content.decode()
    assert "Nätverksmöte i Umeå" in html
    assert "Utan anmälan" not in html


def test_the_meeting_page_links_members_to_registration(client, meeting, parts, ada):
    link = url("meeting", meeting)
    assert link not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(ada.user)
    assert link in client.get(meeting.get_absolute_url()).content.decode()


def test_the_members_start_page_links_to_registration(client, ada):
    client.force_login(ada.user)
    html = client.get(reverse("members_area:start")).content.decode()
    assert reverse("registration:index") in html


def _populate(meeting, parts, count: int) -> None:
    """``count`` registrations at as many institutions, half listed, some waiting."""
    parts["dinner"].capacity = count // 2
    parts["dinner"].save()
    for n in range(count):
        institution = InstitutionFactory()
        person = make_member(institution, f"Deltagare {n}", f"p{n}-{count}@test.se")
        register(
            person.user,
            meeting,
            person,
            [parts["visit1" if n % 2 else "visit2"], parts["dinner"], parts["meeting"]],
            listing_consent=bool(n % 2),
        )


@pytest.mark.parametrize("scale", [1, 20])
def test_registration_page_query_count_is_constant(
    client, django_assert_num_queries, meeting, parts, ada, grace, scale
):
    _populate(meeting, parts, 2 * scale)
    register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]])
    register(ada.user, meeting, ada, [parts["dinner"]])
    client.force_login(ada.user)
    client.get(url("meeting", meeting))
    # session, user, membership, meeting, own person, parts, own registrations and their
    # entries, attendees, footer contact, colleagues for the form (read twice)
    with django_assert_num_queries(12):
        response = client.get(url("meeting", meeting))
    assert response.status_code == 200


@pytest.mark.parametrize("scale", [1, 20])
def test_index_query_count_is_constant(
    client, django_assert_num_queries, meeting, parts, ada, scale
):
    for n in range(scale):
        other = MeetingFactory(date=meeting.date + datetime.timedelta(days=n + 1))
        registration_setup(meeting=other)
        registration_create(
            user=ada.user,
            meeting=other,
            person=ada,
            parts=list(other.registration_parts.all()),
            language="sv",
        )
    client.force_login(ada.user)
    client.get(reverse("registration:index"))
    with django_assert_num_queries(8):
        response = client.get(reverse("registration:index"))
    assert response.status_code == 200

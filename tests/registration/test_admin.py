"""The coordinator's side: parts and counts on the meeting, the list, exports, badges, e-mail.

All as a coordinator who is not a superuser: the coordinator group must be enough for the
whole registration cycle."""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings.registration.models import Entry, Part, Registration, RegistrationWindow
from meetings.registration.services import registration_create
from tests.admin_forms import change_form_data
from tests.factories import InstitutionFactory, MeetingFactory

from .conftest import make_member

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registration/registration/"


def register(user, meeting, person, parts, **extra):
    values = {"language": "sv", "listing_consent": True}
    values.update(extra)
    return registration_create(user=user, meeting=meeting, person=person, parts=parts, **values)


def action(coordinator_client, name, registrations, **extra):
    data = {"action": name, "_selected_action": [r.pk for r in registrations], **extra}
    return coordinator_client.post(CHANGELIST, data)


@pytest.fixture
def registered(meeting, parts, ada, grace, alan):
    parts["dinner"].capacity = 2
    parts["dinner"].save()
    return [
        register(ada.user, meeting, ada, [parts["visit1"], parts["dinner"]], diet="=SUM(A1)"),
        register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]], language="en"),
        register(alan.user, meeting, alan, [parts["dinner"]], diet="Vegan", accessibility="Ramp"),
    ]


def test_meeting_page_shows_parts_with_counts(coordinator_client, meeting, registered):
    response = coordinator_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    parts = {
        form.instance.kind: form.instance
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Part
        for form in inline.formset.forms
        if form.instance.kind != Part.Kind.STUDY_VISIT
    }
    assert (parts["dinner"].confirmed_count, parts["dinner"].waiting_count) == (2, 1)


def test_raising_the_places_on_the_meeting_page_moves_the_waiting_list_up(
    coordinator_client, django_capture_on_commit_callbacks, meeting, parts, registered
):
    page = coordinator_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    data = change_form_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Part
    )
    index = next(
        i
        for i in range(4)
        if data.get(f"{prefix}-{i}-id") == parts["dinner"].pk
        or str(data.get(f"{prefix}-{i}-id")) == str(parts["dinner"].pk)
    )
    data[f"{prefix}-{index}-capacity"] = "3"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 302, response.context and response.context["errors"]
    alan_entry = registered[2].entries.get()
    assert alan_entry.status == Entry.Status.CONFIRMED
    assert [m.to for m in mail.outbox if "plats" in m.subject] == [["alan@annat.se"]]


def test_the_registration_period_is_set_on_the_meeting_page(coordinator_client, meeting, window):
    page = coordinator_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    data = change_form_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is RegistrationWindow
    )
    closes = (meeting.date - datetime.timedelta(days=7)).isoformat()
    data.update({f"{prefix}-0-closes_at_0": closes, f"{prefix}-0-closes_at_1": "12:00"})
    response = coordinator_client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 302, response.context and response.context["errors"]
    window.refresh_from_db()
    assert timezone.localtime(window.closes_at).isoformat()[:16] == f"{closes}T12:00"


def test_open_registration_action_creates_the_parts(coordinator_client):
    meeting = MeetingFactory(dinner_note="Middag")
    coordinator_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "open_registration", "_selected_action": [meeting.pk]},
    )
    assert sorted(meeting.registration_parts.values_list("kind", flat=True)) == [
        "dinner",
        "meeting",
    ]


def test_a_registration_is_changed_in_the_admin(coordinator_client, registered):
    url = reverse("admin:registration_registration_change", args=[registered[2].pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    data = change_form_data(page)
    data["diet"] = "Vegetarian"
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    registered[2].refresh_from_db()
    assert registered[2].diet == "Vegetarian"


def test_list_filters_by_part_and_waiting_list(coordinator_client, meeting, parts, registered):
    response = coordinator_client.get(
        CHANGELIST, {"meeting__id__exact": meeting.pk, "part": parts["visit1"].pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = coordinator_client.get(CHANGELIST, {"waiting": "yes"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("scale", [1, 20])
def test_list_query_count_is_constant(
    coordinator_client, django_assert_num_queries, meeting, parts, scale
):
    for n in range(3 * scale):
        person = make_member(InstitutionFactory(), f"P {n}", f"p{n}@x.se")
        register(person.user, meeting, person, [parts["visit1"], parts["meeting"]])
    coordinator_client.get(CHANGELIST)
    # 16 for a coordinator: two of them load their permissions (a superuser needs none).
    with django_assert_num_queries(16):
        response = coordinator_client.get(CHANGELIST)
    assert response.status_code == 200


def test_csv_export_has_everyone_with_parts_and_notes(coordinator_client, registered):
    response = action(coordinator_client, "export_csv", registered)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Möte", "Namn", "Lärosäte", "E-post", "Delar (bekräftade)"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Alan Turing"][6:8] == ["Vegan", "Ramp"]
    assert by_name["Alan Turing"][5] == "Middag"  # the waiting list
    assert by_name["Ada Lovelace"][6] == "'=SUM(A1)"  # never a formula
    assert by_name["Grace Hopper"][8] == "ja"


def test_xlsx_export_is_a_real_workbook(coordinator_client, registered):
    response = action(coordinator_client, "export_xlsx", registered)
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][1] == "Namn"
    assert {row[1] for row in rows[1:]} == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}


def test_diet_list_shows_the_dinner_guests_with_requirements(coordinator_client, registered):
    response = action(coordinator_client, "diet_list", registered)
    html = response.content.decode()
    assert "2 gäster på middagen" in html
    assert "=SUM(A1)" in html and "Alan Turing" not in html  # Alan waits for the dinner


def test_name_badges_for_everyone_with_a_confirmed_place(coordinator_client, registered):
    response = action(coordinator_client, "name_badges", registered)
    html = response.content.decode()
    assert html.count('<li class="badge-card') == 2
    assert "Ada Lovelace" in html and "Grace Hopper" in html and "Alan Turing" not in html
    assert "style=" not in html and "<style" not in html


def test_message_goes_to_each_in_their_language(coordinator_client, registered):
    form = action(coordinator_client, "send_message", registered)
    assert form.status_code == 200
    response = action(
        coordinator_client,
        "send_message",
        registered,
        subject_sv="Välkomna",
        body_sv="Hej alla",
        subject_en="Welcome",
        body_en="Hello all",
    )
    assert response.status_code == 302
    assert "3 e-postmeddelanden är på väg" in coordinator_client.get(response.url).content.decode()
    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert sent == {
        "ada@test.se": "Välkomna",
        "grace@test.se": "Welcome",
        "alan@annat.se": "Välkomna",
    }


def test_deleting_in_the_admin_moves_the_waiting_list_up(coordinator_client, registered):
    action(coordinator_client, "delete_with_waiting_list", registered[:1], confirm="yes")
    assert not Registration.objects.filter(pk=registered[0].pk).exists()
    assert registered[2].entries.get().status == Entry.Status.CONFIRMED

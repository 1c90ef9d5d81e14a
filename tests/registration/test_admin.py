"""The coordinator's side: parts and counts on the meeting, the list, exports, badges, e-mail."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from meetings.registration.models import Entry, Part, Registration
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


def action(admin_client, name, registrations, **extra):
    data = {"action": name, "_selected_action": [r.pk for r in registrations], **extra}
    return admin_client.post(CHANGELIST, data)


@pytest.fixture
def registered(meeting, parts, ada, grace, alan):
    parts["dinner"].capacity = 2
    parts["dinner"].save()
    return [
        register(ada.user, meeting, ada, [parts["visit1"], parts["dinner"]], diet="=SUM(A1)"),
        register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]], language="en"),
        register(alan.user, meeting, alan, [parts["dinner"]], diet="Vegan", accessibility="Ramp"),
    ]


def test_meeting_page_shows_parts_with_counts(admin_client, meeting, registered):
    response = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
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
    admin_client, django_capture_on_commit_callbacks, meeting, parts, registered
):
    page = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
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
        response = admin_client.post(page.request["PATH_INFO"], data)
    assert response.status_code == 302, response.context and response.context["errors"]
    alan_entry = registered[2].entries.get()
    assert alan_entry.status == Entry.Status.CONFIRMED
    assert [m.to for m in mail.outbox if "plats" in m.subject] == [["alan@annat.se"]]


def test_open_registration_action_creates_the_parts(admin_client):
    meeting = MeetingFactory(dinner_note="Middag")
    admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "open_registration", "_selected_action": [meeting.pk]},
    )
    assert sorted(meeting.registration_parts.values_list("kind", flat=True)) == [
        "dinner",
        "meeting",
    ]


def test_list_filters_by_part_and_waiting_list(admin_client, meeting, parts, registered):
    response = admin_client.get(
        CHANGELIST, {"meeting__id__exact": meeting.pk, "part": parts["visit1"].pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = admin_client.get(CHANGELIST, {"waiting": "yes"})
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("scale", [1, 20])
def test_list_query_count_is_constant(
    admin_client, django_assert_num_queries, meeting, parts, scale
):
    for n in range(3 * scale):
        person = make_member(InstitutionFactory(), f"P {n}", f"p{n}@x.se")
        register(person.user, meeting, person, [parts["visit1"], parts["meeting"]])
    admin_client.get(CHANGELIST)
    with django_assert_num_queries(14):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200


def test_csv_export_has_everyone_with_parts_and_notes(admin_client, registered):
    response = action(admin_client, "export_csv", registered)
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


def test_xlsx_export_is_a_real_workbook(admin_client, registered):
    response = action(admin_client, "export_xlsx", registered)
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][1] == "Namn"
    assert {row[1] for row in rows[1:]} == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}


def test_diet_list_shows_the_dinner_guests_with_requirements(admin_client, registered):
    response = action(admin_client, "diet_list", registered)
    html = response.content.decode()
    assert "2 gäster på middagen" in html
    assert "=SUM(A1)" in html and "Alan Turing" not in html  # Alan waits for the dinner


def test_name_badges_for_everyone_with_a_confirmed_place(admin_client, registered):
    response = action(admin_client, "name_badges", registered)
    html = response.content.decode()
    assert html.count('class="badge-card"') == 2
    assert "Ada Lovelace" in html and "Grace Hopper" in html and "Alan Turing" not in html
    assert "style=" not in html and "<style" not in html


def test_message_goes_to_each_in_their_language(admin_client, registered):
    form = action(admin_client, "send_message", registered)
    assert form.status_code == 200
    response = action(
        admin_client,
        "send_message",
        registered,
        subject_sv="Välkomna",
        body_sv="Hej alla",
        subject_en="Welcome",
        body_en="Hello all",
    )
    assert response.status_code == 302
    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert sent == {
        "ada@test.se": "Välkomna",
        "grace@test.se": "Welcome",
        "alan@annat.se": "Välkomna",
    }


def test_deleting_in_the_admin_moves_the_waiting_list_up(admin_client, registered):
    action(admin_client, "delete_with_waiting_list", registered[:1], confirm="yes")
    assert not Registration.objects.filter(pk=registered[0].pk).exists()
    assert registered[2].entries.get().status == Entry.Status.CONFIRMED

"""The coordinator's papercuts in registration: the change form's labels of one's own places,
one e-mail per person promoted by one cancellation, and the export's times in local time."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_cancel, registration_create

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/registration/registration/"


def register(user, meeting, person, parts, **extra):
    values = {"language": "sv", "listing_consent": True}
    values.update(extra)
    return registration_create(user=user, meeting=meeting, person=person, parts=parts, **values)


def test_the_change_form_labels_the_registrations_own_places_not_as_full(
    client, meeting, parts, ada, grace
):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    parts["meeting"].capacity = 1
    parts["meeting"].save()
    mine = register(ada.user, meeting, ada, [parts["dinner"]])
    register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]])
    client.force_login(ada.user)
    page = client.get(reverse("registration:edit", kwargs={"slug": meeting.slug, "pk": mine.pk}))
    labels = dict(page.context["form"].fields["parts"].choices)
    assert labels[parts["dinner"].pk].endswith("– bekräftad plats i den här anmälan")
    # A part the registration does not hold is still full for it.
    assert labels[parts["meeting"].pk].endswith("– fullt: du hamnar på reservlistan")
    theirs = Registration.objects.get(person=grace)
    page = client.get(reverse("registration:edit", kwargs={"slug": meeting.slug, "pk": theirs.pk}))
    labels = dict(page.context["form"].fields["parts"].choices)
    assert labels[parts["dinner"].pk].endswith("– på reservlistan i den här anmälan")
    assert labels[parts["meeting"].pk].endswith("– bekräftad plats i den här anmälan")


def test_one_cancellation_sends_a_promoted_member_one_e_mail_for_all_parts(
    django_capture_on_commit_callbacks, meeting, parts, ada, grace
):
    for name in ("dinner", "meeting"):
        parts[name].capacity = 1
        parts[name].save()
    mine = register(ada.user, meeting, ada, [parts["dinner"], parts["meeting"]])
    hers = register(ada.user, meeting, grace, [parts["dinner"], parts["meeting"]], language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(user=ada.user, registration=mine)
    assert len(promoted) == 2
    assert {entry.status for entry in hers.entries.all()} == {Entry.Status.CONFIRMED}
    to_grace = [message for message in mail.outbox if message.to == ["grace@test.se"]]
    assert len(to_grace) == 1
    message = to_grace[0]
    assert message.subject == "You have a place: Network meeting in Umeå"
    assert "your places at these parts of Network meeting in Umeå are now confirmed" in (
        message.body
    )
    assert "Dinner, All-day meeting" in message.body


def test_one_part_freed_still_names_it_in_the_e_mail(
    django_capture_on_commit_callbacks, meeting, parts, ada, grace
):
    parts["dinner"].capacity = 1
    parts["dinner"].save()
    mine = register(ada.user, meeting, ada, [parts["dinner"]])
    register(ada.user, meeting, grace, [parts["dinner"]])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(user=ada.user, registration=mine)
    (message,) = [m for m in mail.outbox if m.to == ["grace@test.se"]]
    assert "din plats på ”Middag” (Nätverksmöte i Umeå) är nu bekräftad" in message.body


@pytest.mark.parametrize(("time_zone", "hour"), [("Europe/Stockholm", 12), ("Europe/Helsinki", 13)])
def test_times_in_the_export_are_in_the_sites_time_zone(
    settings, coordinator_client, meeting, parts, ada, time_zone, hour
):
    settings.TIME_ZONE = time_zone
    registration = register(ada.user, meeting, ada, [parts["meeting"]])
    summer = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)
    Registration.objects.filter(pk=registration.pk).update(created_at=summer)
    response = coordinator_client.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [registration.pk]}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, next(sheet.iter_rows(2, values_only=True)), strict=True))
    expected = summer.astimezone(zoneinfo.ZoneInfo(time_zone)).replace(tzinfo=None)
    assert row["Anmäld"] == expected
    assert row["Anmäld"].hour == hour

"""The coordinator's admin pages: defaults, plans, the meeting's page, the record."""

import pytest
from django.urls import reverse

from communications.models import Audience, Communication, Delivery, Kind, MessageTemplate, Moment
from communications.services import message_templates_load, plan_make
from tests.klossnet.test_admin_roundtrip import post_back

pytestmark = pytest.mark.django_db


def test_the_coordinator_opens_every_communications_page(coordinator_client, meeting, people):
    message_templates_load()
    plan = plan_make(meeting=meeting)
    Delivery.objects.create(
        communication=plan[0],
        person=people["ada"],
        email="ada@umu.se",
        language="sv",
        status=Delivery.Status.QUEUED,
    )
    template = MessageTemplate.objects.get(kind=Kind.SAVE_THE_DATE)
    delivery = Delivery.objects.get()
    for url in [
        reverse("admin:communications_messagetemplate_changelist"),
        reverse("admin:communications_messagetemplate_change", args=[template.pk]),
        reverse("admin:communications_communication_changelist"),
        reverse("admin:communications_communication_add"),
        reverse("admin:communications_communication_change", args=[plan[0].pk]),
        reverse("admin:communications_communication_preview", args=[plan[0].pk]),
        reverse("admin:communications_delivery_changelist"),
        reverse("admin:communications_delivery_change", args=[delivery.pk]),
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
    ]:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url


def test_the_coordinator_edits_a_default_in_both_languages(coordinator_client):
    message_templates_load()
    template = MessageTemplate.objects.get(kind=Kind.FOLLOW_UP)
    url = reverse("admin:communications_messagetemplate_change", args=[template.pk])
    page = coordinator_client.get(url).content.decode()
    # The language tabs, as on every translated admin page.
    assert 'name="subject_sv"' in page and 'name="subject_en"' in page
    response = coordinator_client.post(
        url,
        {
            "kind": Kind.FOLLOW_UP,
            "audience": Audience.ATTENDEES,
            "moment": Moment.AFTER_MEETING,
            "days": 5,
            "subject_sv": "Tack, {name}!",
            "subject_en": "Thank you, {name}!",
            "body_sv": "Materialet: {materials_link}",
            "body_en": "The material: {materials_link}",
            "is_active": "on",
            "position": 50,
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.days, template.subject_en) == (5, "Thank you, {name}!")


def test_the_plan_is_on_the_meetings_page_and_the_page_still_saves(admin_client, meeting):
    plan_make(meeting=meeting)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = admin_client.get(url).content.decode()
    # Each message of the plan, with its own page; the texts live there.
    for communication in meeting.communications.all():
        preview = reverse("admin:communications_communication_preview", args=[communication.pk])
        assert f'href="{preview}"' in page
    assert "{dates}" not in page
    post_back(admin_client, url)
    assert meeting.communications.count() == 5


def test_the_coordinator_makes_plans_for_the_chosen_meetings(coordinator_client, meeting):
    response = coordinator_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "plan_make", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "5 meddelanden lades till" in response.content.decode()
    assert set(meeting.communications.values_list("kind", flat=True)) == {
        Kind.SAVE_THE_DATE,
        Kind.REGISTRATION_OPEN,
        Kind.REGISTRATION_CLOSING,
        Kind.PRACTICAL_INFORMATION,
        Kind.FOLLOW_UP,
    }


def test_the_record_is_read_only_even_for_a_superuser(admin_client, meeting, people):
    communication = plan_make(meeting=meeting)[0]
    delivery = Delivery.objects.create(
        communication=communication,
        person=people["ada"],
        email="ada@umu.se",
        language="sv",
        status=Delivery.Status.QUEUED,
    )
    url = reverse("admin:communications_delivery_change", args=[delivery.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert admin_client.post(url, {"status": "failed"}).status_code == 403
    assert admin_client.get(reverse("admin:communications_delivery_add")).status_code == 403
    assert Communication.objects.count() == 5


def test_approving_a_one_off_message_says_to_send_it(coordinator_client, people):
    communication = Communication.objects.create(
        audience=Audience.MEMBERS, moment=Moment.ON_SEND, subject="Hej", body="Hej {name}"
    )
    response = coordinator_client.post(
        reverse("admin:communications_communication_changelist"),
        {"action": "approve", "_selected_action": [communication.pk]},
        follow=True,
    )
    assert "använd ”Skicka nu”" in response.content.decode()
    communication.refresh_from_db()
    assert communication.approved_at is None

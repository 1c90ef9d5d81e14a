"""Default messages, a meeting's plan made from them, and the placeholders."""

import pytest
from django.core.exceptions import ValidationError

from communications.models import Audience, Communication, Kind, MessageTemplate, Moment
from communications.placeholders import NAMES, fill, unknown_placeholders
from communications.services import message_templates_load, plan_make

pytestmark = pytest.mark.django_db

PLAN = {
    Kind.SAVE_THE_DATE: (Audience.MEMBERS, Moment.PUBLISHED),
    Kind.REGISTRATION_OPEN: (Audience.MEMBERS, Moment.REGISTRATION_OPENS),
    Kind.REGISTRATION_CLOSING: (Audience.NOT_REGISTERED, Moment.BEFORE_CLOSING),
    Kind.PRACTICAL_INFORMATION: (Audience.REGISTERED, Moment.BEFORE_MEETING),
    Kind.FOLLOW_UP: (Audience.ATTENDEES, Moment.AFTER_MEETING),
}


def test_the_defaults_hold_every_kind_of_the_cycle_in_swedish_and_english():
    message_templates_load()
    templates = {template.kind: template for template in MessageTemplate.objects.all()}
    assert {kind: (t.audience, t.moment) for kind, t in templates.items()} == PLAN
    for template in templates.values():
        assert template.subject_sv and template.body_sv and template.subject_en
        assert template.body_sv != template.body_en
        assert unknown_placeholders(template.subject_sv + template.body_sv) == []
        assert unknown_placeholders(template.subject_en + template.body_en) == []
        template.full_clean()
    assert "Hej {name}!" in templates[Kind.SAVE_THE_DATE].body_sv
    assert "Dear {name}," in templates[Kind.SAVE_THE_DATE].body_en


def test_loading_again_keeps_the_coordinators_edits():
    message_templates_load()
    MessageTemplate.objects.filter(kind=Kind.SAVE_THE_DATE).update(subject_sv="Spara datumet")
    message_templates_load()
    assert MessageTemplate.objects.count() == 5
    assert MessageTemplate.objects.get(kind=Kind.SAVE_THE_DATE).subject_sv == "Spara datumet"


def test_a_meetings_plan_is_made_from_the_defaults_once_and_is_its_own(meeting):
    message_templates_load()
    MessageTemplate.objects.filter(kind=Kind.FOLLOW_UP).update(is_active=False)
    MessageTemplate.objects.filter(kind=Kind.REGISTRATION_CLOSING).update(days=3)
    created = plan_make(meeting=meeting)
    assert {c.kind for c in created} == set(PLAN) - {Kind.FOLLOW_UP}
    closing = meeting.communications.get(kind=Kind.REGISTRATION_CLOSING)
    assert closing.days == 3 and closing.approved_at is None
    template = MessageTemplate.objects.get(kind=Kind.REGISTRATION_CLOSING)
    assert (closing.subject_sv, closing.body_en) == (template.subject_sv, template.body_en)

    # Edited for this meeting: the default stays as it was, and making the plan again
    # neither duplicates nor overwrites.
    closing.subject_sv = "Sista chansen: {meeting}"
    closing.full_clean()
    closing.save()
    assert plan_make(meeting=meeting) == []
    assert meeting.communications.get(kind=Kind.REGISTRATION_CLOSING).subject_sv.startswith(
        "Sista chansen"
    )
    assert MessageTemplate.objects.get(kind=Kind.REGISTRATION_CLOSING).subject_sv != (
        "Sista chansen: {meeting}"
    )


def test_the_first_plan_brings_the_defaults_when_none_exist(meeting):
    assert not MessageTemplate.objects.exists()
    assert len(plan_make(meeting=meeting)) == 5


def test_an_unknown_placeholder_is_refused_with_the_field_named(meeting):
    message = Communication(
        meeting=meeting,
        audience=Audience.REGISTERED,
        moment=Moment.ON_SEND,
        subject_sv="Hej {namn}",
        body_sv="Välkommen till {meeting}.",
        body_en="Welcome {to_all}.",
    )
    with pytest.raises(ValidationError) as raised:
        message.full_clean()
    assert set(raised.value.message_dict) == {"subject_sv", "body_en"}
    assert "{namn}" in raised.value.message_dict["subject_sv"][0]


def test_placeholders_are_filled_by_name_never_by_a_template_engine():
    text = (
        "{meeting} {{ settings.SECRET_KEY }} {% debug %} {meeting.__class__} {name} "
        "{unknown} {0} {parts}"
    )
    filled = fill(text, {"meeting": "Mötet {name}", "name": "Ada", "parts": "- Middag"})
    # A value holding braces is not filled again; anything else stays as written.
    assert filled == (
        "Mötet {name} {{ settings.SECRET_KEY }} {% debug %} {meeting.__class__} Ada "
        "{unknown} {0} - Middag"
    )
    assert "meeting" in NAMES and "registration_link" in NAMES


@pytest.mark.parametrize(
    "audience, needs",
    [(Audience.REGISTERED, "meeting"), (Audience.PART, "meeting"), (Audience.ATTENDEES, "meeting")],
)
def test_an_audience_of_a_meeting_needs_the_meeting(audience, needs):
    message = Communication(audience=audience, moment=Moment.ON_SEND, subject="S", body="B")
    with pytest.raises(ValidationError) as raised:
        message.full_clean()
    assert needs in raised.value.message_dict


def test_one_part_is_an_audience_only_with_a_part_of_the_same_meeting(meeting, visit):
    message = Communication(
        meeting=meeting, audience=Audience.PART, moment=Moment.ON_SEND, subject="S", body="B"
    )
    with pytest.raises(ValidationError) as raised:
        message.full_clean()
    assert "part" in raised.value.message_dict
    message.part = visit
    message.full_clean()

"""Guests as records of their own: what a talk needs, and what the public may see of a person."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from guests.models import Talk
from tests.factories import AgendaItemFactory, GuestFactory, OrganisationFactory, TalkFactory

pytestmark = pytest.mark.django_db


def test_a_talk_names_a_person_or_an_organisation():
    talk = Talk(agenda_item=AgendaItemFactory())
    with pytest.raises(ValidationError):
        talk.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        talk.save()


def test_a_talk_by_an_organisation_alone_is_allowed():
    talk = Talk(agenda_item=AgendaItemFactory(), organisation=OrganisationFactory())
    talk.full_clean()


def test_a_person_not_publicly_named_is_shown_by_role_and_organisation():
    vinnova = OrganisationFactory(name_sv="Vinnova", name_en="Vinnova")
    guest = GuestFactory(name="Hemlig Person", role="generaldirektör", publicly_named=False)
    talk = TalkFactory(guest=guest, organisation=vinnova)
    assert talk.speaker_label == "generaldirektör, Vinnova"
    assert "Hemlig" not in str(talk)


def test_a_publicly_named_person_is_shown_with_name_role_and_organisation():
    vinnova = OrganisationFactory(name_sv="Vinnova", name_en="Vinnova")
    guest = GuestFactory(name="Darja Isaksson", role="generaldirektör", publicly_named=True)
    talk = TalkFactory(guest=guest, organisation=vinnova)
    assert talk.speaker_label == "Darja Isaksson, generaldirektör, Vinnova"
    assert talk.url.endswith(f"#guest-{guest.pk}")

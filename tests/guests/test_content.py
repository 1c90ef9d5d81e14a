"""The seed's guests, loaded from content/guests.json by load_klossnet: the organisations and
people the sources name, their talks at the right agenda items, both languages, once."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command

from core.content import CONTENT_DIR
from guests.models import Guest, Organisation, Talk
from guests.services import guest_erase


def _talks(meeting_slug: str) -> list[tuple]:
    return list(
        Talk.objects.filter(agenda_item__meeting__slug_sv=meeting_slug)
        .order_by("agenda_item__order", "order")
        .values_list("agenda_item__title_sv", "guest__name", "organisation__slug")
    )


def test_darja_isaksson_spoke_for_vinnova_in_umea(seeded):
    assert _talks("2019-05-23-umea") == [
        ("Universitetens och forskningens roll i samverkan", "Darja Isaksson", "vinnova"),
        ("K3-projekten, nulägesanalys", "Maria Landgren", None),
    ]
    darja = Guest.objects.get(name="Darja Isaksson")
    assert (darja.role_sv, darja.role_en) == ("generaldirektör", "Director General")
    assert darja.organisation.slug == "vinnova" and darja.publicly_named


def test_the_falun_panel_has_the_minister_and_four_organisations_in_the_sources_order(seeded):
    panel = "Paneldebatt: Samverkan och kompetenshöjning i konjunktursvängningar"
    assert _talks("2019-11-06-falun") == [
        (panel, "Matilda Ernkrans", None),
        (panel, None, "uka"),
        (panel, None, "skr"),
        (panel, None, "sandvik"),
        (panel, None, "sveriges-ingenjorer"),
    ]
    assert Organisation.objects.get(slug="skr").talks.count() == 2  # Stockholm 2017 too


def test_every_talk_of_the_content_file_is_loaded(seeded):
    content = json.loads((CONTENT_DIR / "guests.json").read_text(encoding="utf-8"))
    assert Talk.objects.count() == len(content["talks"])
    assert Organisation.objects.count() == len(content["organisations"])
    assert Guest.objects.count() == len(content["people"])


def test_every_fact_is_in_both_languages(seeded):
    for organisation in Organisation.objects.all():
        assert organisation.name_sv and organisation.name_en, organisation
        assert bool(organisation.short_name_sv) == bool(organisation.short_name_en)
    for guest in Guest.objects.all():
        assert bool(guest.role_sv) == bool(guest.role_en), guest


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("guests").get_models()
    }


@pytest.mark.django_db
def test_loading_twice_gives_the_same_database():
    call_command("load_klossnet", verbosity=0)
    first = _counts()
    call_command("load_klossnet", verbosity=0)
    assert _counts() == first
    assert first["guests.Talk"] == 11


def test_an_erased_guest_does_not_come_back_with_the_next_load(seeded):
    guest_erase(guest=Guest.objects.get(name="Alf Karlsson"))
    call_command("load_klossnet", verbosity=0)
    assert not Guest.objects.filter(name="Alf Karlsson").exists()

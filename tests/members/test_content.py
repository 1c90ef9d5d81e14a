import datetime

import pytest

from members.models import Institution, Person, Representation
from members.services import members_content_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    """The members part of the seed content (load_klossnet as a whole: tests/klossnet)."""
    members_content_load()


def test_seed_institutions_have_both_names_slugs_and_cities(seeded):
    gu = Institution.objects.get(short_name="GU")
    assert (gu.name_sv, gu.name_en) == ("Göteborgs universitet", "University of Gothenburg")
    assert (gu.city_sv, gu.city_en) == ("Göteborg", "Gothenburg")
    assert (gu.slug_sv, gu.slug_en) == ("goteborgs-universitet", "university-of-gothenburg")
    assert "gu.se" in gu.email_domain_list
    for institution in Institution.objects.all():
        assert institution.name_sv and institution.name_en and institution.slug_en


def test_malardalens_hogskola_became_malardalens_universitet(seeded):
    mdh = Institution.objects.get(short_name="MDH")
    mdu = Institution.objects.get(short_name="MDU")
    assert mdh.successor == mdu
    assert mdh.member_until == datetime.date(2021, 12, 31)
    assert mdu.member_since == datetime.date(2022, 1, 1)
    assert not mdh.is_current_member and mdu.is_current_member


def test_only_institutions_the_sources_show_taking_part_are_members(seeded):
    current = set(Institution.objects.current_members().values_list("short_name", flat=True))
    assert {"KTH", "SLU", "UU", "LNU", "UmU", "MDU", "SH", "KAU", "HiG", "ÅA"} <= current
    assert {"MIUN", "HB", "MDH"}.isdisjoint(current)
    abo = Institution.objects.get(short_name="ÅA")
    assert (abo.country, abo.kind, abo.city_en) == ("FI", Institution.Kind.FOREIGN, "Turku")


def test_steering_group_people_have_swedish_and_english_titles(seeded):
    friman = Person.objects.get(name="Margareta Friman")
    assert (friman.title_sv, friman.title_en) == ("prorektor", "Deputy Vice-Chancellor")
    assert friman.institution.short_name == "KAU"
    larsson = Person.objects.get(name="Ann-Charlotte Larsson")
    assert (larsson.title_sv, larsson.title_en) == ("vicerektor", "Pro-Vice-Chancellor")
    blaus = Person.objects.get(name="Johan Blaus")
    assert blaus.phone == "08-790 60 63" and blaus.institution.short_name == "KTH"
    assert not Person.objects.filter(publication_consent=True).exists()
    assert Person.objects.get(name="Coco Norén").institution.short_name == "UU"


def test_no_representations_are_invented(seeded):
    assert not Representation.objects.exists()


def test_loading_again_keeps_the_coordinators_edits_and_counts(seeded):
    Institution.objects.filter(short_name="KTH").update(city_en="Stockholm (Valhallavägen)")
    counts = (Institution.objects.count(), Person.objects.count())
    members_content_load()
    assert (Institution.objects.count(), Person.objects.count()) == counts
    assert Institution.objects.get(short_name="KTH").city_en == "Stockholm (Valhallavägen)"

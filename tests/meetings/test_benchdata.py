"""`manage.py benchdata`: marked synthetic data at scale, never part of load_klossnet."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import Meeting, Photo
from members.models import Institution


def _benchdata(scale):
    call_command("benchdata", scale=scale, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_load_klossnet_adds_no_synthetic_data(seeded):
    assert not Institution.objects.filter(name_sv__startswith="[synthetic]").exists()
    assert not Meeting.objects.filter(title_sv__startswith="[synthetic]").exists()


def test_benchdata_adds_marked_institutions_and_meetings_per_scale(seeded):
    seed_meetings = Meeting.objects.count()
    _benchdata(2)
    synthetic = Institution.objects.filter(short_name__startswith="SYN")
    assert synthetic.count() == 80
    names = synthetic.values_list("name_sv", flat=True)
    assert all(name.startswith("[synthetic]") for name in names)
    meetings = Meeting.objects.filter(title_sv__startswith="[synthetic]")
    assert meetings.count() == 32 == Meeting.objects.count() - seed_meetings
    assert Photo.objects.filter(meeting__in=meetings).count() == 32 * 3
    assert not meetings.filter(hosts__short_name__in=["KTH", "UU"]).exists()
    _benchdata(1)  # running again adds more, with fresh unique slugs
    assert Meeting.objects.filter(title_sv__startswith="[synthetic]").count() == 48


def test_benchdata_run_again_spreads_its_meetings_over_new_hosts(seeded):
    """Data added in steps (3×, then 5× more) grows as data added at once would: a page
    listing every host grows with it (tests/klossnet/test_page_growth.py)."""
    hosts = Institution.objects.filter(hosted_meetings__title_sv__startswith="[synthetic]")
    _benchdata(1)
    once = hosts.distinct().count()
    _benchdata(1)
    assert hosts.distinct().count() > 1.5 * once


def test_benchdata_refuses_a_scale_below_one(db):
    with pytest.raises(CommandError):
        _benchdata(0)

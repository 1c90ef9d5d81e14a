"""`manage.py benchdata`: marked synthetic data at scale, never part of load_klossnet."""

from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F

from meetings.models import Meeting, Photo
from members.models import Institution
from projects.models import ProjectContact
from search.signals import Batch
from steering.models import SteeringGroupMembership, WorkingGroupMembership


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


def _facts(model):
    """The columns a row's shape is told by: its foreign keys and its fields with choices."""
    fields = model._meta.concrete_fields
    return [f for f in fields if f.is_relation] + [f for f in fields if f.choices]


def _rows():
    """Every stored model's rows: primary key → the values of its _facts()."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        facts = [f.attname for f in _facts(model)]
        rows[model._meta.label] = {
            row[0]: row[1:] for row in model._base_manager.values_list("pk", *facts)
        }
    return rows


def _shape(before, after):
    """What a run added, independent of primary keys: per model the rows added; per foreign
    key how many of them point nowhere and how many targets are pointed to how often (a
    meeting with two hosts, an institution hosting three meetings…); per field with choices
    how many rows have each value."""
    shape = {}
    for label, rows in after.items():
        added = [values for pk, values in rows.items() if pk not in before[label]]
        if not added:
            continue
        shape[label] = {"rows": len(added)}
        for position, field in enumerate(_facts(apps.get_model(label))):
            values = Counter(row[position] for row in added)
            if field.is_relation:
                nulls = values.pop(None, 0)
                shape[label][field.name] = (nulls, tuple(sorted(Counter(values.values()).items())))
            else:
                shape[label][field.name] = tuple(sorted(values.items(), key=str))
    # A contact, steering-group or working-group member is listed with their institution.
    for model in (ProjectContact, SteeringGroupMembership, WorkingGroupMembership):
        mismatched = model.objects.exclude(institution=F("person__institution")).count()
        shape[model._meta.label]["institution is not the person's"] = mismatched
    return shape


def _batched():
    """The objects this transaction's search batch will re-index after the commit, by kind
    (the seed's load leaves some there too: the test runs in one transaction)."""
    batched = {}
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, Batch):
            for kind, pks in callback.objects.items():
                batched.setdefault(kind, set()).update(pks)
    return batched


# Recorded from main before the generators were made fast (commit b963b92): the data they
# make must stay the same in kind and amount.
BENCHDATA_SHAPE = {
    1: {
        "guests.Guest": {"organisation": (3, ((1, 2),)), "rows": 5},
        "guests.Organisation": {
            "kind": (
                ("agency", 1),
                ("hei", 1),
                ("industry", 1),
                ("ministry", 1),
                ("other", 1),
                ("region", 1),
                ("student_union", 1),
            ),
            "rows": 7,
        },
        "guests.Talk": {
            "agenda_item": (0, ((1, 11),)),
            "guest": (3, ((1, 2), (2, 3))),
            "organisation": (5, ((1, 6),)),
            "rows": 11,
        },
        "meetings.AgendaItem": {"meeting": (0, ((6, 16),)), "rows": 96},
        "meetings.AgendaItem_themes": {
            "agendaitem": (0, ((1, 96),)),
            "rows": 96,
            "theme": (0, ((13, 2), (14, 5))),
        },
        "meetings.Document": {
            "meeting": (0, ((2, 16),)),
            "rows": 32,
            "visibility": (("members", 16), ("public", 16)),
        },
        "meetings.Meeting": {
            "format": (("on_site", 16),),
            "kind": (("network_meeting", 16),),
            "rows": 16,
        },
        "meetings.MeetingHost": {
            "institution": (0, ((1, 16), (2, 3))),
            "meeting": (0, ((1, 10), (2, 6))),
            "rows": 22,
        },
        "meetings.Meeting_themes": {
            "meeting": (0, ((1, 16),)),
            "rows": 16,
            "theme": (0, ((2, 5), (3, 2))),
        },
        "meetings.Photo": {"meeting": (0, ((3, 16),)), "rows": 48},
        "meetings.StudyVisit": {"meeting": (0, ((2, 16),)), "rows": 32},
        "meetings.StudyVisit_themes": {
            "rows": 32,
            "studyvisit": (0, ((1, 32),)),
            "theme": (0, ((4, 3), (5, 4))),
        },
        "members.Institution": {"kind": (("university", 40),), "rows": 40, "successor": (40, ())},
        "members.Person": {"institution": (0, ((1, 12),)), "rows": 12, "user": (12, ())},
        "projects.Funder": {"rows": 1},
        "projects.Funding": {"funder": (0, ((12, 1),)), "project": (0, ((1, 12),)), "rows": 12},
        "projects.Participant": {
            "institution": (0, ((1, 2), (2, 2), (3, 2), (4, 2), (5, 2), (6, 2), (7, 2), (8, 5))),
            "project": (0, ((8, 12),)),
            "role": (("partner", 48), ("pilot", 48)),
            "rows": 96,
        },
        "projects.Project": {
            "coordinating_institution": (11, ((1, 1),)),
            "parent": (6, ((6, 1),)),
            "precision": (("year", 12),),
            "rows": 12,
            "working_group": (7, ((5, 1),)),
        },
        "projects.ProjectContact": {
            "institution": (0, ((4, 12),)),
            "institution is not the person's": 0,
            "person": (0, ((4, 12),)),
            "project": (0, ((4, 12),)),
            "role": (("contact", 48),),
            "rows": 48,
        },
        "projects.ProjectMeeting": {"project": (0, ((3, 12),)), "rows": 36},
        "projects.ProjectResult": {
            "kind": (("final_report", 12),),
            "project": (0, ((1, 12),)),
            "rows": 12,
        },
        "projects.Project_related": {
            "from_project": (0, ((2, 2), (3, 2), (4, 8))),
            "rows": 42,
            "to_project": (0, ((2, 2), (3, 2), (4, 8))),
        },
        "projects.Project_themes": {
            "project": (0, ((1, 12),)),
            "rows": 12,
            "theme": (0, ((1, 2), (2, 5))),
        },
        "search index": {"project": 12, "working_group": 10},
        "steering.SteeringGroupMembership": {
            "institution": (0, ((1, 12),)),
            "institution is not the person's": 0,
            "person": (0, ((1, 12),)),
            "role": (("convener", 2), ("member", 10)),
            "rows": 12,
        },
        "steering.WorkingGroup": {"precision": (("day", 10),), "rows": 10},
        "steering.WorkingGroupMembership": {
            "institution": (0, ((10, 5),)),
            "institution is not the person's": 0,
            "person": (0, ((10, 5),)),
            "role": (("member", 50),),
            "rows": 50,
            "working_group": (0, ((5, 10),)),
        },
        "steering.WorkingGroup_themes": {
            "rows": 10,
            "theme": (0, ((1, 4), (2, 3))),
            "workinggroup": (0, ((1, 10),)),
        },
    },
    2: {
        "guests.Guest": {"organisation": (5, ((1, 5),)), "rows": 10},
        "guests.Organisation": {
            "kind": (
                ("agency", 2),
                ("hei", 2),
                ("industry", 2),
                ("ministry", 2),
                ("other", 2),
                ("region", 2),
                ("student_union", 2),
            ),
            "rows": 14,
        },
        "guests.Talk": {
            "agenda_item": (0, ((1, 22),)),
            "guest": (6, ((1, 5), (2, 4), (3, 1))),
            "organisation": (10, ((1, 8), (2, 2))),
            "rows": 22,
        },
        "meetings.AgendaItem": {"meeting": (0, ((6, 32),)), "rows": 192},
        "meetings.AgendaItem_themes": {
            "agendaitem": (0, ((1, 192),)),
            "rows": 192,
            "theme": (0, ((27, 4), (28, 3))),
        },
        "meetings.Document": {
            "meeting": (0, ((2, 32),)),
            "rows": 64,
            "visibility": (("members", 32), ("public", 32)),
        },
        "meetings.Meeting": {
            "format": (("on_site", 32),),
            "kind": (("network_meeting", 32),),
            "rows": 32,
        },
        "meetings.MeetingHost": {
            "institution": (0, ((1, 25), (2, 9))),
            "meeting": (0, ((1, 21), (2, 11))),
            "rows": 43,
        },
        "meetings.Meeting_themes": {
            "meeting": (0, ((1, 32),)),
            "rows": 32,
            "theme": (0, ((4, 3), (5, 4))),
        },
        "meetings.Photo": {"meeting": (0, ((3, 32),)), "rows": 96},
        "meetings.StudyVisit": {"meeting": (0, ((2, 32),)), "rows": 64},
        "meetings.StudyVisit_themes": {
            "rows": 64,
            "studyvisit": (0, ((1, 64),)),
            "theme": (0, ((9, 6), (10, 1))),
        },
        "members.Institution": {"kind": (("university", 80),), "rows": 80, "successor": (80, ())},
        "members.Person": {"institution": (0, ((1, 24),)), "rows": 24, "user": (24, ())},
        "projects.Funder": {"rows": 1},
        "projects.Funding": {"funder": (0, ((24, 1),)), "project": (0, ((1, 24),)), "rows": 24},
        "projects.Participant": {
            "institution": (0, ((1, 2), (2, 2), (3, 2), (4, 2), (5, 2), (6, 2), (7, 2), (8, 17))),
            "project": (0, ((8, 24),)),
            "role": (("partner", 96), ("pilot", 96)),
            "rows": 192,
        },
        "projects.Project": {
            "coordinating_institution": (22, ((2, 1),)),
            "parent": (12, ((6, 2),)),
            "precision": (("year", 24),),
            "rows": 24,
            "working_group": (14, ((10, 1),)),
        },
        "projects.ProjectContact": {
            "institution": (0, ((4, 24),)),
            "institution is not the person's": 0,
            "person": (0, ((4, 24),)),
            "project": (0, ((4, 24),)),
            "role": (("contact", 96),),
            "rows": 96,
        },
        "projects.ProjectMeeting": {"project": (0, ((3, 24),)), "rows": 72},
        "projects.ProjectResult": {
            "kind": (("final_report", 24),),
            "project": (0, ((1, 24),)),
            "rows": 24,
        },
        "projects.Project_related": {
            "from_project": (0, ((2, 2), (3, 2), (4, 20))),
            "rows": 90,
            "to_project": (0, ((2, 2), (3, 2), (4, 20))),
        },
        "projects.Project_themes": {
            "project": (0, ((1, 24),)),
            "rows": 24,
            "theme": (0, ((3, 4), (4, 3))),
        },
        "search index": {"project": 24, "working_group": 20},
        "steering.SteeringGroupMembership": {
            "institution": (0, ((1, 24),)),
            "institution is not the person's": 0,
            "person": (0, ((1, 24),)),
            "role": (("convener", 4), ("member", 20)),
            "rows": 24,
        },
        "steering.WorkingGroup": {"precision": (("day", 20),), "rows": 20},
        "steering.WorkingGroupMembership": {
            "institution": (0, ((20, 5),)),
            "institution is not the person's": 0,
            "person": (0, ((20, 5),)),
            "role": (("member", 100),),
            "rows": 100,
            "working_group": (0, ((5, 20),)),
        },
        "steering.WorkingGroup_themes": {
            "rows": 20,
            "theme": (0, ((2, 1), (3, 6))),
            "workinggroup": (0, ((1, 20),)),
        },
    },
}


@pytest.mark.parametrize("scale", [1, 2])
def test_benchdata_adds_the_same_rows_and_relations_at_every_scale(seeded, scale):
    before, batched = _rows(), _batched()
    _benchdata(scale)
    shape = _shape(before, _rows())
    added = {kind: pks - batched.get(kind, set()) for kind, pks in _batched().items()}
    shape["search index"] = {kind: len(pks) for kind, pks in added.items() if pks}
    assert shape == BENCHDATA_SHAPE[scale]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite plans without statistics")
def test_benchdata_leaves_the_planner_statistics_of_what_it_added(seeded):
    """As autovacuum would soon after a bulk load: a page measured right after benchdata is
    planned on the rows it has, not on the guesses for a table never analysed."""

    def estimated(model) -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table]
            )
            return cursor.fetchone()[0]

    _benchdata(2)
    assert estimated(Meeting) == Meeting.objects.count()
    assert estimated(Photo) == Photo.objects.count()
    assert estimated(Meeting.themes.through) == Meeting.themes.through.objects.count()

"""A theme's name is part of what the search finds for each meeting that carries it: renaming,
merging or unlinking a theme changes what is found, however the links change."""

import pytest
from django.urls import reverse

from meetings.models import Theme
from tests.factories import MeetingFactory, ThemeFactory

from .test_index import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def fish(db, django_capture_on_commit_callbacks):
    """A meeting carrying the theme "Fiskodling"."""
    with django_capture_on_commit_callbacks(execute=True):
        theme = ThemeFactory(name="Fiskodling", name_en="Fish farming", slug="fiskodling")
        meeting = MeetingFactory(title="Mötet vid kusten", title_en="The meeting by the coast")
        meeting.themes.set([theme])
    assert titles("fiskodling") == {"Mötet vid kusten"}
    return theme


def test_renaming_a_theme_re_indexes_its_meetings(fish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fish.name = "Vattenbruk"
        fish.save()
    assert titles("vattenbruk") == {"Mötet vid kusten"}
    assert titles("fiskodling") == set()


def test_merging_themes_in_the_admin_re_indexes_what_carried_them(
    fish, admin_client, django_capture_on_commit_callbacks
):
    kept = ThemeFactory(name="Havsmiljö", name_en="Marine environment", slug="havsmiljo")
    data = {
        "action": "merge_themes",
        "_selected_action": [fish.pk, kept.pk],
        "kept": kept.pk,
        "confirm_merge": "yes",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:meetings_theme_changelist"), data)
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=fish.pk).exists()
    assert titles("havsmiljö") == {"Mötet vid kusten"}
    assert titles("fiskodling") == set()


def test_unlinking_meetings_from_the_themes_side_re_indexes_them(
    fish, django_capture_on_commit_callbacks
):
    meeting = fish.meetings.get()
    with django_capture_on_commit_callbacks(execute=True):
        fish.meetings.remove(meeting)
    assert titles("fiskodling") == set()
    with django_capture_on_commit_callbacks(execute=True):
        fish.meetings.add(meeting)
    assert titles("fiskodling") == {"Mötet vid kusten"}
    with django_capture_on_commit_callbacks(execute=True):
        fish.meetings.clear()
    assert titles("fiskodling") == set()


def test_deleting_a_theme_re_indexes_its_meetings(fish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fish.delete()
    assert titles("fiskodling") == set()

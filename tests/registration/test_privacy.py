"""The privacy page tells what registration stores and when the personal notes go."""

import importlib

from django.apps import apps as django_apps
from django.conf import settings

from network.models import Page


def test_privacy_page_documents_registrations_and_the_retention(client, seeded):
    days = settings.REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS
    swedish = client.get("/sv/integritetspolicy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert f"raderas automatiskt {days} dagar efter mötet" in swedish
    assert "även dina mötesanmälningar" in swedish
    assert f"deleted automatically {days} days after the meeting" in english
    assert "your meeting registrations and attendance are erased too" in english


def test_privacy_page_says_attendance_is_personal_data_who_sees_it_and_how_it_goes(client, seeded):
    swedish = client.get("/sv/integritetspolicy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "Närvaro vid nätverksmöten" in swedish
    assert "Din närvaro ser bara koordinatorn och du själv" in swedish
    assert "själva anmälan och närvaron sparas" in swedish
    assert "även dina mötesanmälningar och din närvaro" in swedish
    assert "Attendance at network meetings" in english
    assert "Only the coordinator and you yourself see your attendance" in english
    assert "the registration itself and the attendance are kept" in english


def test_a_database_with_the_old_privacy_text_gets_the_attendance_text(seeded):
    migration = importlib.import_module("network.migrations.0003_privacy_page_attendance")
    page = Page.objects.get(key="privacy")
    for field, pairs in migration.CHANGES.items():
        text = getattr(page, field)
        for old, new in pairs:
            text = text.replace(new, old)
        setattr(page, field, text)
    page.save()
    migration.forwards(django_apps, None)
    page.refresh_from_db()
    assert "Närvaro vid nätverksmöten" in page.body_sv
    assert "Attendance at network meetings" in page.body_en
    migration.forwards(django_apps, None)  # a second run changes nothing
    page.refresh_from_db()
    assert page.body_sv.count("Närvaro vid nätverksmöten") == 1


def test_the_migration_leaves_a_coordinators_own_privacy_text_alone(seeded):
    migration = importlib.import_module("network.migrations.0003_privacy_page_attendance")
    Page.objects.filter(key="privacy").update(body_sv="Egen text.", body_en="Own text.")
    migration.forwards(django_apps, None)
    page = Page.objects.get(key="privacy")
    assert (page.body_sv, page.body_en) == ("Egen text.", "Own text.")


def test_privacy_page_says_a_cancelled_registration_is_kept_without_its_notes(client, seeded):
    swedish = client.get("/sv/integritetspolicy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "En avbokad anmälan sparas som avbokad, med tidpunkten" in swedish
    assert "A cancelled registration is kept as cancelled, with the time" in english


def test_a_database_with_the_old_privacy_text_gets_the_cancellation_sentence(seeded):
    migration = importlib.import_module(
        "network.migrations.0004_privacy_page_cancelled_registrations"
    )
    page = Page.objects.get(key="privacy")
    for field, pairs in migration.CHANGES.items():
        text = getattr(page, field)
        for old, new in pairs:
            text = text.replace(new, old)
        setattr(page, field, text)
    page.save()
    migration.forwards(django_apps, None)
    migration.forwards(django_apps, None)  # a second run changes nothing
    page.refresh_from_db()
    assert page.body_sv.count("En avbokad anmälan sparas som avbokad") == 1
    assert page.body_en.count("A cancelled registration is kept as cancelled") == 1

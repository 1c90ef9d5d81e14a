import pytest
from django.apps import apps
from django.core.management import call_command

PORTAL_APPS = ["core", "search", "members", "meetings", "steering", "projects", "network"]


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in PORTAL_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed  # SQLite's full-text table exists on SQLite only
    }


@pytest.mark.django_db
def test_load_klossnet_twice_gives_the_same_counts():
    call_command("load_klossnet", verbosity=0)
    first = _counts()
    call_command("load_klossnet", verbosity=0)
    assert _counts() == first
    assert first["network.Page"] == 3
    assert first["network.Testimonial"] == 2


@pytest.mark.django_db
def test_load_klossnet_keeps_the_coordinators_edits():
    from network.models import Page

    call_command("load_klossnet", verbosity=0)
    Page.objects.filter(key="home").update(title_sv="Ny rubrik")
    call_command("load_klossnet", verbosity=0)
    assert Page.objects.get(key="home").title_sv == "Ny rubrik"

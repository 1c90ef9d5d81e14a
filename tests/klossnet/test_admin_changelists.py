"""Every admin change list answers a bad filter value as Django answers an invalid lookup.

A typed or edited address (``?part=abc``, ``?date__year=99999999999999``) gets the list
again without the filter (a redirect with ``?e=1``) or the filtered list, never an error
page. Every parameter of every list filter and of the date hierarchy of every registered
admin is tried with hostile values, so a filter added later is covered by itself.
"""

import contextlib

import pytest
from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)

HOSTILE = ["abc", "", "-1", "0", "1.5", "9999", "99999999999999", "9" * 30, "1\x00", "å", "²"]
# The date hierarchy's own combinations: past the last year, the last day, no such day.
DATE_HIERARCHY = [
    {"year": "9999"},
    {"year": "9999", "month": "12"},
    {"year": "9999", "month": "12", "day": "31"},
    {"year": "1"},
    {"year": "1", "month": "1", "day": "1"},
    {"year": "2020", "month": "2", "day": "30"},
    {"year": "2020", "month": "13"},
    {"year": "99999999999999"},
    {"year": "2020", "month": "99999999999999"},
    {"year": "2020", "month": "1", "day": "abc"},
]


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def filter_specs(model, user):
    """The list filters of ``model``'s admin, as the change list builds them."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get(changelist_url(model))
    request.user = user
    return model_admin.get_changelist_instance(request).filter_specs


@contextlib.contextmanager
def nav_sidebar_left_out():
    """The pages rendered without the admin's navigation sidebar (and without the list of
    every app and model Django builds for it whether shown or not): it is made from the
    user's permissions and the registry alone, never from the query, so the hundreds of
    hostile queries would render the same sidebar again each time (a third of a page's
    CPU). Every list is still rendered whole, sidebar and all, at the end of the
    hostile-value test (``?e=1``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(admin.site, "enable_nav_sidebar", False)
        patch.setattr(admin.site, "get_app_list", lambda request, app_label=None: [])
        yield


def assert_no_error(response, query) -> None:
    assert response.status_code < 500, f"{query!r}: {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1"), f"{query!r}: {response['Location']}"
    else:
        assert response.status_code == 200, f"{query!r}: {response.status_code}"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_hostile_filter_values_never_answer_an_error(model, admin_world, admin_client, admin_user):
    url = changelist_url(model)
    parameters = {
        parameter
        for spec in filter_specs(model, admin_user)
        for parameter in spec.expected_parameters()
    }
    hierarchy = admin.site._registry[model].date_hierarchy
    with nav_sidebar_left_out():
        for parameter in sorted(parameters):
            for value in HOSTILE:
                query = {parameter: value}
                assert_no_error(admin_client.get(url, query), query)
        if hierarchy:
            for parts in DATE_HIERARCHY:
                query = {f"{hierarchy}__{part}": value for part, value in parts.items()}
                assert_no_error(admin_client.get(url, query), query)
    assert admin_client.get(url, {"e": "1"}).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_a_value_a_custom_filter_does_not_offer_is_an_invalid_lookup(
    model, admin_world, admin_client, admin_user
):
    url = changelist_url(model)
    for spec in filter_specs(model, admin_user):
        if not isinstance(spec, SimpleListFilter):
            continue
        response = admin_client.get(url, {spec.parameter_name: "not-offered"})
        assert response.status_code == 302, f"{spec.parameter_name}: {response.status_code}"
        assert response["Location"] == f"{url}?e=1"
        with nav_sidebar_left_out():
            for value, _label in spec.lookup_choices:  # what it offers still works
                response = admin_client.get(url, {spec.parameter_name: value})
                assert response.status_code == 200, f"{spec.parameter_name}={value}"


def test_the_part_filter_takes_a_part_it_does_not_list(admin_client, admin_world):
    """Without a meeting chosen the part filter lists upcoming meetings' parts; a link to a
    past meeting's part still filters by it."""
    from meetings.registration.models import Part
    from meetings.registration.services import registration_setup
    from tests.factories import MeetingFactory

    past = MeetingFactory()
    registration_setup(meeting=past)
    part = Part.objects.filter(meeting=past).first()
    response = admin_client.get(
        reverse("admin:registration_registration_changelist"), {"part": part.pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0

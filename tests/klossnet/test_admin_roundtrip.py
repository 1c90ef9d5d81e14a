"""Every model in the admin survives what a coordinator does with it in a browser.

For each model registered in the admin site, an object with its inline rows (and, where the
model has them, its uploaded files) is opened in its change form, the HTML form is read as
a browser reads it and posted back untouched: the answer is a redirect, never an error page
and never the form again with errors. For a model under version history, the latest
version's restore page is opened and posted the same way. A model newly registered in the
admin is covered by itself; the test fails until the world in tests/klossnet/conftest.py
holds an object of it.
"""

import pytest
import reversion
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from members.models import Invitation
from tests.admin_forms import browser_form_data
from tests.factories import PersonFactory, UserFactory
from tests.klossnet.conftest import objects_of

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _errors(response) -> str:
    """What the re-rendered form complains about, for the assertion message."""
    context = response.context or {}
    found = []
    if "adminform" in context:
        found.append(context["adminform"].form.errors.as_text())
    for inline in context.get("inline_admin_formsets", []):
        found.extend(str(errors) for errors in inline.formset.errors if errors)
        found.extend(inline.formset.non_form_errors())
    return "; ".join(text for text in found if text) or response.content.decode()[:500]


def post_back(client, url: str) -> None:
    """Open ``url``, read its form as a browser does and submit it untouched."""
    page = client.get(url)
    assert page.status_code == 200, f"GET {url}: {page.status_code}"
    opts = page.context["opts"]
    data = browser_form_data(page.content.decode(), form_id=f"{opts.model_name}_form")
    data["_save"] = ["Spara"]
    logged = LogEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 302, f"POST {url}: {response.status_code} {_errors(response)}"
    # Read as a browser reads it, the form posted back is the object as it was: the admin
    # logs nothing, as for any save that changed nothing (anything else: the page and the
    # data disagree).
    changes = [entry.get_change_message() for entry in LogEntry.objects.order_by("pk")[logged:]]
    assert changes == [], f"POST {url} untouched changed: {changes}"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_change_form_posted_back_unchanged_saves(model, admin_world, admin_client, admin_user):
    model_admin = admin.site._registry[model]
    for obj in objects_of(model, admin_world):
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        if not model_admin.has_change_permission(_request_for(admin_user), obj):
            # Shown, not edited (a sent invitation): the page must open for the superuser.
            page = admin_client.get(url)
            assert page.status_code == 200, f"GET {url}: {page.status_code}"
            continue
        post_back(admin_client, url)


@pytest.mark.parametrize(
    "model",
    # Those whose admin keeps history (an admin that only answers autocompletes, such as the
    # agenda items', has no restore page even if its model is followed by its meeting's).
    [
        model
        for model in REGISTERED
        if reversion.is_registered(model) and isinstance(admin.site._registry[model], VersionAdmin)
    ],
    ids=lambda model: model._meta.label,
)
def test_latest_history_version_restores(model, admin_world, admin_client):
    for obj in objects_of(model, admin_world):
        change = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        post_back(admin_client, change)
        # A save that changed nothing keeps no version: the first one, as a change would.
        with reversion.create_revision():
            reversion.add_to_revision(obj)
        version = Version.objects.get_for_object(obj).first()
        assert version is not None, f"{model._meta.label} kept no version"
        post_back(
            admin_client,
            reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
        )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_staff_who_may_only_view_open_every_change_form(model, admin_world, client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    for obj in objects_of(model, admin_world):
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        response = client.get(url)
        assert response.status_code == 200, f"GET {url}: {response.status_code}"
        assert not response.context["has_change_permission"]


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_a_sent_invitation_opens_after_save_and_view(admin_client, db):
    """ "Spara och visa" on a new invitation sends it, then shows it (it was a 500)."""
    person = PersonFactory(email="grace@example.org")
    response = admin_client.post(
        reverse("admin:members_invitation_add"),
        {"person": person.pk, "email": "", "language": "", "_continue": "Spara och visa"},
        follow=True,
    )
    invitation = Invitation.objects.get(person=person)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:members_invitation_change", args=[invitation.pk]
    )
    assert response.status_code == 200
    assert "grace@example.org" in response.content.decode()


def test_a_stored_photo_is_not_read_again_when_its_meeting_is_saved(admin_client, admin_world):
    """Saving a meeting whose photo is already stored gets a redirect ("seek of closed
    file" before), and the photo is left as it was, its renditions too."""
    meeting = admin_world["meetings.Meeting"][0]
    photo = meeting.photos.get()
    before = (photo.image.name, photo.image_480.name, photo.sources)
    post_back(admin_client, reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    photo.refresh_from_db()
    assert (photo.image.name, photo.image_480.name, photo.sources) == before


def test_a_photo_ticked_for_deletion_is_deleted(admin_client, admin_world):
    meeting = admin_world["meetings.Meeting"][0]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = admin_client.get(url)
    data = browser_form_data(page.content.decode(), form_id="meeting_form")
    data["photos-0-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert not meeting.photos.exists()

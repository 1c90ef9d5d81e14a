"""Every model in the admin survives what a coordinator does with it in a browser.

For each model registered in the admin site, an object with its inline rows (and, where the
model has them, its uploaded files) is opened in its change form, the HTML form is read as
a browser reads it and posted back untouched: the answer is a redirect, never an error page
and never the form again with errors. For a model under version history, the latest
version's restore page is opened and posted the same way. A model newly registered in the
admin is covered by itself; the test fails until the world below holds an object of it.
"""

import datetime
import json

import pytest
import reversion
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from klossnet import models as klossnet_models
from meetings.models import Document, Photo
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from members.invitations import invitation_send
from members.models import Invitation
from steering.models import SteeringGroup
from tests.admin_forms import browser_form_data
from tests.factories import (
    AgendaItemFactory,
    FundingFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    ParticipantFactory,
    PersonFactory,
    ProjectContactFactory,
    ProjectFactory,
    ProjectMeetingFactory,
    ProjectResultFactory,
    RepresentationFactory,
    SteeringGroupMembershipFactory,
    StudyVisitFactory,
    ThemeFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)
from tests.members.images import png

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _pdf(name="program.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 the programme", content_type="application/pdf")


def _world() -> dict:
    """One object of every model in the admin, as full as its change form can show it:
    inline rows, many-to-many links and uploaded files. Meetings: one with a photo (the
    closed-file fault) and one with a document."""
    theme = ThemeFactory()
    institution = InstitutionFactory(logo=png("logo.png"))
    person = PersonFactory(institution=institution, photo=png("face.png"), photo_alt="Porträtt")
    RepresentationFactory(person=person, institution=institution)

    with_photo = MeetingFactory()
    with_photo.themes.add(theme)
    MeetingHostFactory(meeting=with_photo, institution=institution)
    StudyVisitFactory(meeting=with_photo)
    AgendaItemFactory(meeting=with_photo).themes.add(theme)
    Photo.objects.create(meeting=with_photo, image=png("group.png"), alt="Deltagarna")
    with_document = MeetingFactory()
    Document.objects.create(meeting=with_document, title="Program", file=_pdf())

    project = ProjectFactory(coordinating_institution=institution)
    FundingFactory(project=project)
    ParticipantFactory(project=project, institution=institution)
    ProjectContactFactory(project=project, person=person)
    ProjectResultFactory(project=project, file=_pdf("report.pdf"))
    ProjectMeetingFactory(project=project)
    working_group = WorkingGroupFactory()
    WorkingGroupMembershipFactory(working_group=working_group, person=person)
    SteeringGroupMembershipFactory(person=person)
    SteeringGroup.objects.create(introduction="Styrgruppen leder nätverket.")

    for key in klossnet_models.Page.Key.values:
        klossnet_models.Page.objects.create(key=key, title=f"Sida {key}", body="Text.")
    klossnet_models.Testimonial.objects.create(
        quote="Ett bra nätverk.", name="Ada", role="prorektor"
    )
    klossnet_models.Contact.objects.create(name="Kansliet", email="kansli@example.org")
    klossnet_models.AccessibilityStatement.objects.create(
        assessed_on=datetime.date(2025, 1, 1), updated_on=datetime.date(2025, 1, 2)
    )

    member = UserFactory(approved_at=timezone.now())
    member.groups.add(Group.objects.get_or_create(name="Samordnare")[0])
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    invited = PersonFactory(institution=institution)
    invitation_send(person=invited, base_url="https://klossnet.example.org")

    upcoming = MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=30))
    registration_setup(meeting=upcoming)
    registration = Registration.objects.create(meeting=upcoming, person=person, language="sv")
    for part in upcoming.registration_parts.all():
        Entry.objects.create(registration=registration, part=part, status=Entry.Status.CONFIRMED)
    return {
        "meetings.Meeting": [with_photo, with_document],
        "members.Person": [person],
        "members.Institution": [institution],
        "projects.Project": [project],
    }


@pytest.fixture
def world(db, settings):
    settings.LANGUAGE_CODE = "sv"
    return _world()


def objects_of(model, world) -> list:
    objects = world.get(model._meta.label) or list(model._default_manager.order_by("pk")[:1])
    assert objects, (
        f"{model._meta.label} is registered in the admin but the test has no object of it: "
        "add one to _world() in tests/klossnet/test_admin_roundtrip.py"
    )
    return objects


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
    response = client.post(url, data)
    assert response.status_code == 302, f"POST {url}: {response.status_code} {_errors(response)}"
    # Read as a browser reads it, the form posted back is the object as it was: the admin
    # log records that nothing changed (anything else: the page and the data disagree).
    entry = LogEntry.objects.latest("pk")
    assert entry.action_flag == CHANGE and json.loads(entry.change_message) == [], (
        f"POST {url} untouched changed: {entry.get_change_message()}"
    )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_change_form_posted_back_unchanged_saves(model, world, admin_client, admin_user):
    model_admin = admin.site._registry[model]
    for obj in objects_of(model, world):
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
    [model for model in REGISTERED if reversion.is_registered(model)],
    ids=lambda model: model._meta.label,
)
def test_latest_history_version_restores(model, world, admin_client):
    for obj in objects_of(model, world):
        change = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
        post_back(admin_client, change)  # the admin's save records the first version
        version = Version.objects.get_for_object(obj).first()
        assert version is not None, f"saving {model._meta.label} in the admin kept no version"
        post_back(
            admin_client,
            reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
        )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_staff_who_may_only_view_open_every_change_form(model, world, client):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(viewer)
    for obj in objects_of(model, world):
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


def test_a_stored_photo_is_not_read_again_when_its_meeting_is_saved(admin_client, world):
    """Saving a meeting whose photo is already stored gets a redirect ("seek of closed
    file" before), and the photo is left as it was, its renditions too."""
    meeting = world["meetings.Meeting"][0]
    photo = meeting.photos.get()
    before = (photo.image.name, photo.image_480.name, photo.sources)
    post_back(admin_client, reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    photo.refresh_from_db()
    assert (photo.image.name, photo.image_480.name, photo.sources) == before


def test_a_photo_ticked_for_deletion_is_deleted(admin_client, world):
    meeting = world["meetings.Meeting"][0]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    page = admin_client.get(url)
    data = browser_form_data(page.content.decode(), form_id="meeting_form")
    data["photos-0-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, _errors(response)
    assert not meeting.photos.exists()

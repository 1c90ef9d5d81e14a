"""One object of every model in the admin, for the tests that go through every admin."""

import datetime
import shutil

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from communications.models import Delivery
from communications.services import plan_make
from core.mail import send_again_task
from core.mail_preferences import mail_switch
from core.models import OutgoingMail, SuppressedAddress
from guests.models import SlideUpload
from meetings.models import Document, Photo
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from members.invitations import invitation_send
from network import models as network_models
from operations.models import Backup
from records.models import CarriedQuestion, Record, RecordComment, RecordSection
from steering.models import SteeringGroup
from tests import mail_checks
from tests.factories import (
    AgendaItemFactory,
    ChoiceFactory,
    FundingFactory,
    GuestFactory,
    InstitutionFactory,
    MeetingFactory,
    MeetingHostFactory,
    OrganisationFactory,
    ParticipantFactory,
    PersonFactory,
    ProjectContactFactory,
    ProjectFactory,
    ProjectMeetingFactory,
    ProjectResultFactory,
    QuestionFactory,
    RepresentationFactory,
    SteeringGroupMembershipFactory,
    StudyVisitFactory,
    SurveyFactory,
    SurveyTemplateFactory,
    TalkFactory,
    ThemeFactory,
    UserFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)
from tests.members.images import png


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
    item = AgendaItemFactory(meeting=with_photo)
    item.themes.add(theme)
    photo = Photo.objects.create(meeting=with_photo, image=png("group.png"), alt="Deltagarna")
    with_document = MeetingFactory()
    document = Document.objects.create(meeting=with_document, title="Program", file=_pdf())

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

    for key in network_models.Page.Key.values:
        network_models.Page.objects.create(key=key, title=f"Sida {key}", body="Text.")
    network_models.Testimonial.objects.create(
        quote="Ett bra nätverk.", name="Ada", role="prorektor"
    )
    network_models.Contact.objects.create(name="Kansliet", email="kansli@example.org")
    OutgoingMail.objects.create(
        last_attempt_at=timezone.now(),
        error="SMTP server unavailable",
        kind="registration/confirmation",
        from_email="kansli@example.org",
        to=["ada@example.org"],
        subject="Din anmälan",
        body="Välkommen.",
    )
    # A task waiting for the worker (the queue's admin, for superusers).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        send_again_task.enqueue(outgoing_mail_pk=0)
    network_models.AccessibilityStatement.objects.create(
        assessed_on=datetime.date(2025, 1, 1), updated_on=datetime.date(2025, 1, 2)
    )

    member = UserFactory(approved_at=timezone.now())
    member.groups.add(Group.objects.get_or_create(name="Samordnare")[0])
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    invited = PersonFactory(institution=institution)
    invitation_send(person=invited, base_url="https://klossnet.example.org")
    # What recipients switched off, and an address a bounce blocked (core.mail_preferences).
    mail_switch(recipient=member, kind="registration/mailing", on=False)
    SuppressedAddress.objects.create(
        address="studs@example.org", reason="bounced", provider="postmark", detail="550"
    )

    # A final record (locked: posted back untouched it must still save) with a part of
    # every kind and a decided comment, and a draft linking the other meeting's document.
    final = Record.objects.create(meeting=with_photo, state=Record.State.FINAL)
    final.photos.add(photo)
    for kind in RecordSection.Kind.values:
        RecordSection.objects.create(
            record=final,
            kind=kind,
            text_sv=f"Text {kind}.",
            text_en=f"Text {kind} in English.",
            agenda_item=item if kind in ("agenda_item", "speaker") else None,
            speaker_sv="Ada Lund, rektor, KTH" if kind == "speaker" else "",
            institution=institution if kind == "quote" else None,
            person_name="Ada Lund" if kind == "quote" else "",
            name_consent=kind == "quote",
            visibility="public" if kind == "insight" else "members",
        )
    RecordComment.objects.create(
        record=final, author=member, text="Rätta årtalet.", status="accepted"
    )
    draft = Record.objects.create(meeting=with_document, state=Record.State.REVIEW)
    draft.documents.add(document)

    upcoming = MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=30))
    registration_setup(meeting=upcoming)
    registration = Registration.objects.create(meeting=upcoming, person=person, language="sv")
    for part in upcoming.registration_parts.all():
        Entry.objects.create(registration=registration, part=part, status=Entry.Status.CONFIRMED)
    # The communications: the defaults, the meeting's plan, one message sent to the person.
    plan = plan_make(meeting=upcoming)
    Delivery.objects.create(
        communication=plan[0],
        person=person,
        email=person.email,
        language="sv",
        status=Delivery.Status.QUEUED,
    )
    question = CarriedQuestion.objects.create(
        raised_at=with_photo,
        text_sv="Hur följer vi upp?",
        status=CarriedQuestion.Status.TAKEN_UP,
        # Later than the meeting that raised it, whatever the factories' dates have reached.
        resolved_at=MeetingFactory(date=with_photo.date + datetime.timedelta(days=180)),
        note_sv="Togs upp i panelen.",
    )
    question.themes.add(theme)
    # Feedback: a template with a scale and a choice question, a survey of a past meeting.
    template = SurveyTemplateFactory(intro_sv="Anonymt.", intro_en="Anonymous.")
    QuestionFactory(template=template, key="overall-value")
    ChoiceFactory(question__template=template, question__key="format")
    SurveyFactory(
        meeting=with_photo,
        template=template,
        opens_on=with_photo.date + datetime.timedelta(days=1),
        closes_on=with_photo.date + datetime.timedelta(days=15),
    )
    # Guests: an organisation and a person who spoke at an agenda item, and slides the
    # person sent through the signed link, waiting for the coordinator.
    organisation = OrganisationFactory()
    guest = GuestFactory(organisation=organisation)
    agenda_item = AgendaItemFactory(meeting=with_photo)
    talk = TalkFactory(agenda_item=agenda_item, guest=guest, organisation=organisation)
    SlideUpload.objects.create(talk=talk, title="Bilder", file=_pdf("slides.pdf"))
    # A backup the worker wrote (the admin lists it; its change form only shows it).
    Backup.objects.create(
        state=Backup.State.DONE,
        path="/var/backups/klossnet/klossnet-20261201-020000.tar.gz",
        size=1,
    )
    return {
        "meetings.Meeting": [with_photo, with_document],
        "records.Record": [final, draft],
        "members.Person": [person],
        "members.Institution": [institution],
        "projects.Project": [project],
    }


@pytest.fixture(scope="module")
def _admin_world_built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once per test module inside a transaction of the module's own,
    rolled back after its last test; each test runs in its own transaction on top of it
    (pytest-django's savepoint), so what a test changes is undone before the next one.
    Building it took about a second of CPU, for each of some 110 tests.

    The uploaded files are written to a directory of the module's and copied into each
    test's media directories (a test may delete them). The world's e-mails (the
    invitation) are checked as any test's are (tests/mail_checks.py)."""
    media = tmp_path_factory.mktemp("admin-world")
    roots = {"MEDIA_ROOT": media / "media", "PRIVATE_MEDIA_ROOT": media / "private-media"}
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGE_CODE="sv", EMAIL_BACKEND=mail_checks.BACKEND, **roots),
        translation.override("sv"),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            mail_checks.problems.clear()
            world = _world()
            found, mail_checks.problems[:] = list(mail_checks.problems), []
            assert not found, "E-mails below the spam-check minimum: " + "; ".join(found)
            pks = {
                label: [(type(obj), obj.pk) for obj in objects] for label, objects in world.items()
            }
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield roots, pks
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def admin_world(_admin_world_built, db, settings):
    """{model label: [objects to test]}; a model not named has its first row tested."""
    settings.LANGUAGE_CODE = "sv"
    roots, pks = _admin_world_built
    for name, built in roots.items():
        if built.exists():
            shutil.copytree(built, getattr(settings, name), dirs_exist_ok=True)
    # Read afresh: an object a test changed in memory is not the next test's.
    return {
        label: [model._default_manager.get(pk=pk) for model, pk in objects]
        for label, objects in pks.items()
    }


def objects_of(model, admin_world) -> list:
    """The objects of ``model`` to test; fails when the world holds none."""
    objects = admin_world.get(model._meta.label) or list(model._default_manager.order_by("pk")[:1])
    assert objects, (
        f"{model._meta.label} is registered in the admin but the tests have no object of it: "
        "add one to _world() in tests/klossnet/conftest.py"
    )
    return objects

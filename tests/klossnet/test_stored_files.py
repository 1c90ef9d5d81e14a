"""Replacing or deleting an upload deletes its file and every rendition from storage
(core/stored_files.py), for every model with file fields."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.stored_files import delete_when_unreferenced, file_fields, models_with_files
from guests.models import SlideUpload
from meetings.models import Document, Photo
from members.models import Institution, Person
from projects.models import ProjectResult
from tests.factories import (
    InstitutionFactory,
    MeetingFactory,
    PersonFactory,
    ProjectResultFactory,
    TalkFactory,
)
from tests.meetings.test_models import jpeg_with_gps
from tests.members import images

pytestmark = pytest.mark.django_db


def stored() -> set[str]:
    """Every file in both storages, relative to its root."""
    names = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        root = Path(root)
        names |= {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    return names


def new_photo(meeting, name="gruvan.jpg") -> Photo:
    photo = Photo(meeting=meeting, alt_sv="Deltagare vid gruvan", alt_en="Participants")
    photo.image = SimpleUploadedFile(name, jpeg_with_gps(2000, 1200), content_type="image/jpeg")
    photo.save()
    return photo


def photo_files(photo: Photo) -> set[str]:
    names = {photo.image.name, photo.image_480.name, photo.image_960.name, photo.image_1600.name}
    names |= {name for entries in photo.sources.values() for name, _width in entries}
    return names


def pdf(name="protokoll.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes", content_type="application/pdf")


def test_replacing_a_meeting_photo_deletes_the_old_image_and_every_rendition(
    django_capture_on_commit_callbacks,
):
    photo = new_photo(MeetingFactory())
    old = photo_files(photo)
    assert len(old) >= 4 and old <= stored()  # original, three sizes, modern formats

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = SimpleUploadedFile("ny.jpg", jpeg_with_gps(1800, 1000), "image/jpeg")
        photo.save()

    assert not old & stored()
    assert photo_files(photo) <= stored()


def test_deleting_a_meeting_deletes_its_photos_and_documents_files(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory()
    photo = new_photo(meeting)
    document = Document.objects.create(meeting=meeting, title="Protokoll", file=pdf())
    files = photo_files(photo) | {document.file.name}
    assert files <= stored()

    with django_capture_on_commit_callbacks(execute=True):
        meeting.delete()  # photos and documents go with it (CASCADE)

    assert stored() == set()


def test_resaving_a_photo_unchanged_keeps_every_file(django_capture_on_commit_callbacks):
    photo = new_photo(MeetingFactory())
    with django_capture_on_commit_callbacks(execute=True):
        photo.alt = "Ny beskrivning"
        photo.save()
        Photo.objects.get(pk=photo.pk).save()
    assert photo_files(photo) <= stored()


def test_a_file_another_row_still_names_is_kept(django_capture_on_commit_callbacks):
    # Synthetic benchmark rows share one image (meetings/benchdata.py).
    meeting = MeetingFactory()
    first = new_photo(meeting)
    shared = Photo.objects.create(meeting=meeting, image=first.image.name, alt="Samma bild")
    with django_capture_on_commit_callbacks(execute=True):
        shared.delete()
    assert first.image.name in stored()


def test_which_files_rows_still_name_costs_one_query_per_model_however_many_files(
    django_capture_on_commit_callbacks,
):
    kept = new_photo(MeetingFactory()).image.name

    def delete(count: int) -> int:
        names = [
            default_storage.save(f"meetings/photos/gone-{count}-{n}.jpg", ContentFile(b"x"))
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            with django_capture_on_commit_callbacks(execute=True):
                delete_when_unreferenced([(default_storage, name) for name in [*names, kept]])
        assert kept in stored() and not set(names) & stored()
        return len(queries)

    with_files = [model for model in models_with_files() if file_fields(model)]
    assert delete(1) == delete(40) == len(with_files)


def test_a_save_that_rolls_back_deletes_nothing():
    photo = new_photo(MeetingFactory())
    old = photo_files(photo)
    with pytest.raises(RuntimeError), transaction.atomic():
        photo.image = SimpleUploadedFile("ny.jpg", jpeg_with_gps(800, 600), "image/jpeg")
        photo.save()
        raise RuntimeError("the admin's save failed")
    assert old <= stored()


def test_replacing_a_persons_photo_in_the_admin_deletes_the_earlier_one(
    admin_client, django_capture_on_commit_callbacks
):
    person = PersonFactory(photo_alt="Porträtt")
    person.photo.save("tidigare.png", ContentFile(images.png_bytes()))
    earlier = person.photo.name
    assert earlier in stored()
    data = {
        "name": person.name,
        "title_sv": "vicerektor",
        "title_en": "Pro-Vice-Chancellor",
        "institution": person.institution.pk,
        "email": person.email,
        "phone": person.phone,
        "photo": images.jpeg_with_exif("nytt.jpg"),
        "photo_alt_sv": "Porträtt",
        "photo_alt_en": "Portrait",
        "representations-TOTAL_FORMS": "0",
        "representations-INITIAL_FORMS": "0",
        "representations-MIN_NUM_FORMS": "0",
        "representations-MAX_NUM_FORMS": "1000",
    }
    url = reverse("admin:members_person_change", args=[person.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert earlier not in stored()
    assert stored() == {person.photo.name}

    # Clearing the photo ("Rensa") deletes it too.
    data = {**data, "photo": "", "photo-clear": "on", "photo_alt_sv": "", "photo_alt_en": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert stored() == set()


def _institution_logo():
    return InstitutionFactory(logo=SimpleUploadedFile("logo.png", images.png_bytes())), "logo"


def _person_photo():
    return PersonFactory(photo=SimpleUploadedFile("foto.png", images.png_bytes())), "photo"


def _meeting_photo():
    return new_photo(MeetingFactory()), "image"


def _document():
    return Document.objects.create(meeting=MeetingFactory(), title="Protokoll", file=pdf()), "file"


def _project_result():
    return ProjectResultFactory(file=pdf("rapport.pdf")), "file"


def _slide_upload():
    return SlideUpload.objects.create(talk=TalkFactory(), title="Bilder", file=pdf("bilder.pdf")), (
        "file"
    )


EVERY_UPLOAD = {
    Institution: _institution_logo,
    Person: _person_photo,
    Photo: _meeting_photo,
    Document: _document,
    ProjectResult: _project_result,
    SlideUpload: _slide_upload,
}


def test_every_model_with_files_is_covered_here():
    # A new model with a file field gets its file cleaned up (the handlers are generic);
    # add it to EVERY_UPLOAD so this file proves it.
    assert set(models_with_files()) == set(EVERY_UPLOAD)


@pytest.mark.parametrize("model", EVERY_UPLOAD, ids=lambda model: model._meta.label)
def test_replacing_then_deleting_any_upload_removes_its_files(
    model, django_capture_on_commit_callbacks
):
    obj, field = EVERY_UPLOAD[model]()
    first = stored()
    assert getattr(obj, field).name in first

    with django_capture_on_commit_callbacks(execute=True):
        if model in (Document, ProjectResult, SlideUpload):
            setattr(obj, field, pdf("ersatt.pdf"))
        else:
            setattr(obj, field, SimpleUploadedFile("ersatt.png", images.png_bytes()))
        obj.save()
    second = stored()
    assert not first & second
    assert getattr(obj, field).name in second

    with django_capture_on_commit_callbacks(execute=True):
        obj.delete()
    assert stored() == set()

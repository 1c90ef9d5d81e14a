"""Large photos and decompression bombs in the coordinator's admin.

A photo near the pixel limit is decoded in full once in the request (to remove its
metadata) and its sizes are left to the background worker, which decodes it once and
reduces it once (a 40-megapixel photo took 14–20 s of a request, the worker timeout is
30 s); until then the page shows the original. A decompression bomb is refused with a
message that says why, in Swedish and in English, where Django's own image check said only
"not a valid image".
"""

import re
import struct
import zlib

import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult
from PIL import Image, ImageFile
from reversion.models import Version

from core.uploads import MAX_IMAGE_PIXELS
from meetings.models import PHOTO_WIDTHS, Photo, photo_renditions_task
from tests.admin_forms import browser_form_data
from tests.factories import MeetingFactory
from tests.klossnet.test_tasks import db_worker
from tests.meetings.test_models import jpeg_with_gps
from tests.members.images import png_bytes

pytestmark = pytest.mark.django_db


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header declares ``width`` × ``height`` pixels."""
    data = bytearray(png_bytes((1, 1)))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def post_photo(client, meeting, upload, **headers):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = browser_form_data(client.get(url).content.decode(), form_id="meeting_form")
    data.update(
        {
            "photos-TOTAL_FORMS": ["1"],
            "photos-0-order": ["0"],
            "photos-0-alt_sv": ["Deltagarna framför gruvan"],
            "photos-0-image": upload,
            "_save": ["Spara"],
        }
    )
    return client.post(url, data, **headers)


# Above Pillow's own limit (its DecompressionBombError: 400 megapixels) and between ours
# and Pillow's (45 megapixels, where Pillow would decode it).
BOMBS = [(20_000, 20_000), (9_000, 5_000)]


@pytest.mark.parametrize(("width", "height"), BOMBS, ids=["400MP", "45MP"])
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Bilden har för många pixlar: högst 40 megapixel"),
        ("en", "The image has too many pixels: at most 40 megapixels"),
    ],
)
def test_a_decompression_bomb_is_refused_with_a_clear_message(
    admin_client, width, height, language, message
):
    assert width * height > MAX_IMAGE_PIXELS
    meeting = MeetingFactory()
    bomb = SimpleUploadedFile("bomb.png", png_declaring(width, height), "image/png")
    response = post_photo(admin_client, meeting, bomb, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    photos = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "photos"
    )
    errors = photos.forms[0].errors.as_data()["image"]
    assert [error.code for error in errors] == ["image_too_many_pixels"]
    assert message in response.content.decode()
    assert not meeting.photos.exists()


@pytest.fixture
def decoding_log(monkeypatch):
    """The size of every image Pillow decodes and of every image it resizes."""
    log = {"decoded": [], "resized": []}
    load, resize = ImageFile.ImageFile.load, Image.Image.resize

    def logged_load(image):
        decoding = bool(image.tile)  # Pillow calls load() again on a decoded image
        result = load(image)
        if decoding:
            log["decoded"].append(image.size)
        return result

    def logged_resize(image, size, *args, **kwargs):
        log["resized"].append(image.size)
        return resize(image, size, *args, **kwargs)

    monkeypatch.setattr(ImageFile.ImageFile, "load", logged_load)
    monkeypatch.setattr(Image.Image, "resize", logged_resize)
    return log


def test_a_large_photo_saved_in_the_admin_is_decoded_once_and_its_sizes_left_to_the_worker(
    admin_client, decoding_log, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    size = (6000, 4000)
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(*size), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(admin_client, meeting, upload)
    assert response.status_code == 302
    photo: Photo = meeting.photos.get()
    assert photo.image and not photo.has_renditions and photo.sources == {}
    # The checks (form field and model validator) decode at an eighth of the size, once;
    # removing the metadata decodes in full once; nothing is reduced in the request.
    assert decoding_log["decoded"].count(size) == 1, decoding_log["decoded"]
    assert (size[0] // 8, size[1] // 8) in decoding_log["decoded"]
    assert decoding_log["resized"] == []
    (queued,) = default_task_backend.results
    assert queued.task.name == photo_renditions_task.name
    assert queued.kwargs == {"photo_pk": photo.pk, "image": photo.image.name}

    # The worker's part: the stored image decoded once, reduced once from the full size;
    # every smaller size comes from the next larger one.
    decoding_log["decoded"].clear()
    assert photo_renditions_task.call(**queued.kwargs) is True
    photo.refresh_from_db()
    assert photo.image_1600 and photo.sources["image/webp"][-1][1] == max(PHOTO_WIDTHS)
    assert decoding_log["decoded"] == [size]
    assert decoding_log["resized"].count(size) == 1, decoding_log["resized"]
    assert len(decoding_log["resized"]) == len(PHOTO_WIDTHS)


def test_until_the_sizes_are_made_the_page_shows_the_original_with_its_alt_text(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    meeting = MeetingFactory()
    photo = Photo(meeting=meeting, alt_sv="Deltagarna framför gruvan", alt_en="At the mine")
    photo.image = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(2000, 1200), "image/jpeg")
    photo.save()
    assert not photo.has_renditions
    html = client.get(meeting.get_absolute_url()).content.decode()
    img, enlarged = re.findall(r"<img [^>]*>", html[html.index('class="gallery"') :])
    assert f'src="{photo.image.url}"' in img and 'alt="Deltagarna framför gruvan"' in img
    assert 'width="2000" height="1200"' in img
    assert "srcset" not in img and "<source" not in html  # no size that does not exist yet
    assert f'src="{photo.image.url}"' in enlarged and "srcset" not in enlarged  # enlarged too

    photo_renditions_task.call(photo_pk=photo.pk, image=photo.image.name)
    html = client.get(meeting.get_absolute_url()).content.decode()
    photo.refresh_from_db()
    assert f'src="{photo.image_960.url}"' in html and photo.srcset in html


def test_a_replaced_or_deleted_photo_gets_no_sizes_from_its_earlier_task(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    photo = Photo(meeting=MeetingFactory(), alt="Gruvan")
    photo.image = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(1200, 800), "image/jpeg")
    photo.save()
    first = photo.image.name
    photo.image = SimpleUploadedFile("ny.jpg", jpeg_with_gps(1000, 700), "image/jpeg")
    photo.save()
    assert photo_renditions_task.call(photo_pk=photo.pk, image=first) is False
    photo.refresh_from_db()
    assert not photo.has_renditions
    pk = photo.pk
    photo.delete()
    assert photo_renditions_task.call(photo_pk=pk, image=photo.image.name) is False


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_makes_the_sizes_of_a_photo_saved_in_the_admin(admin_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(3000, 2000), "image/jpeg")
    assert post_photo(admin_client, meeting, upload).status_code == 302
    photo = meeting.photos.get()
    assert not photo.has_renditions
    assert DBTaskResult.objects.get().status == "READY"
    db_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    photo.refresh_from_db()
    assert [photo.image_480.width, photo.image_960.width, photo.image_1600.width] == [
        480,
        960,
        1600,
    ]
    for entries in photo.sources.values():
        assert [width for _name, width in entries] == list(PHOTO_WIDTHS)
        for name, _width in entries:
            assert photo.image.storage.exists(name)


def test_a_photo_restored_from_a_version_without_sizes_gets_them_from_the_worker(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        with reversion.create_revision():  # as the admin saves it, before the worker ran
            photo = Photo(meeting=MeetingFactory(), alt="Gruvan")
            photo.image = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(1200, 800), "image/jpeg")
            photo.save()
    photo_renditions_task.call(photo_pk=photo.pk, image=photo.image.name)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Version.objects.get_for_object(photo).get().revert()
    photo.refresh_from_db()
    assert not photo.has_renditions  # the version's, and the page shows the original
    (queued,) = default_task_backend.results
    assert queued.kwargs == {"photo_pk": photo.pk, "image": photo.image.name}
    assert photo_renditions_task.call(**queued.kwargs) is True
    photo.refresh_from_db()
    assert photo.has_renditions

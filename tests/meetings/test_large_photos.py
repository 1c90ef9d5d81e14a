"""Large photos and decompression bombs in the coordinator's admin.

A photo near the pixel limit is decoded in full once and reduced once, not once per check
and per rendition (a 40-megapixel photo took 14–20 s of a request, the worker timeout is
30 s); a decompression bomb is refused with a message that says why, in Swedish and in
English, where Django's own image check said only "not a valid image".
"""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from core.uploads import MAX_IMAGE_PIXELS
from meetings.models import PHOTO_WIDTHS, Photo
from tests.admin_forms import browser_form_data
from tests.factories import MeetingFactory
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


def test_a_large_photo_is_decoded_in_full_once_and_reduced_once(admin_client, decoding_log):
    size = (6000, 4000)
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(*size), "image/jpeg")
    response = post_photo(admin_client, meeting, upload)
    assert response.status_code == 302
    photo: Photo = meeting.photos.get()
    assert photo.image_1600 and photo.sources["image/webp"][-1][1] == max(PHOTO_WIDTHS)
    # The checks (form field and model validator) decode at an eighth of the size, once.
    assert decoding_log["decoded"].count(size) == 1, decoding_log["decoded"]
    assert (size[0] // 8, size[1] // 8) in decoding_log["decoded"]
    # One reduction from the full size; every smaller size comes from the next larger one.
    assert decoding_log["resized"].count(size) == 1, decoding_log["resized"]
    assert len(decoding_log["resized"]) == len(PHOTO_WIDTHS)

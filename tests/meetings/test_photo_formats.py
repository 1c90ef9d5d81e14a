"""Photos are also served as AVIF and WebP in a <picture>, with the JPEG/PNG as fallback."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, features

from meetings.models import Photo
from tests.factories import MeetingFactory
from tests.meetings.test_models import jpeg_with_gps

pytestmark = pytest.mark.django_db


def _photo(width=2000, height=1200):
    photo = Photo(meeting=MeetingFactory(), alt_sv="Deltagare vid gruvan")
    photo.image = SimpleUploadedFile("p.jpg", jpeg_with_gps(width, height), "image/jpeg")
    photo.full_clean()
    photo.save()
    return photo


def test_upload_makes_webp_and_avif_at_every_width():
    photo = _photo()
    expected = {"image/webp": "WEBP"}
    if features.check("avif"):
        expected["image/avif"] = "AVIF"
    assert set(photo.sources) == set(expected)
    for mime, fmt in expected.items():
        assert [width for _name, width in photo.sources[mime]] == [480, 960, 1600]
        for name, width in photo.sources[mime]:
            with default_storage.open(name) as file, Image.open(file) as image:
                assert image.format == fmt
                assert image.size == (width, round(1200 * width / 2000))
                assert not image.getexif()  # no GPS or camera data in any rendition


def test_small_photos_are_not_upscaled():
    photo = _photo(600, 400)
    assert [width for _name, width in photo.sources["image/webp"]] == [480, 600]


def test_meeting_page_offers_modern_formats_before_the_jpeg(client):
    photo = _photo()
    html = client.get(photo.meeting.get_absolute_url()).content.decode()
    picture = re.search(r"<picture>(.*?)</picture>", html, re.S).group(1)
    types = re.findall(r'<source type="([^"]+)" srcset="([^"]+)"', picture)
    assert [t for t, _srcset in types][-1] == "image/webp"
    if features.check("avif"):
        assert types[0][0] == "image/avif"
    for _type, srcset in types:
        assert srcset.count("w, ") == 2 and srcset.endswith("1600w")
    assert picture.index("<source") < picture.index("<img")
    assert f'src="{photo.src}"' in picture and photo.src.endswith(".jpg")

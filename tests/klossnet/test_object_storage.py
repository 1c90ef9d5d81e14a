"""Media on S3-compatible object storage, against moto's in-process S3 (no real cloud).

The storages are built by the same function settings.py calls with DJANGO_S3_* variables.
"""

from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from core.object_storage import media_origins, s3_storages
from meetings.models import Document, Photo
from tests.factories import MeetingFactory, UserFactory
from tests.meetings.test_models import jpeg_with_gps

pytestmark = pytest.mark.django_db

ENV = {
    "DJANGO_S3_BUCKET": "klossnet-media",
    "DJANGO_S3_REGION": "eu-north-1",
    "DJANGO_S3_ACCESS_KEY_ID": "test-key",
    "DJANGO_S3_SECRET_ACCESS_KEY": "test-secret",
}


@pytest.fixture
def bucket(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-north-1")
        s3.create_bucket(
            Bucket="klossnet-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-north-1"},
        )
        settings.STORAGES = {**settings.STORAGES, **s3_storages(ENV)}
        yield s3


def _keys(s3, prefix: str) -> set[str]:
    listing = s3.list_objects_v2(Bucket="klossnet-media", Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def _document(visibility):
    document = Document(
        meeting=MeetingFactory(), title_sv="Minnesanteckningar", title_en="Notes",
        visibility=visibility,
    )  # fmt: skip
    document.file = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 secret minutes")
    document.full_clean()
    document.save()
    return document


def test_without_a_bucket_media_stays_on_disk():
    assert s3_storages({}) == {}
    assert media_origins({}) == []


def test_photos_and_renditions_are_public_objects_with_plain_urls(client, bucket):
    meeting = MeetingFactory()
    photo = Photo(meeting=meeting, alt_sv="Deltagare vid gruvan")
    photo.image = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    photo.full_clean()
    photo.save()

    stored = _keys(bucket, "media/meetings/photos/")
    assert f"media/{photo.image.name}" in stored
    assert f"media/{photo.image_960.name}" in stored
    assert len(stored) >= 4  # the original and its 480, 960 and 1600 px renditions
    body = bucket.get_object(Bucket="klossnet-media", Key=f"media/{photo.image.name}")["Body"]
    assert b"Test camera maker" not in body.read()  # EXIF stripped before upload

    html = client.get(meeting.get_absolute_url()).content.decode()
    url = urlsplit(photo.src)
    assert photo.src in html
    assert "X-Amz-Signature" not in photo.src
    assert f"{url.scheme}://{url.netloc}" in media_origins(ENV)  # the CSP lets it load


def test_members_document_is_private_and_handed_out_as_a_short_signed_url(client, bucket):
    document = _document(Document.Visibility.MEMBERS)
    assert _keys(bucket, "private/") == {f"private/{document.file.name}"}
    assert _keys(bucket, "media/") == set()

    anonymous = client.get(document.get_absolute_url())
    assert anonymous.status_code == 302
    assert "amazonaws" not in anonymous["Location"]

    client.force_login(UserFactory(marked_as_member=True))
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = urlsplit(response["Location"])
    query = parse_qs(signed.query)
    assert signed.path.endswith(f"private/{document.file.name}")
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"][0].startswith("attachment;")


def test_non_members_get_no_signed_url(client, bucket):
    document = _document(Document.Visibility.MEMBERS)
    client.force_login(UserFactory())
    response = client.get(document.get_absolute_url())
    assert response.status_code == 403
    assert "X-Amz-Signature" not in response.content.decode()

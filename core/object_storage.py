"""Media on S3-compatible object storage (django-storages), so several servers share it.

Read by settings.py; kept apart so tests build exactly the configuration production gets.
Public uploads (photos, logos) go under ``media/`` with plain, unsigned URLs: the bucket's
policy lets anyone read ``media/*``. Members-only files go under ``private/``, which nobody
may read; after the permission check the portal redirects to a signed URL that expires
after ``DJANGO_S3_SIGNED_URL_SECONDS`` (default 60).
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

BACKEND = "storages.backends.s3.S3Storage"


def s3_storages(environ: Mapping[str, str]) -> dict[str, dict]:
    """STORAGES entries ("default" and "private") for the bucket in ``environ``, or {}."""
    bucket = environ.get("DJANGO_S3_BUCKET", "")
    if not bucket:
        return {}
    common = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("DJANGO_S3_REGION") or None,
        "access_key": environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        # Uploads never replace each other's files.
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Self-hosted S3 (MinIO, Ceph, Garage) serves buckets under the endpoint's path.
        "addressing_style": "path" if environ.get("DJANGO_S3_ENDPOINT_URL") else None,
        # ACLs are off on new AWS buckets; access is the bucket policy's job.
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": BACKEND,
            "OPTIONS": {
                **common,
                "location": "media",
                "querystring_auth": False,
                "custom_domain": environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            },
        },
        "private": {
            "BACKEND": BACKEND,
            "OPTIONS": {
                **common,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": int(environ.get("DJANGO_S3_SIGNED_URL_SECONDS", "60")),
            },
        },
    }


def media_origins(environ: Mapping[str, str]) -> list[str]:
    """The origins public media URLs point at, for the Content Security Policy's img-src."""
    bucket = environ.get("DJANGO_S3_BUCKET", "")
    if not bucket:
        return []
    if domain := environ.get("DJANGO_S3_CUSTOM_DOMAIN"):
        return [f"https://{domain}"]
    if endpoint := environ.get("DJANGO_S3_ENDPOINT_URL"):
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region := environ.get("DJANGO_S3_REGION"):
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins

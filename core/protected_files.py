"""Files that must never have a public URL (members-only documents), and how to hand them out.

They live in ``settings.PRIVATE_MEDIA_ROOT``, outside ``MEDIA_ROOT``, so no web server serves
them directly. A view checks permission and then calls :func:`protected_file_response`, which
streams the file itself or, in production, lets nginx (``X-Accel-Redirect``) or Apache
(``X-Sendfile``) send it from an internal location. On object storage
(``DJANGO_S3_BUCKET``), it redirects to a short-lived signed URL instead.
"""

import mimetypes
import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header


@deconstructible
class PrivateMediaStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read on every use (tests override it)."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None  # no URL: url() raises, files go through a permission-checking view

    def url(self, name):
        raise ValueError("Protected files have no public URL; link to the view serving them.")


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use and again after STORAGES changes."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The storage of every members-only file field: local disk or a private S3 prefix."""
    return _private


def protected_file_response(field_file, *, filename: str | None = None, as_attachment=True):
    """A response delivering ``field_file`` (a FieldFile in PrivateMediaStorage).

    Call it only after checking that the user may see the file.
    """
    filename = filename or os.path.basename(field_file.name)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    server = settings.PRIVATE_MEDIA_SERVER
    if not isinstance(field_file.storage, FileSystemStorage):
        # Object storage: a signed URL, valid for a minute, that only this visitor receives.
        response = HttpResponseRedirect(
            field_file.storage.url(
                field_file.name,
                parameters={
                    "ResponseContentDisposition": content_disposition_header(
                        as_attachment, filename
                    ),
                    "ResponseContentType": content_type,
                },
            )
        )
    elif server == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        internal = settings.PRIVATE_MEDIA_INTERNAL_URL.rstrip("/") + "/"
        response["X-Accel-Redirect"] = internal + quote(field_file.name)
    elif server == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = field_file.path
    else:
        response = FileResponse(
            field_file.open("rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=content_type,
        )
    if not isinstance(response, HttpResponseRedirect):
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""Validation and cleaning of uploaded files, shared by every app that takes uploads.

Images: must really be images (Pillow decodes them), not larger than a size and pixel limit
(refuses decompression bombs), and are re-encoded without EXIF so no GPS position or camera
serial ever reaches a published file. Documents: PDF, Office and image types only, sniffed
by content as well as by name, size-limited, with sanitised file names.
"""

import dataclasses
import os
import uuid
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 × 5000
OPTIMIZE_MAX_PIXELS = 12_000_000  # larger JPEGs are re-encoded without Huffman optimisation
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}

# Office documents are ZIP (OOXML) or OLE2 containers; PDF has its own magic number.
DOCUMENT_SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".ods": [b"PK\x03\x04"],
    ".odp": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".ppt": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
}


def _open_image(file, *, check_only: bool = False) -> Image.Image:
    """Open and decode ``file``, refusing what is no image and decompression bombs.

    ``check_only``: a JPEG is decoded at an eighth of its size (``Image.draft``): every byte
    of it is still read and checked, but a 40-megapixel photo takes a fifth of the time.
    """
    file.seek(0)
    with warnings.catch_warnings():
        # Pillow warns above its own limit and raises above twice that; refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError
            if check_only:
                image.draft(image.mode, (image.width // 8, image.height // 8))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                _(
                    "The image has too many pixels: at most %(pixels)s megapixels are allowed. "
                    "Make it smaller (fewer pixels wide and high) and upload it again."
                ),
                code="image_too_many_pixels",
                params={"pixels": MAX_IMAGE_PIXELS // 1_000_000},
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("The file is not an image we can read. Upload a JPEG, PNG, WebP or GIF image."),
                code="not_an_image",
            ) from error
    if image.format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF image."), code="image_format")
    return image


def fresh_upload(file):
    """The new upload behind ``file``, or None when ``file`` is already in storage.

    A model field's validators get a ``FieldFile``. When a form is posted back unchanged or a
    history version is restored, it names a file that is already stored and was checked when
    it was uploaded; reading it again costs a round trip to storage, fails once the file is
    gone, and fails when Django has opened and closed it already (ImageField's dimension
    update does: "seek of closed file"). Validators check only what is new.
    """
    if isinstance(file, FieldFile):
        return None if file._committed else file.file
    return file


# Set on an upload once it passed validate_image: the form field and the model field's
# validator both check it, and a large photo is decoded once, not twice.
_CHECKED = "_klossnet_image_checked"


def validate_image(file) -> None:
    """Model-field validator: size, real image content and pixel count of a new upload."""
    file = fresh_upload(file)
    if file is None or getattr(file, _CHECKED, False):
        return
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(max)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(MAX_IMAGE_BYTES)},
        )
    _open_image(file, check_only=True)
    file.seek(0)
    setattr(file, _CHECKED, True)


class SafeImageField(forms.ImageField):
    """An image upload checked for size and pixel count before Pillow decodes it.

    Django's own ImageField answers a decompression bomb or an oversized file with a vague
    "not a valid image"; checking first gives the coordinator the real reason.
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class ImageUploadField(models.ImageField):
    """A model's ImageField whose forms (admin, inlines, members' own pages) check uploads
    with :class:`SafeImageField`, so every refusal says why.

    Only the form field differs, nothing in the database: migrations see a plain
    ``models.ImageField``.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs


@dataclasses.dataclass
class CleanImage:
    """An upload re-encoded without metadata, and its pixels, upright, already decoded."""

    content: ContentFile
    image: Image.Image
    format: str


def image_cleaned(file, *, name: str | None = None) -> CleanImage:
    """Re-encode an image without EXIF/XMP/ICC text chunks, keeping its orientation.

    The decoded image is returned as well, so that renditions are made from it without
    decoding the file again.
    """
    image = _open_image(file)
    fmt = image.format
    ImageOps.exif_transpose(image, in_place=True)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = BytesIO()
    # Optimised Huffman tables save ~6 % but nearly triple the time of a 40-megapixel
    # encode (0.4 → 1 s); such an original is never served as it is, only its renditions.
    optimize = image.width * image.height <= OPTIMIZE_MAX_PIXELS
    save_kwargs = {"quality": 88, "optimize": optimize} if fmt == "JPEG" else {}
    image.save(out, format=fmt, **save_kwargs)  # no exif= argument: metadata is dropped
    base = os.path.splitext(os.path.basename(name or getattr(file, "name", "") or "image"))[0]
    content = ContentFile(out.getvalue(), name=f"{slugify(base) or 'image'}{IMAGE_FORMATS[fmt]}")
    return CleanImage(content=content, image=image, format=fmt)


def image_without_metadata(file, *, name: str | None = None) -> ContentFile:
    """The upload re-encoded without metadata (see :func:`image_cleaned`)."""
    return image_cleaned(file, name=name).content


def validate_document(file) -> None:
    """PDF, Office and image files only, checked by extension and by content (new uploads)."""
    file = fresh_upload(file)
    if file is None:
        return
    extension = os.path.splitext(file.name)[1].lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed: %(allowed)s."),
            code="document_type",
            params={
                "extension": extension or "?",
                "allowed": ", ".join(sorted(DOCUMENT_SIGNATURES)),
            },
        )
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s."),
            code="document_too_large",
            params={
                "size": filesizeformat(file.size),
                "max": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(sig) for sig in DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("The file’s content does not match its type “%(extension)s”."),
            code="document_content",
            params={"extension": extension},
        )


@deconstructible
class SafeUploadTo:
    """upload_to that keeps a readable, sanitised name and adds a short random part."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        base, extension = os.path.splitext(os.path.basename(filename))
        safe = slugify(get_valid_filename(base))[:60] or "file"
        return f"{self.folder}/{safe}-{uuid.uuid4().hex[:8]}{extension.lower()[:10]}"

    def __eq__(self, other):
        return isinstance(other, SafeUploadTo) and other.folder == self.folder

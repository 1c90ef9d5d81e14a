"""Image files for upload tests: a real one, a fake one, an oversized one and a bomb."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size=(4, 4)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (11, 58, 102)).save(out, format="PNG")
    return out.getvalue()


def png(name="logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def jpeg_with_exif(name="photo.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker that must not be published"
    out = BytesIO()
    Image.new("RGB", (8, 8), (200, 100, 50)).save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_an_image(name="logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 this is not an image", content_type="image/png")


def oversized(name="logo.png") -> SimpleUploadedFile:
    """A real PNG padded past the 10 MB limit."""
    return SimpleUploadedFile(
        name, png_bytes() + b"\0" * (10 * 1024 * 1024 + 1), content_type="image/png"
    )


def decompression_bomb(name="logo.png") -> SimpleUploadedFile:
    """A tiny PNG whose header declares 20000 × 20000 pixels."""
    data = bytearray(png_bytes((1, 1)))
    # Signature (8), IHDR length (4), b"IHDR" (4), width (4), height (4) … CRC over type+data.
    data[16:24] = struct.pack(">II", 20000, 20000)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return SimpleUploadedFile(name, bytes(data), content_type="image/png")

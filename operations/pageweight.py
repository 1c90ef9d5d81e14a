"""What a page costs to download without photos: its HTML and the CSS and JS it links, gzipped.

Used by ``make benchmark`` to report and by a test to hold the budget (60 kB). WhiteNoise
serves the static files precompressed; nginx (deploy/nginx.conf) gzips the HTML.
"""

import gzip
import re

from django.conf import settings
from django.contrib.staticfiles import finders

BUDGET_BYTES = 60 * 1024
_ASSET = re.compile(r'(?:href|src)="' + re.escape(settings.STATIC_URL) + r'([^"?#]+\.(?:css|js))"')


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(html: str) -> dict[str, int]:
    """Compressed bytes of the HTML and of every stylesheet and script it links."""
    weights = {"html": _gzipped(html.encode())}
    for name in sorted(set(_ASSET.findall(html))):
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"{name} is linked but no static file has that name")
        with open(path, "rb") as file:
            weights[name] = _gzipped(file.read())
    return weights

"""The record as an accessible PDF: tagged PDF/UA-1 from the same parts as the HTML page.

WeasyPrint lays it out with Pango (a system library, see .ci/run). The document's language
comes from ``<html lang>``, its title from ``<title>``; headings, lists and quotes are tagged
from the HTML structure.
"""

from django.template.loader import render_to_string
from django.utils import translation


def record_pdf_bytes(context: dict, *, language: str, base_url: str) -> bytes:
    # Imported here, not at the top: WeasyPrint with Pango and fontTools costs about 0.7 s of
    # CPU to import, a third of a Django process's start, and only this function needs it.
    # Every other process (each manage.py command, worker, gunicorn worker and test run)
    # starts without it; the container part draws a PDF in the image to prove it loads there.
    import weasyprint

    with translation.override(language):
        html = render_to_string("records/record_pdf.html", {**context, "base_url": base_url})
    # No images are fetched: the PDF holds the text and links to the material.
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_no_fetch)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"the record's PDF loads nothing from outside: {url}")

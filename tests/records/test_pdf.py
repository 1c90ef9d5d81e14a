"""The record's PDF: tagged PDF/UA-1 in the URL's language, members-only parts for members."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from records.models import Record

pytestmark = pytest.mark.django_db


def _pdf(client, meeting, language):
    with translation.override(language):
        url = reverse("records:record_pdf", kwargs={"slug": meeting.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return PdfReader(io.BytesIO(response.content))


def _structure_types(node, found: list) -> list:
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(str(node["/S"]).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                _structure_types(kid, found)
    return found


def _text(reader) -> str:
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "Viktiga insikter"), ("en", "Key insights")]
)
def test_the_pdf_is_tagged_pdf_ua_in_its_language(client, record, language, heading):
    reader = _pdf(client, record.meeting, language)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language
    assert root["/MarkInfo"]["/Marked"]
    tags = _structure_types(root["/StructTreeRoot"], [])
    assert tags.count("H1") == 1
    assert "H2" in tags and "H3" in tags  # the parts, and each agenda item within them
    assert "L" in tags and "LI" in tags
    metadata = root["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid:part" in metadata
    assert heading in _text(reader)
    title = reader.metadata.title
    assert ("Dokumentation" if language == "sv" else "Record") in title


def test_the_public_pdf_leaves_out_the_members_only_parts(client, member, record):
    assert "Hemlig överenskommelse" not in _text(_pdf(client, record.meeting, "sv"))
    client.force_login(member)
    members_pdf = _pdf(client, record.meeting, "sv")
    assert "Hemlig överenskommelse om budgeten." in _text(members_pdf)


def test_a_record_that_is_not_final_has_no_pdf(client, record):
    Record.objects.filter(pk=record.pk).update(state=Record.State.REVIEW)
    with translation.override("sv"):
        url = reverse("records:record_pdf", kwargs={"slug": record.meeting.slug})
    assert client.get(url).status_code == 404


def test_a_members_pdf_is_never_kept_by_a_shared_cache(client, member, record):
    client.force_login(member)
    with translation.override("sv"):
        url = reverse("records:record_pdf", kwargs={"slug": record.meeting.slug})
    assert "private" in client.get(url)["Cache-Control"]

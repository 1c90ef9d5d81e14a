"""After the meeting a guest sends their slides through a signed link (no login, expires);
the upload is checked as the coordinator's are, waits for approval, and is then published
as a document of the meeting with the visibility the coordinator chose."""

import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from guests.links import slides_token
from guests.models import SlideUpload
from meetings.models import Document
from tests.factories import GuestFactory, TalkFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(token: str, language: str = "sv") -> str:
    with translation.override(language):
        return reverse("guests:slides_upload", kwargs={"token": token})


@pytest.fixture
def talk():
    return TalkFactory(
        guest=GuestFactory(name="Darja Isaksson", email="darja@example.org"),
        agenda_item__title_sv="Forskningens roll",
        agenda_item__title_en="The role of research",
    )


def _send(client, talk, *, name="bilder.pdf", content=PDF, title="Forskningens roll, bilder"):
    return client.post(
        _url(slides_token(talk)),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_the_link_opens_the_upload_form_without_login(client, talk):
    html = client.get(_url(slides_token(talk))).content.decode()
    assert "Forskningens roll" in html
    assert 'enctype="multipart/form-data"' in html
    with translation.override("en"):
        assert "The role of research" in client.get(_url(slides_token(talk), "en")).content.decode()


def test_a_guest_uploads_slides_that_wait_for_approval(client, talk):
    response = _send(client, talk)
    assert response.status_code == 200
    assert "Tack för din presentation" in response.content.decode()
    upload = SlideUpload.objects.get()
    assert upload.talk == talk and upload.state == SlideUpload.State.PENDING
    assert upload.visibility == Document.Visibility.MEMBERS
    assert upload.file.read() == PDF
    assert not Document.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused_and_the_title_kept(client, talk):
    response = _send(client, talk, name="bilder.pdf", content=b"MZ\x90\x00 not a pdf")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Presentationen skickades inte" in html
    assert 'value="Forskningens roll, bilder"' in html
    assert not SlideUpload.objects.exists()


def test_a_file_of_another_type_is_refused(client, talk):
    response = _send(client, talk, name="bilder.exe", content=b"MZ\x90\x00")
    assert response.status_code == 400
    assert "kan inte laddas upp" in response.content.decode()
    assert not SlideUpload.objects.exists()


def test_a_tampered_link_gives_a_clear_page(client, talk):
    token = slides_token(talk)
    response = client.get(_url(token[:-2] + ("aa" if not token.endswith("aa") else "bb")))
    assert response.status_code == 400
    assert "Länken är inte giltig" in response.content.decode()
    assert 'type="file"' not in response.content.decode()


def test_a_value_signed_for_something_else_is_not_a_link(client, talk):
    token = signing.TimestampSigner(salt="core.unsubscribe").sign(str(talk.pk))
    assert client.get(_url(token)).status_code == 400
    assert client.get(_url(signing.TimestampSigner().sign(str(talk.pk)))).status_code == 400


def test_an_expired_link_gives_a_clear_page_in_both_languages(client, talk, settings):
    token = slides_token(talk)
    settings.GUEST_SLIDES_LINK_DAYS = 0
    response = client.get(_url(token))
    assert response.status_code == 410
    assert "Länken har gått ut" in response.content.decode()
    with translation.override("en"):
        assert "The link has expired" in client.get(_url(token, "en")).content.decode()
    response = _send(client, talk)
    assert response.status_code == 410 and not SlideUpload.objects.exists()


def test_the_coordinator_sends_the_link_from_the_talks(coordinator_client, talk):
    client = Client()  # the guest, not logged in
    no_address = TalkFactory(guest=GuestFactory(email=""))
    response = coordinator_client.post(
        reverse("admin:guests_talk_changelist"),
        {"action": "send_slides_link_en", "_selected_action": [talk.pk, no_address.pk]},
        follow=True,
    )
    assert "1 of the selected" in response.content.decode() or "1 av de valda" in (
        response.content.decode()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["darja@example.org"]
    assert "The role of research" in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert path.startswith("/en/meetings/guests/slides/")
    assert client.get(path).status_code == 200


def test_the_coordinator_publishes_the_slides_with_the_chosen_visibility(coordinator_client, talk):
    client = Client()  # the guest, then a visitor: not logged in
    _send(client, talk)
    upload = SlideUpload.objects.get()
    admin_file = coordinator_client.get(reverse("admin:guests_slideupload_file", args=[upload.pk]))
    assert b"".join(admin_file.streaming_content) == PDF
    response = coordinator_client.post(
        reverse("admin:guests_slideupload_changelist"),
        {"action": "publish", "_selected_action": [upload.pk]},
    )
    assert response.status_code == 302
    upload.refresh_from_db()
    document = upload.document
    assert upload.state == SlideUpload.State.PUBLISHED
    assert document.meeting == talk.agenda_item.meeting
    assert document.visibility == Document.Visibility.MEMBERS
    assert document.title_sv == document.title_en == "Forskningens roll, bilder"

    meeting_page = talk.agenda_item.meeting.get_absolute_url()
    assert "Forskningens roll, bilder" not in client.get(meeting_page).content.decode()
    client.force_login(UserFactory(marked_as_member=True))
    assert "Forskningens roll, bilder" in client.get(meeting_page).content.decode()
    assert b"".join(client.get(document.get_absolute_url()).streaming_content) == PDF


def test_public_slides_are_shown_to_everyone(coordinator_client, talk):
    client = Client()  # the guest, then a visitor: not logged in
    _send(client, talk)
    upload = SlideUpload.objects.get()
    upload.visibility = Document.Visibility.PUBLIC
    upload.save()
    coordinator_client.post(
        reverse("admin:guests_slideupload_changelist"),
        {"action": "publish", "_selected_action": [upload.pk]},
    )
    html = client.get(talk.agenda_item.meeting.get_absolute_url()).content.decode()
    assert "Forskningens roll, bilder" in html


def test_rejected_slides_are_never_published(coordinator_client, talk):
    client = Client()  # the guest, then a visitor: not logged in
    _send(client, talk)
    upload = SlideUpload.objects.get()
    coordinator_client.post(
        reverse("admin:guests_slideupload_changelist"),
        {"action": "reject", "_selected_action": [upload.pk]},
    )
    upload.refresh_from_db()
    assert upload.state == SlideUpload.State.REJECTED
    assert not Document.objects.exists()

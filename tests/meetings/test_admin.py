"""The coordinator's admin: language tabs, inlines, filters, rotation and duplicating."""

import datetime

import pytest

from meetings.models import Meeting
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"


def falun():
    return Meeting.objects.get(date=datetime.date(2019, 11, 6))


def test_changelist_has_filters_search_and_a_link_to_the_rotation(admin_client, seeded):
    response = admin_client.get(CHANGELIST, {"q": "Falun"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "/admin/meetings/meeting/rotation/" in html
    assert list(response.context["cl"].result_list) == [falun()]
    assert admin_client.get(CHANGELIST, {"kind__exact": "round_table"}).status_code == 200
    assert admin_client.get(CHANGELIST, {"date__year": "2019"}).context["cl"].result_count == 2


def test_change_form_has_language_tabs_inlines_and_rotation(admin_client, seeded):
    response = admin_client.get(f"{CHANGELIST}{falun().pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="title_sv"' in html and 'name="title_en"' in html
    assert "tabbed_translation_fields.js" in html
    for prefix in ("hostings", "study_visits", "agenda_items", "photos", "documents"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert "Föreslagna nästa värdar" in html or "suggested next hosts" in html.lower()


def test_change_form_with_photo_and_document_links_the_document_through_its_view(
    admin_client, seeded
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.models import Document

    meeting = falun()
    document = Document(meeting=meeting, title_sv="Program", visibility="members")
    document.file = SimpleUploadedFile("program.pdf", b"%PDF-1.4 x")
    document.save()
    response = admin_client.get(f"{CHANGELIST}{meeting.pk}/change/")
    assert response.status_code == 200
    assert f'href="{document.get_absolute_url()}"' in response.content.decode()


def test_rotation_view_lists_never_hosted_first(admin_client, seeded):
    response = admin_client.get(f"{CHANGELIST}rotation/")
    assert response.status_code == 200
    suggestions = response.context["suggestions"]
    assert suggestions[0].last_hosted is None
    assert "<script>" not in response.content.decode().split("<body")[1].replace(" ", "")


def test_rotation_view_needs_staff(client, seeded):
    response = client.get(f"{CHANGELIST}rotation/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_duplicate_action_creates_an_unpublished_next_meeting(admin_client, seeded):
    meeting = falun()
    response = admin_client.post(
        CHANGELIST,
        {"action": "duplicate_as_next_meeting", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Meeting.objects.get(date=datetime.date(2020, 5, 6))
    assert copy.is_published is False
    assert copy.agenda_items.count() == meeting.agenda_items.count()


def test_add_form_loads(admin_client, db):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 200


def test_coordinator_uploads_a_photo_and_its_location_data_is_removed(admin_client, seeded):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.meetings.test_models import jpeg_with_gps

    meeting = falun()
    url = f"{CHANGELIST}{meeting.pk}/change/"
    # Every field and inline the page has, as the browser posts them back (other apps add
    # inlines to this page: registration, communications).
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "photos-TOTAL_FORMS": 1,
            "photos-INITIAL_FORMS": 0,
            "photos-0-order": 0,
            "photos-0-alt_sv": "Deltagare i orange hjälmar framför gruvschaktet",
            "photos-0-image": SimpleUploadedFile("gruvan.jpg", jpeg_with_gps(), "image/jpeg"),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    photo = meeting.photos.get()
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
    assert photo.image_480 and photo.image_960 and photo.image_1600


def test_a_photo_without_alt_text_is_refused_in_the_admin(admin_client, seeded):
    meeting = falun()
    url = f"{CHANGELIST}{meeting.pk}/change/"
    response = admin_client.get(url)
    assert 'name="photos-__prefix__-alt_sv"' in response.content.decode()
    field = response.context["inline_admin_formsets"][3].formset.empty_form.fields["alt_sv"]
    assert field.required

import datetime

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Document, Meeting
from members.models import Person
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _meeting(days_from_today: int, **kwargs) -> Meeting:
    date = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return Meeting.objects.create(
        date=date, title=f"Möte {date}", slug=f"mote-{date}", is_published=True, **kwargs
    )


def _document(meeting, title, visibility=Document.Visibility.MEMBERS):
    return Document.objects.create(
        meeting=meeting,
        title=title,
        file=ContentFile(b"%PDF-1.4\n", name="dokument.pdf"),
        visibility=visibility,
    )


def test_start_page_shows_the_next_meeting_and_recent_material(member_client):
    _meeting(-400)
    past = _meeting(-30)
    _meeting(60, city="Luleå")
    upcoming = _meeting(20, city="Umeå")
    _document(past, "Minnesanteckningar")
    html = member_client.get(reverse("members_area:start")).content.decode()
    assert upcoming.title in html and "Umeå" in html
    assert "Luleå" not in html
    assert "Minnesanteckningar" in html
    assert reverse("meetings:document_download", kwargs={"pk": past.documents.get().pk}) in html


def test_start_page_does_not_show_unpublished_meetings(member_client):
    _meeting(20, city="Hemligstad").__class__.objects.update(is_published=False)
    assert "Hemligstad" not in member_client.get(reverse("members_area:start")).content.decode()


def test_start_page_query_count_does_not_grow(member_client):
    def fill(start, n):
        for i in range(start, start + n):
            _document(_meeting(-10 - i), f"Dokument {i}")
            _meeting(10 + i)

    fill(0, 1)
    small = _count(member_client, "members_area:start")
    fill(1, 12)
    assert _count(member_client, "members_area:start") == small


def test_other_apps_add_sections_to_the_start_page_in_order(member_client, monkeypatch):
    monkeypatch.setattr(
        apps.get_app_config("network"),
        "members_area_sections",
        "tests.members.sections.area_sections",
        raising=False,
    )
    html = member_client.get(reverse("members_area:start")).content.decode()
    positions = [
        html.index(heading)
        for heading in (
            '<h2 id="next-meeting">Nästa möte</h2>',
            '<h2 id="stand-in">Stand-in section</h2>',
            '<h2 id="recent-material">Senaste materialet</h2>',
            '<h2 id="network-2">Section without an id</h2>',
        )
    ]
    assert positions == sorted(positions)
    assert '<section aria-labelledby="stand-in">' in html
    assert '<section aria-labelledby="network-2">' in html
    # Each section's template got its context (the member's own institution).
    assert html.count('class="institution-item__name"') == 2


def test_meetings_reach_the_start_page_only_through_its_hook(member_client, monkeypatch):
    _meeting(20, city="Umeå")
    monkeypatch.setattr(apps.get_app_config("meetings"), "members_area_sections", None)
    html = member_client.get(reverse("members_area:start")).content.decode()
    assert "Nästa möte" not in html and "Umeå" not in html
    assert "Senaste materialet" not in html


def test_start_page_says_when_there_is_no_meeting_or_material(member_client):
    html = member_client.get(reverse("members_area:start")).content.decode()
    assert "Inget möte är planerat ännu." in html
    assert "Inget material har publicerats ännu." in html
    assert "Alla möten och deras material" in html


def _count(client, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(reverse(name))
    return len(context.captured_queries)


def test_directory_shows_contact_details_of_all_current_representatives(
    member_client, member_institution
):
    RepresentationFactory(
        person=PersonFactory(
            name="Karin Kontakt",
            institution=member_institution,
            email="karin@medlem.se",
            phone="08-111 22 33",
            publication_consent=False,
        )
    )
    RepresentationFactory(
        person=PersonFactory(name="Före Detta", institution=member_institution),
        ended_on=datetime.date(2020, 1, 1),
    )
    html = member_client.get(reverse("members_area:directory")).content.decode()
    assert "Karin Kontakt" in html
    assert "mailto:karin@medlem.se" in html
    assert "tel:+4681112233" in html  # E.164, whatever way the number was written
    assert "Före Detta" not in html


def test_directory_leaves_out_institutions_that_left(member_client):
    former = InstitutionFactory(member_until=datetime.date(2020, 1, 1))
    RepresentationFactory(person=PersonFactory(name="Gammal Medlem", institution=former))
    assert (
        "Gammal Medlem" not in member_client.get(reverse("members_area:directory")).content.decode()
    )


def test_directory_query_count_does_not_grow(member_client, member_institution):
    RepresentationFactory.create_batch(2, person__institution=member_institution)
    small = _count(member_client, "members_area:directory")
    RepresentationFactory.create_batch(15)
    assert _count(member_client, "members_area:directory") == small


def _profile_data(person, **changes):
    data = {
        "name": person.name,
        "title_sv": person.title_sv,
        "title_en": person.title_en,
        "email": person.email,
        "phone": person.phone,
    }
    if person.publication_consent:
        data["publication_consent"] = "on"
    data.update(changes)
    return data


def test_member_edits_their_own_details(member_client, member):
    person = member.person
    response = member_client.post(
        reverse("members_area:profile"),
        _profile_data(person, title_sv="prorektor", title_en="Deputy Vice-Chancellor"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title_sv == "prorektor"
    assert person.title_en == "Deputy Vice-Chancellor"
    assert person.consent_changed_at is None


def test_giving_and_withdrawing_consent_is_recorded(member_client, member):
    person = member.person
    member_client.post(
        reverse("members_area:profile"), _profile_data(person, publication_consent="on")
    )
    person.refresh_from_db()
    assert person.publication_consent
    given = person.consent_changed_at
    assert given is not None
    data = _profile_data(person)
    data.pop("publication_consent")
    member_client.post(reverse("members_area:profile"), data)
    person.refresh_from_db()
    assert not person.publication_consent
    assert person.consent_changed_at > given


def test_profile_form_rejects_bad_input_with_a_translated_error(member_client, member):
    response = member_client.post(
        reverse("members_area:profile"), _profile_data(member.person, email="inte-en-adress")
    )
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress" in response.content.decode()


def test_member_without_a_person_gets_an_explanation(client):
    from tests.factories import UserFactory

    user = UserFactory(marked_as_member=True)
    client.force_login(user)
    response = client.get(reverse("members_area:profile"))
    assert response.status_code == 200
    assert "koordinatorn" in response.content.decode()
    assert not Person.objects.filter(user=user).exists()


def _jpeg_with_exif() -> bytes:
    from io import BytesIO

    from PIL import Image

    image = Image.new("RGB", (40, 40), "navy")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_member_uploads_a_photo_without_metadata_and_with_alt_text(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    upload = SimpleUploadedFile("me.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = member_client.post(
        reverse("members_area:profile"),
        _profile_data(member.person, photo=upload, photo_alt="Ada i blå kavaj"),
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=member.person.pk)
    with Image.open(person.photo.path) as saved:
        assert not saved.getexif()
    assert person.photo_alt == "Ada i blå kavaj"


def test_photo_without_alt_text_is_refused(member_client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("me.jpg", _jpeg_with_exif(), content_type="image/jpeg")
    response = member_client.post(
        reverse("members_area:profile"), _profile_data(member.person, photo=upload)
    )
    assert response.status_code == 200
    assert not Person.objects.get(pk=member.person.pk).photo

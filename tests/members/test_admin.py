import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from members.models import Institution, Person
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory

from . import images

pytestmark = pytest.mark.django_db

REFUSALS = [
    (images.not_an_image, "not_an_image"),
    (images.oversized, "image_too_large"),
    (images.decompression_bomb, "image_too_many_pixels"),
]


def institution_form_data(**overrides):
    return {
        "name_sv": "Testhögskolan",
        "name_en": "Test University",
        "short_name": "TH",
        "slug_sv": "testhogskolan",
        "slug_en": "test-university",
        "kind": "university_college",
        "city_sv": "Göteborg",
        "city_en": "Gothenburg",
        "country": "SE",
        "website": "https://example.org/",
        "email_domains": "example.org",
        "member_since": "2017-03-08",
        "member_until": "",
        "successor": "",
        "representations-TOTAL_FORMS": "0",
        "representations-INITIAL_FORMS": "0",
        "representations-MIN_NUM_FORMS": "0",
        "representations-MAX_NUM_FORMS": "1000",
        **overrides,
    }


@pytest.mark.parametrize("model", ["institution", "person", "representation"])
def test_add_and_changelist_pages_render_for_the_coordinator(admin_client, model):
    RepresentationFactory()
    assert admin_client.get(reverse(f"admin:members_{model}_add")).status_code == 200
    assert admin_client.get(reverse(f"admin:members_{model}_changelist")).status_code == 200


def test_change_pages_render_with_language_tabs_and_previews(admin_client):
    representation = RepresentationFactory()
    institution_page = admin_client.get(
        reverse("admin:members_institution_change", args=[representation.institution.pk])
    ).content.decode()
    assert 'name="name_sv"' in institution_page and 'name="name_en"' in institution_page
    assert "representations-TOTAL_FORMS" in institution_page
    assert "Ingen bild uppladdad." in institution_page  # the logo preview
    assert "Det officiella namnet" in institution_page  # Swedish help text
    person_page = admin_client.get(
        reverse("admin:members_person_change", args=[representation.person.pk])
    )
    assert person_page.status_code == 200
    assert 'name="publication_consent"' in person_page.content.decode()
    assert (
        admin_client.get(
            reverse("admin:members_representation_change", args=[representation.pk])
        ).status_code
        == 200
    )


def test_changelist_filters_current_members_and_searches(admin_client):
    InstitutionFactory(name_sv="Nuvarande högskolan")
    InstitutionFactory(name_sv="Före detta högskolan", member_until=datetime.date(2020, 1, 1))
    url = reverse("admin:members_institution_changelist")
    current = admin_client.get(url, {"current_member": "yes"}).content.decode()
    assert "Nuvarande högskolan" in current and "Före detta högskolan" not in current
    former = admin_client.get(url, {"current_member": "no"}).content.decode()
    assert "Före detta högskolan" in former and "Nuvarande högskolan" not in former
    found = admin_client.get(url, {"q": "före"}).content.decode()
    assert "Före detta högskolan" in found and "Nuvarande högskolan" not in found


def test_coordinator_adds_an_institution_with_a_logo(admin_client):
    response = admin_client.post(
        reverse("admin:members_institution_add"), institution_form_data(logo=images.png())
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    institution = Institution.objects.get(short_name="TH")
    assert (institution.slug_sv, institution.slug_en) == ("testhogskolan", "test-university")
    assert institution.logo.name.startswith("logos/")
    page = admin_client.get(
        reverse("admin:members_institution_change", args=[institution.pk])
    ).content.decode()
    assert 'alt="Testhögskolan"' in page and 'class="admin-thumbnail"' in page


@pytest.mark.parametrize(("make_file", "code"), REFUSALS)
def test_admin_refuses_bad_logo_uploads_with_a_clear_message(admin_client, make_file, code):
    response = admin_client.post(
        reverse("admin:members_institution_add"), institution_form_data(logo=make_file())
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["logo"]
    assert [error.code for error in errors] == [code]
    assert str(errors[0].message).split("%")[0][:20] in response.content.decode()
    assert not Institution.objects.filter(short_name="TH").exists()


@pytest.mark.parametrize(("make_file", "code"), REFUSALS)
def test_model_validation_refuses_bad_photos(make_file, code):
    person = PersonFactory.build(institution=None, photo=make_file("photo.png"), photo_alt="Foto")
    with pytest.raises(ValidationError) as raised:
        person.full_clean()
    assert [error.code for error in raised.value.error_dict["photo"]] == [code]


def test_photo_upload_loses_its_exif_and_records_consent(admin_client):
    person = PersonFactory(publication_consent=False)
    response = admin_client.post(
        reverse("admin:members_person_change", args=[person.pk]),
        {
            "name": person.name,
            "title_sv": "vicerektor",
            "title_en": "Pro-Vice-Chancellor",
            "institution": person.institution.pk,
            "email": person.email,
            "phone": person.phone,
            "photo": images.jpeg_with_exif(),
            "photo_alt_sv": "Porträtt",
            "photo_alt_en": "Portrait",
            "publication_consent": "on",
            "representations-TOTAL_FORMS": "0",
            "representations-INITIAL_FORMS": "0",
            "representations-MIN_NUM_FORMS": "0",
            "representations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.publication_consent and person.consent_changed_at is not None
    with Image.open(person.photo.path) as photo:
        assert dict(photo.getexif()) == {}


def test_deleting_a_referenced_institution_explains_instead_of_crashing(admin_client):
    person = PersonFactory()
    url = reverse("admin:members_institution_delete", args=[person.institution.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "kan inte raderas: portalens arkiv hänvisar till det" in html
    assert "”medlem till”" in html
    assert person.name in html  # Django lists what protects it
    assert admin_client.post(url, {"post": "yes"}).status_code == 200
    assert Institution.objects.filter(pk=person.institution.pk).exists()


def test_bulk_deleting_protected_people_explains_instead_of_crashing(admin_client):
    representation = RepresentationFactory()
    response = admin_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "delete_selected", "_selected_action": [representation.person.pk]},
    )
    assert response.status_code == 200
    assert "kan inte raderas" in response.content.decode()
    assert Person.objects.filter(pk=representation.person.pk).exists()


def test_an_unreferenced_institution_can_still_be_deleted(admin_client):
    institution = InstitutionFactory()
    url = reverse("admin:members_institution_delete", args=[institution.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Institution.objects.filter(pk=institution.pk).exists()


def test_coordinator_ends_a_membership_without_deleting_anything(admin_client):
    leaving = InstitutionFactory(name_sv="Lämnande högskolan")
    never = InstitutionFactory(name_sv="Aldrig medlem", member_since=None)
    response = admin_client.post(
        reverse("admin:members_institution_changelist"),
        {"action": "end_membership_today", "_selected_action": [leaving.pk, never.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 medlemskap avslutades i dag" in html
    assert "lämnades oförändrade" in html
    leaving.refresh_from_db()
    never.refresh_from_db()
    assert leaving.member_until == datetime.date.today()
    assert never.member_until is None
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert not Institution.objects.current_members(tomorrow).filter(pk=leaving.pk).exists()
    assert Institution.objects.filter(pk=leaving.pk).exists()

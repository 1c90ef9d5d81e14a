import pytest

from network.models import AccessibilityStatement, Contact, Page

pytestmark = pytest.mark.django_db


def test_coordinator_edits_pages_in_language_tabs(admin_client, seeded):
    page = Page.objects.get(key="home")
    response = admin_client.get(f"/admin/network/page/{page.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "tabbed_translation_fields.js" in html
    assert 'name="title_sv"' in html and 'name="title_en"' in html
    # The tabs' jQuery UI comes from the portal itself, never from a CDN.
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html


@pytest.mark.parametrize("model", [Contact, AccessibilityStatement])
def test_singletons_cannot_be_added_twice_or_deleted(admin_client, seeded, model):
    opts = model._meta
    assert admin_client.get(f"/admin/network/{opts.model_name}/add/").status_code == 403
    obj = model.objects.get()
    url = f"/admin/network/{opts.model_name}/{obj.pk}/delete/"
    assert admin_client.get(url).status_code == 403


def test_coordinator_updates_the_accessibility_statement(admin_client, seeded):
    statement = AccessibilityStatement.objects.get()
    response = admin_client.post(
        f"/admin/network/accessibilitystatement/{statement.pk}/change/",
        {
            "compliance": "full",
            "assessed_on": "2026-12-01",
            "updated_on": "2026-11-30",
            "report_email": "",
            "non_accessible_content_sv": "",
            "non_accessible_content_en": "",
            "disproportionate_burden_sv": "",
            "disproportionate_burden_en": "",
            "outside_scope_sv": "",
            "outside_scope_en": "",
        },
    )
    # Updated before assessed: refused with a clear message, nothing saved.
    assert response.status_code == 200
    assert "Redogörelsen kan inte ha uppdaterats före bedömningen" in response.content.decode()
    statement.refresh_from_db()
    assert statement.compliance == "partial"

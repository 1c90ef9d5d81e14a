"""The Nu Html Checker finds no errors on the registration pages and the badge sheet."""

import pytest
from django.urls import reverse

from meetings.registration.services import registration_create

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_registration_pages_are_valid_html(
    vnu, client, admin_client, tmp_path, meeting, parts, ada
):
    registration = registration_create(
        user=ada.user, meeting=meeting, person=ada, parts=[parts["meeting"]], language="sv"
    )
    client.force_login(ada.user)
    kwargs = {"slug": meeting.slug}
    pages = {
        "index": client.get(reverse("registration:index")),
        "meeting": client.get(reverse("registration:meeting", kwargs=kwargs)),
        "errors": client.post(
            reverse("registration:meeting", kwargs=kwargs), {"language": "sv", "diet": "x"}
        ),
        "edit": client.get(reverse("registration:edit", kwargs={**kwargs, "pk": registration.pk})),
        "cancel": client.get(
            reverse("registration:cancel", kwargs={**kwargs, "pk": registration.pk})
        ),
        "badges": admin_client.post(
            "/admin/registration/registration/",
            {"action": "name_badges", "_selected_action": [registration.pk]},
        ),
    }
    files = {}
    for name, response in pages.items():
        assert response.status_code in {200, 400}, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    assert vnu(files) == ""

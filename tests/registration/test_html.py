"""The Nu Html Checker finds no errors on the registration pages, the badge sheet and the
attendance pages."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meetings.registration.badges import check_in_token
from meetings.registration.services import registration_check_in, registration_create

# The checker reads the markup (README: Tests and CI).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


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


@pytest.mark.parametrize("language", ["sv", "en"])
def test_attendance_pages_are_valid_html(
    vnu, coordinator_client, tmp_path, meeting, parts, ada, language
):
    registration = registration_create(
        user=ada.user, meeting=meeting, person=ada, parts=[parts["meeting"]], language="sv"
    )
    registration_check_in(registration=registration, part=parts["meeting"], marked_by=ada.user)
    member = Client()  # coordinator_client is the ``client`` fixture itself
    member.force_login(ada.user)
    with translation.override(language):
        pk = {"pk": meeting.pk}
        token = {"token": check_in_token(registration=registration)}
        pages = {
            "attendance index": coordinator_client.get(reverse("registration:attendance_index")),
            "attendance": coordinator_client.get(
                reverse("registration:attendance", kwargs=pk), {"part": parts["meeting"].pk}
            ),
            "attendance search": coordinator_client.get(
                reverse("registration:attendance", kwargs=pk), {"q": "nobody"}
            ),
            "door errors": coordinator_client.post(
                reverse("registration:attendance_door", kwargs=pk), {"name": ""}
            ),
            "check-in": coordinator_client.get(reverse("registration:check_in", kwargs=token)),
            "badges": coordinator_client.get(reverse("registration:attendance_badges", kwargs=pk)),
            "follow-up": coordinator_client.get(reverse("registration:attendance_follow_up")),
            "my meetings": member.get(reverse("members_area:start")),
            "institution": member.get(ada.institution.get_absolute_url()),
        }
    files = {}
    for name, response in pages.items():
        assert response.status_code in {200, 400}, name
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    assert vnu(files) == ""

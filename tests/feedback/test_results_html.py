"""The members' results pages are valid HTML (Nu Html Checker) in both languages: the list
of released results, a meeting's results (charts, tables, published free text, a withheld
question) and the trend across meetings."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

from .results_data import respond, respond_many

# The checker reads the markup the templates make of the rows (README: Tests and CI); the
# results pages answer on both backends in tests/feedback/test_results_pages.py.
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.backend_independent]


def test_the_results_pages_are_valid_html(vnu, client, survey, settings, tmp_path):
    settings.FEEDBACK_MIN_RESPONSES = 5
    survey.results_released = True
    survey.save()
    respond_many(survey, 4, scale=4, single=0, multiple=(0, 2))
    respond(survey, scale=1, single=1, text="Mer om <finansiering> & ledarskap", published=True)
    client.force_login(UserFactory(marked_as_member=True))
    files = {}
    for language in ("sv", "en"):
        with translation.override(language):
            paths = [
                reverse("feedback_results:index"),
                reverse("feedback_results:detail", args=[survey.pk]),
                reverse("feedback_results:trend", args=[survey.template.pk]),
            ]
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            file = tmp_path / f"{len(files):02d}.html"
            file.write_bytes(response.content)
            files[str(file)] = path
    assert vnu(files) == ""

"""Scheduled publishing (publish from / until, enforced in the queries) and the staff
preview of drafts, for meetings, projects and testimonials."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.publishing import next_publication_change
from meetings.models import Meeting
from network import models as network
from projects.models import Project
from tests.factories import MeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _swedish():
    """Factories fill the Swedish fields, as the coordinator does first."""
    with translation.override("sv"):
        yield


def url_in(language, obj):
    with translation.override(language):
        return obj.get_absolute_url()


@pytest.mark.parametrize(
    ("published", "start", "end", "public"),
    [
        (True, None, None, True),
        (False, None, None, False),
        (True, -HOUR, HOUR, True),
        (True, HOUR, None, False),  # scheduled
        (True, None, -HOUR, False),  # expired
        (False, -HOUR, HOUR, False),  # a window does not publish a draft
    ],
)
def test_published_querysets_follow_the_flag_and_the_window(published, start, end, public):
    now = timezone.now()
    window = {
        "is_published": published,
        "publish_from": now + start if start else None,
        "publish_until": now + end if end else None,
    }
    meeting = MeetingFactory(**window)
    project = ProjectFactory(**window)
    testimonial = network.Testimonial.objects.create(
        quote="Bra nätverk.", name="A", role="B", **window
    )

    assert Meeting.objects.published().filter(pk=meeting.pk).exists() is public
    assert Project.objects.published().filter(pk=project.pk).exists() is public
    assert network.Testimonial.objects.published().filter(pk=testimonial.pk).exists() is public
    assert meeting.is_public is public


def test_a_scheduled_meeting_appears_and_disappears_without_anything_running(client):
    now = timezone.now()
    meeting = MeetingFactory(publish_from=now + HOUR, publish_until=now + 3 * HOUR)
    url = url_in("sv", meeting)
    assert client.get(url).status_code == 404

    meeting.publish_from = now - HOUR
    meeting.save()
    assert client.get(url).status_code == 200

    Meeting.objects.filter(pk=meeting.pk).update(
        publish_from=now - datetime.timedelta(2), publish_until=now - datetime.timedelta(1)
    )
    assert client.get(url).status_code == 404


def test_lists_sitemap_and_feed_leave_out_scheduled_meetings_and_projects(client):
    later = timezone.now() + HOUR
    MeetingFactory(title="Synligt möte", title_en="Visible meeting")
    MeetingFactory(title="Kommande hemligt möte", publish_from=later)
    ProjectFactory(name="Synligt projekt")
    ProjectFactory(name="Planerat hemligt projekt", publish_from=later)

    with translation.override("sv"):
        urls = [reverse("meetings:meeting_list"), reverse("projects:project_list")]
        urls += ["/sitemap.xml", reverse("meetings:feed"), reverse("meetings:ical")]
    pages = [client.get(url).content.decode() for url in urls]
    joined = " ".join(pages)
    assert "Synligt möte" in pages[0] and "Synligt projekt" in pages[1]
    assert "hemligt" not in joined


def test_publish_until_must_be_after_publish_from():
    now = timezone.now()
    meeting = MeetingFactory.build(publish_from=now, publish_until=now - HOUR)
    with pytest.raises(ValidationError) as error:
        meeting.clean()
    assert "publish_until" in error.value.message_dict


def test_next_publication_change_is_the_nearest_boundary():
    now = timezone.now()
    assert next_publication_change(now=now) is None
    MeetingFactory(publish_from=now + 5 * HOUR)
    ProjectFactory(publish_until=now + 2 * HOUR)
    MeetingFactory(is_published=False, publish_from=now + HOUR)  # a draft changes nothing
    MeetingFactory(publish_from=now - HOUR)  # already passed
    assert next_publication_change(now=now) == now + 2 * HOUR


# --- preview --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_staff_preview_a_draft_meeting_in_both_languages(admin_client, client, language):
    meeting = MeetingFactory(is_published=False, title="Utkast", title_en="Draft")
    url = url_in(language, meeting)

    assert client.get(url).status_code == 404
    assert client.get(url, {"preview": "1"}).status_code == 404  # the public gets no preview
    assert admin_client.get(url).status_code == 404  # staff too, unless they ask to preview

    response = admin_client.get(url, {"preview": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Utkast" if language == "sv" else "Draft") in html
    assert "preview-banner" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response.templates[0].name == "meetings/meeting_detail.html"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_staff_preview_a_draft_project_in_both_languages(admin_client, client, language):
    project = ProjectFactory(is_published=False, name="Utkastprojekt", name_en="Draft project")
    url = url_in(language, project)

    assert client.get(url).status_code == 404
    assert client.get(url, {"preview": "1"}).status_code == 404

    response = admin_client.get(url, {"preview": "1"})
    assert response.status_code == 200
    assert ("Utkastprojekt" if language == "sv" else "Draft project") in response.content.decode()
    assert response.templates[0].name == "projects/project_detail.html"


def test_change_forms_link_to_the_preview_in_both_languages(admin_client):
    meeting = MeetingFactory(is_published=False, slug="utkast", slug_en="draft")
    project = ProjectFactory(is_published=False)
    meeting_form = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/")
    project_form = admin_client.get(f"/admin/projects/project/{project.pk}/change/")
    html = meeting_form.content.decode()
    assert "Förhandsgranska på svenska" in html and "Förhandsgranska på engelska" in html
    assert f'href="{url_in("sv", meeting)}?preview=1"' in html
    assert f'href="{url_in("en", meeting)}?preview=1"' in html
    assert f"{url_in('en', project)}?preview=1" in project_form.content.decode()


def test_admin_lists_show_and_filter_the_publication_window(admin_client):
    MeetingFactory(title="Schemalagt", publish_from=timezone.now() + HOUR)
    MeetingFactory(title="Ute nu")
    ProjectFactory()
    network.Testimonial.objects.create(quote="Bra.", name="A", role="B")
    lists = ("meetings/meeting", "projects/project", "network/testimonial")
    for url in (f"/admin/{name}/" for name in lists):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "Publicera från" in response.content.decode()
    scheduled = admin_client.get("/admin/meetings/meeting/", {"publication": "scheduled"})
    assert [m.title for m in scheduled.context["cl"].result_list] == ["Schemalagt"]

"""The members' start page counts the material of upcoming meetings too: a members-only
paper for the next meeting is there, not "no material yet"."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from meetings.models import Document, Meeting

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


def test_an_upcoming_meetings_members_only_paper_is_on_the_start_page(member_client):
    upcoming = _meeting(20)
    Document.objects.create(
        meeting=upcoming,
        title="Underlag inför mötet",
        file=ContentFile(b"%PDF-1.4\n", name="underlag.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )
    html = member_client.get(reverse("members_area:start")).content.decode()
    assert "Underlag inför mötet" in html
    assert "Inget material har publicerats" not in html

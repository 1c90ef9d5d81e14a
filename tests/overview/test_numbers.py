import datetime
import os
import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from members.models import Institution
from overview.numbers import meetings_per_year, participation_per_institution
from tests.factories import MeetingFactory, PersonFactory

NUMBERS = "/sv/moten/i-siffror/"


def test_meetings_per_year_counts_held_published_meetings_and_fills_gaps(seeded):
    MeetingFactory(date=datetime.date(2019, 2, 1), is_published=False)
    years = dict(meetings_per_year())
    assert years[2017] == 2 and years[2019] == 2 and years[2022] == 3
    assert list(years) == list(range(2017, 2024))
    assert sum(years.values()) == Meeting.objects.published().past().count()


def test_numbers_page_has_three_accessible_charts_each_with_a_table(client, seeded):
    response = client.get(NUMBERS)
    assert response.status_code == 200
    html = response.content.decode()
    charts = re.findall(r'<svg class="chart[^"]*"[^>]*role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3
    for labelledby in charts:
        title, desc = labelledby.split()
        assert f'<title id="{title}">' in html and f'<desc id="{desc}">' in html
    assert html.count("<table") == 3
    assert "Hållna möten per år: 2017: 2; 2018: 2" in html
    assert "style=" not in html
    # Swedish formats decimals with a comma; SVG coordinates must keep the point.
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|height)="-?\d+,\d', html)


def test_without_registrations_participation_shows_hosting_and_steering_terms(client, seeded):
    participation = participation_per_institution()
    assert participation.source == "archive"
    rows = {row.institution.short_name: row.values for row in participation.rows}
    assert rows["SLU"] == (2, 0)
    assert rows["KAU"] == (0, 1)  # a steering-group member that has not hosted
    assert "Det finns ännu inga anmälningar" in client.get(NUMBERS).content.decode()


def test_registrations_at_held_meetings_switch_participation_to_registration_data(client, seeded):
    from meetings.registration.models import Entry, Part, Registration

    meeting = Meeting.objects.get(date=datetime.date(2023, 10, 26))
    part = Part.objects.create(meeting=meeting, kind=Part.Kind.MEETING)
    kau = Institution.objects.get(short_name="KAU")
    for name in ("Anna Andersson", "Bo Berg"):
        registration = Registration.objects.create(
            meeting=meeting, person=PersonFactory(name=name, institution=kau)
        )
        Entry.objects.create(registration=registration, part=part, status=Entry.Status.CONFIRMED)
    waiting = Registration.objects.create(
        meeting=meeting, person=PersonFactory(institution=Institution.objects.get(short_name="KTH"))
    )
    Entry.objects.create(registration=waiting, part=part, status=Entry.Status.WAITLISTED)

    participation = participation_per_institution()
    assert participation.source == "registrations"
    assert [(row.institution.short_name, row.values) for row in participation.rows] == [
        ("KAU", (2, 1))
    ]
    html = client.get(NUMBERS).content.decode()
    assert "Personer som deltog" in html
    assert "Anna Andersson" not in html  # numbers, never names


def test_numbers_page_in_english_and_in_the_sitemap(client, seeded):
    with translation.override("en"):
        english = reverse("overview:numbers")
    assert english == "/en/meetings/in-numbers/"
    assert "Meetings per year" in client.get(english).content.decode()
    xml = client.get("/sitemap.xml").content.decode()
    assert NUMBERS in xml and english in xml


def test_numbers_page_uses_the_same_queries_at_twenty_times_the_content(
    client, seeded, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NUMBERS).status_code == 200
    count = len(queries)
    call_command("benchdata", scale=20, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with django_assert_num_queries(count):
        response = client.get(NUMBERS)
    assert response.status_code == 200
    assert len(response.context["hosts"]()) > 30

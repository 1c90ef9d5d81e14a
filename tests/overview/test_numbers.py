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
from overview.numbers import (
    TOP_INSTITUTIONS,
    hosts_per_institution,
    meetings_per_year,
    participation_per_institution,
)
from overview.views import FIGURES_PER_PAGE
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
    assert html.count("<table") == 4  # and every institution's figures
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
    assert len(response.context["figures"]().rows) > 30


def _section(html: str, heading_id: str) -> str:
    return html.split(f'<h2 id="{heading_id}">', 1)[1].split("</section>", 1)[0]


def _table_rows(section: str) -> list[str]:
    return re.findall(r'<tr><th scope="row">(.*?)</th>', section.split("<tbody>", 1)[1])


def test_a_chart_shows_the_top_institutions_and_the_others_as_one_line(client, seeded):
    call_command("benchdata", scale=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    hosts = hosts_per_institution()
    others = len(hosts) - TOP_INSTITUTIONS
    assert others > 1
    section = _section(client.get(NUMBERS).content.decode(), "hosting")
    svg = section.split("</svg>", 1)[0]
    assert svg.count('class="chart__label"') == TOP_INSTITUTIONS
    together = sum(row.values[0] for row in hosts[TOP_INSTITUTIONS:])
    assert f"{others} andra lärosäten tillsammans: {together}</text>" in svg
    assert f"{others} andra lärosäten tillsammans: {together}.</desc>" in svg
    # The table beside the chart has the same rows: the top ones, then the others as one.
    rows = _table_rows(section)
    assert len(rows) == TOP_INSTITUTIONS + 1
    assert rows[0].endswith(f"({hosts[0].institution.short_name})</span>")
    assert rows[-1] == f'<a href="#figures">{others} andra lärosäten tillsammans</a>'


def test_at_the_seed_size_every_institutions_figures_are_on_the_page(client, seeded):
    html = client.get(NUMBERS).content.decode()
    figures = _section(html, "figures")
    participation = participation_per_institution()
    rows = _table_rows(figures)
    assert len(rows) == len(participation.rows) < FIGURES_PER_PAGE
    names = "".join(rows)
    assert all(f">{row.institution.name}</a>" in names for row in participation.rows)
    assert 'class="pager"' not in figures
    assert "<title>Nätverket i siffror – KLOSSnet</title>" in html


def test_every_institutions_figures_are_in_pages_with_prev_and_next(client, seeded):
    call_command("benchdata", scale=2, stdout=open(os.devnull, "w"))  # noqa: SIM115
    participation = participation_per_institution()
    pages = -(-len(participation.rows) // FIGURES_PER_PAGE)
    assert pages > 1
    first = client.get(NUMBERS).content.decode()
    assert len(_table_rows(_section(first, "figures"))) == FIGURES_PER_PAGE
    assert 'href="?page=2#figures" rel="next"' in first
    seen = []
    for number in range(1, pages + 1):
        html = client.get(f"{NUMBERS}?page={number}").content.decode()
        seen += _table_rows(_section(html, "figures"))
    assert len(seen) == len(participation.rows)
    second = client.get(f"{NUMBERS}?page=2").content.decode()
    assert f"<title>Nätverket i siffror, sida 2 av {pages} – KLOSSnet</title>" in second
    assert 'href="?page=1#figures" rel="prev"' in second
    # Only the table is paged: the charts are the same on every page.
    assert _section(second, "hosting") == _section(first, "hosting")

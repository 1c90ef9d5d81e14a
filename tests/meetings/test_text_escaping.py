"""Text is escaped exactly once, by the layer that writes it out: the template for HTML, the
feed generator for Atom's XML, nobody for iCalendar (plain text). An apostrophe never shows
as ``&#x27;`` or ``&amp;#x27;``."""

import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from icalendar import Calendar

from core import richtext
from tests.factories import MeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TEXT = 'Nobel\'s & "quotes" <3'
ENTITY = re.compile(r"&(#x?[0-9a-f]+|[a-z]+);", re.IGNORECASE)


class _Head(HTMLParser):
    """The meta tags' content and the JSON-LD blocks of a page, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        self._in_json = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        self._in_json = False


def _head(response) -> _Head:
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        title=TEXT, title_en=TEXT, summary=TEXT, summary_en=TEXT, slug="nobel", slug_en="nobel"
    )


def test_plain_text_of_rich_text_is_not_html():
    assert richtext.plain(TEXT) == TEXT
    assert richtext.plain("<p>Nobel's</p><p>&amp; more</p>") == "Nobel's & more"


def test_meeting_page_meta_description_and_json_ld_show_the_text_as_written(client, meeting):
    head = _head(client.get(meeting.get_absolute_url()))
    assert head.meta["description"] == TEXT
    assert head.meta["og:description"] == TEXT
    assert head.meta["og:title"].startswith(TEXT)
    event = next(item for item in map(json.loads, head.json_ld) if item.get("@type") == "Event")
    assert event["description"] == TEXT


def test_project_page_meta_description_shows_the_text_as_written(client, db):
    project = ProjectFactory(summary=TEXT, summary_en=TEXT, is_published=True)
    head = _head(client.get(project.get_absolute_url()))
    assert head.meta["description"] == TEXT


def test_icalendar_feed_holds_plain_text(client, meeting):
    calendar = Calendar.from_ical(client.get("/sv/moten/kalender.ics").content)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["summary"]) == TEXT]
    assert str(event["description"]) == TEXT


def test_atom_feed_escapes_the_summary_once_for_html_and_once_for_xml(client, meeting):
    root = ET.fromstring(client.get("/en/meetings/feed/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    (entry,) = root.findall("a:entry", ns)
    title = entry.find("a:title", ns)
    assert title.get("type", "text") == "text"
    assert title.text.endswith(" " + TEXT)
    summary = entry.find("a:summary", ns)
    assert summary.get("type") == "html"
    # An HTML summary: what a feed reader shows is the HTML unescaped once.
    shown = html.unescape(summary.text)
    assert shown == TEXT
    assert not ENTITY.search(shown)

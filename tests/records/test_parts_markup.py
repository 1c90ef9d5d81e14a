"""The parts of a record (records/includes/record_parts.html) share one section's markup:
every kind renders exactly as it did when each section was written out on its own."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from records import selectors
from records.models import RecordSection, Visibility
from tests.factories import (
    AgendaItemFactory,
    InstitutionFactory,
    RecordFactory,
    RecordSectionFactory,
)

pytestmark = pytest.mark.django_db

INCLUDES = Path(__file__).resolve().parents[2] / "records/templates/records/includes"


class Skeleton(HTMLParser):
    """Tags with their attributes and the words between them, whitespace aside."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(f"<{tag}{''.join(f' {k}={v}' for k, v in attrs)}>")

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if data.strip():
            self.parts.append(" ".join(data.split()))


def skeleton(html: str) -> list[str]:
    parser = Skeleton()
    parser.feed(html)
    return parser.parts


def test_every_kind_of_part_renders_in_its_sections_markup():
    kind = RecordSection.Kind
    item = AgendaItemFactory(title_sv="Samverkan i praktiken")
    record = RecordFactory(meeting=item.meeting)
    sections = {}
    for name, values in {
        "summary": {"kind": kind.SUMMARY, "text_sv": "Dagen."},
        "agenda": {"kind": kind.AGENDA_ITEM, "agenda_item": item, "text_sv": "Punkten."},
        "speaker": {
            "kind": kind.SPEAKER,
            "speaker": "Ada Lovelace",
            "agenda_item": item,
            "text_sv": "Talet.",
        },
        "insight": {"kind": kind.INSIGHT, "text_sv": "Stödet avgör."},
        "insight2": {
            "kind": kind.INSIGHT,
            "text_sv": "Tiden räcker inte.",
            "visibility": Visibility.MEMBERS,
        },
        "decision": {"kind": kind.DECISION, "text_sv": "Vi ses i Luleå."},
        "quote": {
            "kind": kind.QUOTE,
            "text_sv": "Det gav mycket.",
            "institution": InstitutionFactory(name="Umeå universitet"),
            "person_name": "Grace Hopper",
            "name_consent": True,
        },
    }.items():
        sections[name] = RecordSectionFactory(record=record, **values)
    ids = {name: section.pk for name, section in sections.items()}
    with translation.override("sv"):
        html = render_to_string(
            "records/includes/record_parts.html",
            {"parts": selectors.group_sections(sections.values())},
        )
    expected = f"""
    <section class=record-part aria-labelledby=record-summary>
      <h2 id=record-summary>Sammanfattning av dagen</h2>
      <div class=prose id=part-{ids["summary"]}><p>Dagen.</p></div>
    </section>
    <section class=record-part aria-labelledby=record-agenda>
      <h2 id=record-agenda>Programmet, punkt för punkt</h2>
      <article class=record-item id=part-{ids["agenda"]}
               aria-labelledby=part-{ids["agenda"]}-title>
        <h3 id=part-{ids["agenda"]}-title>Samverkan i praktiken</h3>
        <div class=prose><p>Punkten.</p></div>
      </article>
    </section>
    <section class=record-part aria-labelledby=record-speakers>
      <h2 id=record-speakers>Inbjudna talare</h2>
      <article class=record-item id=part-{ids["speaker"]}
               aria-labelledby=part-{ids["speaker"]}-title>
        <h3 id=part-{ids["speaker"]}-title>Ada Lovelace</h3>
        <p class=meta>Samverkan i praktiken</p>
        <div class=prose><p>Talet.</p></div>
      </article>
    </section>
    <section class=record-part aria-labelledby=record-insights>
      <h2 id=record-insights>Viktiga insikter</h2>
      <ul class=record-list>
        <li id=part-{ids["insight"]}><p>Stödet avgör.</p></li>
        <li id=part-{ids["insight2"]}><p>Tiden räcker inte.</p>
          <span class=badge>endast medlemmar</span></li>
      </ul>
    </section>
    <section class=record-part aria-labelledby=record-decisions>
      <h2 id=record-decisions>Överenskommelser och beslut</h2>
      <ul class=record-list><li id=part-{ids["decision"]}><p>Vi ses i Luleå.</p></li></ul>
    </section>
    <section class=record-part aria-labelledby=record-quotes>
      <h2 id=record-quotes>Med deltagarnas ord</h2>
      <figure class=record-quote id=part-{ids["quote"]}>
        <blockquote><p>Det gav mycket.</p></blockquote>
        <figcaption>– Grace Hopper, Umeå universitet</figcaption>
      </figure>
    </section>
    """
    assert skeleton(html) == skeleton(expected)


def test_the_sections_markup_is_written_once():
    """One include holds a section's frame and each way of listing its parts."""
    source = "".join(path.read_text() for path in INCLUDES.glob("record_*.html"))
    assert source.count('class="record-part"') == 1
    assert source.count('class="record-list"') == 1
    assert source.count('class="record-item"') == 1

"""The admin shows a model field's help text as HTML: a help text that describes markup
must show the markup, not render it (the rich-text help showed a link reading "text")."""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# What a help text may use to set its own words apart; anything else is markup it renders.
FORMATTING = {"code", "em", "strong", "br"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def _tags(text: str) -> set[str]:
    parser = _Tags()
    parser.feed(str(text))
    return parser.tags


def test_no_help_text_renders_markup_it_describes():
    rendered = {
        f"{model._meta.label}.{field.name}": tags - FORMATTING
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "") and (tags := _tags(field.help_text)) - FORMATTING
    }
    assert rendered == {}


def test_the_coordinator_reads_the_link_syntax_in_a_rich_text_field(client, coordinator):
    client.force_login(coordinator)
    project = ProjectFactory()
    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<code>&lt;a href=&quot;https://…&quot;&gt;text&lt;/a&gt;</code>" in html or (
        '<code>&lt;a href="https://…"&gt;text&lt;/a&gt;</code>' in html
    )
    assert '<a href="https://…">' not in html

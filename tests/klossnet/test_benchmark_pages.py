"""The benchmark times every public page in both languages (operations benchmark)."""

from io import StringIO

import pytest
from django.urls import reverse
from django.utils import translation

from core.sitemaps import collect_sitemaps
from operations.management.commands.benchmark import (
    Command,
    grown,
    public_pages,
    uncached_sizes,
    uncached_times,
)

pytestmark = pytest.mark.django_db


def test_benchmark_covers_every_public_page_kind_in_both_languages(seeded):
    paths = public_pages()
    for language in ("sv", "en"):
        with translation.override(language):
            expected = [
                reverse(name)
                for name in (
                    "home",
                    "about",
                    "contact",
                    "privacy",
                    "accessibility",
                    "meetings:meeting_list",
                    "members:institution_list",
                    "overview:theme_list",
                    "overview:places",
                    "overview:numbers",
                    "steering:steering_group",
                    "projects:project_list",
                )
            ]
            for sitemap_class in collect_sitemaps().values():
                sitemap = sitemap_class()
                expected += [sitemap.location(item) for item in list(sitemap.items())[:1]]
            search = reverse("search")
        for path in expected:
            assert path in paths
        assert any(path.startswith(f"{search}?q=") for path in paths)


def test_benchmark_leaves_out_account_and_members_pages(seeded):
    paths = public_pages()
    with translation.override("sv"):
        private = (reverse("account_login"), reverse("members_area:start"))
    assert not [path for path in paths if path.startswith(private)]
    assert not [path for path in paths if not path.startswith(("/sv/", "/en/"))]


def test_benchmark_times_a_page_as_member_and_as_anonymous_visitor(seeded):
    path = reverse("home")
    member_ms, _cpu, anonymous_ms, _anon_cpu, queries = uncached_times([path], 1)[path]
    assert member_ms > 0 and anonymous_ms > 0 and queries > 0


def test_benchmark_measures_each_pages_html_as_member_and_as_anonymous_visitor(seeded):
    path = reverse("home")
    member_bytes, anonymous_bytes = uncached_sizes([path])[path]
    assert member_bytes > 1000 and anonymous_bytes > 1000


def test_growth_is_measured_per_page_and_per_reader():
    smaller = {"/sv/a/": (1000, 900), "/sv/b/": (1000, 1000), "/sv/c/": (5, 5)}
    larger = {"/sv/a/": (1000, 1000), "/sv/b/": (1099, 1000), "/sv/d/": (9, 9)}
    # /sv/a/ is 11 % bigger for the anonymous reader; /sv/b/ within 10 %; c and d once only.
    assert list(grown(smaller, larger)) == ["/sv/a/"]


def test_benchmark_reports_each_pages_bytes_and_flags_a_page_that_grows():
    output = StringIO()
    seed = {"/sv/a/": (100, 90), "/sv/b/": (400, 400)}
    half = {"/sv/a/": (1000, 900), "/sv/b/": (500, 500)}
    scaled = {"/sv/a/": (1200, 1000), "/sv/b/": (510, 505)}
    Command(stdout=output).report_sizes(seed, half, scaled, 10, 20)
    lines = {line.split()[0]: line for line in output.getvalue().splitlines() if line}
    assert lines["/sv/a/"].split()[1:] == [
        "100",
        "90",
        "1200",
        "1000",
        "grows:",
        "1.20×",
        "from",
        "×10",
    ]
    assert lines["/sv/b/"].split()[1:] == ["400", "400", "510", "505"]
    assert "1 of 2 pages grow with the data." in output.getvalue()

"""The benchmark times every public page in both languages (operations benchmark)."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.sitemaps import collect_sitemaps
from operations.management.commands.benchmark import public_pages, uncached_times

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

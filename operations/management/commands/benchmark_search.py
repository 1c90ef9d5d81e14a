"""Measure the site search and the open data API: median time and queries, seed and scaled.

``make benchmark`` runs it on a throwaway SQLite database, and on PostgreSQL too when
BENCHMARK_POSTGRES_URL names a throwaway database (its name must contain "benchmark").
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment

from operations.management.commands.benchmark import measure
from search.models import SearchDocument

SEARCHES = [
    ("sv", "möten"),
    ("sv", "samverkan"),
    ("sv", "lärosäten karlstad"),
    ("sv", "samvrkan"),  # no hits: suggestions
    ("en", "collaboration"),
]
API = ["/api/v1/meetings/", "/api/v1/institutions/", "/api/v1/steering-group/", "/api/v1/projects/"]


def _paths() -> list[str]:
    paths = []
    for language, q in SEARCHES:
        base = "/sv/sok/" if language == "sv" else "/en/search/"
        paths.append(f"{base}?{urlencode({'q': q})}")
    return paths + API


class Command(BaseCommand):
    help = "Time the search page and the API lists on the seed data and after scaling."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=20)
        parser.add_argument("--repeat", type=int, default=15)

    def handle(self, *args, scale, repeat, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        if getattr(settings, "PAGE_CACHE_SECONDS", 0):
            raise CommandError("Time the work, not the page cache: run with DJANGO_DEBUG=1.")
        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_klossnet", verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
        seed_docs = SearchDocument.objects.count()
        seed = measure(_paths(), repeat)
        call_command("benchdata", scale=scale, verbosity=0)
        call_command("rebuild_search_index", verbosity=0)
        scaled_docs = SearchDocument.objects.count()
        scaled = measure(_paths(), repeat)
        self.stdout.write(
            f"Search and API on {connection.vendor}: {seed_docs} search documents, "
            f"{scaled_docs} at ×{scale}"
        )
        self.stdout.write(
            f"{'page':50} {'seed ms':>8} {'q':>3} {'×' + str(scale) + ' ms':>8} {'q':>3}"
        )
        for path, (ms, queries) in seed.items():
            scaled_ms, scaled_queries = scaled[path]
            self.stdout.write(
                f"{path[:50]:50} {ms:8.1f} {queries:3d} {scaled_ms:8.1f} {scaled_queries:3d}"
            )

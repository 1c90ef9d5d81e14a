"""Measure the public pages: median response time and SQL queries, before and after scaling.

Run through ``make benchmark``, which points it at a throwaway SQLite database so synthetic
data never reaches a real one. Figures are printed, not asserted: timings belong here, and
the tests assert the query counts.
"""

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import reverse
from django.utils import translation

from core.sitemaps import collect_sitemaps
from operations import loadtest
from operations.pageweight import BUDGET_BYTES, page_weight


def _public_paths() -> list[str]:
    """A representative page of each kind, in Swedish."""
    paths: list[str] = []
    with translation.override("sv"):
        for sitemap_class in collect_sitemaps().values():
            sitemap = sitemap_class()
            items = list(sitemap.items())
            for item in items[:2]:
                paths.append(sitemap.location(item))
        paths.append(reverse("home"))
    return sorted(set(paths))


def measure(paths: list[str], repeat: int, client=None) -> dict[str, tuple[float, int]]:
    """Each path's median response time in ms over ``repeat`` requests (after one to warm
    caches and templates) and its number of SQL queries, through the test client (an
    anonymous one unless ``client`` is given)."""
    client = client or Client()
    results = {}
    for path in paths:
        client.get(path)
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        results[path] = (statistics.median(timings), len(queries))
    return results


class Command(BaseCommand):
    help = "Time the public pages on the seed data and after `benchdata --scale N`."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=20)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, scale, repeat, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command("load_klossnet", verbosity=0)
        seed = measure(_public_paths(), repeat)
        call_command("benchdata", scale=scale, verbosity=0)
        scaled = measure(_public_paths(), repeat)
        self.stdout.write(
            f"{'page':55} {'seed ms':>8} {'q':>3} {'×' + str(scale) + ' ms':>8} {'q':>3}"
        )
        for path, (ms, queries) in seed.items():
            scaled_ms, scaled_queries = scaled[path]
            self.stdout.write(
                f"{path[:55]:55} {ms:8.1f} {queries:3d} {scaled_ms:8.1f} {scaled_queries:3d}"
            )
        self.report_production(_public_paths())

    def report_production(self, paths: list[str]) -> None:
        """Page weight, then gunicorn under wrk (operations/loadtest.py)."""
        with translation.override("sv"):
            start, archive = reverse("home"), reverse("meetings:meeting_list")
        client = Client()
        self.stdout.write("")
        self.stdout.write(
            f"page weight without photos, HTML+CSS+JS gzipped (budget {BUDGET_BYTES // 1024} kB)"
        )
        for path in (start, archive):
            weights = page_weight(client.get(path).content.decode())
            total, html = sum(weights.values()) / 1024, weights["html"] / 1024
            self.stdout.write(f"{path:30} {total:6.1f} kB (HTML {html:.1f} kB)")
        try:
            loadtest.run(self.stdout.write, paths, start, archive)
        except RuntimeError as error:
            raise CommandError(str(error)) from error

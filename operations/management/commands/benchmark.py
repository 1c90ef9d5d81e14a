"""Measure the public pages: median render time, SQL queries and HTML size, before and after
scaling.

Every public page in both languages (:func:`public_pages`) is rendered as a logged-in member
gets it, who never gets the page cache, and as an anonymous visitor with the page cache off:
the time each takes to render, at the seed size and at ``--scale`` times it, against the
budget of :data:`BUDGET_MS`, and each page's HTML in bytes, flagged when it grows between
half the scale and the whole (:func:`grown`). Run through ``make benchmark``, which points it
at a throwaway SQLite database so synthetic data never reaches a real one. Figures are printed, not
asserted: timings belong here, and the tests assert the query counts.
"""

import os
import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
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


# Every public page renders in at most this, uncached, at 20× the seed data.
BUDGET_MS = 50
# Beyond every page size (the longest lists are paged or cut short), a page's HTML stays
# the same size as the data grows: this much bigger between two such scales is growth.
GROWTH_FACTOR = 1.1
# A search that finds something in both languages' seed content.
SEARCH_QUERIES = {"sv": "samverkan", "en": "collaboration"}


def _argument_free_names(patterns, namespace: str = ""):
    """The name (with its namespaces) of every URL pattern that takes no argument."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _argument_free_names(entry.url_patterns, inner)
        elif entry.name:
            yield namespace + entry.name


def _private_prefixes(language: str) -> tuple[str, ...]:
    """The account pages and the members' area, which robots.txt keeps crawlers out of."""
    with translation.override(language):
        return (
            f"/{language}/{translation.gettext('account/')}",
            reverse("members_area:start"),
        )


def public_pages(client=None) -> list[str]:
    """Every public page in both languages: each page without an argument that answers an
    anonymous visitor with HTML (start, archive, upcoming, lists, about pages…, also pages
    apps add later), the first two and the last of each kind of object in the sitemap (a
    meeting, an institution, a theme…), and a search with a query."""
    client = client or Client()
    names = sorted(set(_argument_free_names(get_resolver().url_patterns)))
    sitemaps = [sitemap_class() for sitemap_class in collect_sitemaps().values()]
    paths: list[str] = []
    for language, _name in settings.LANGUAGES:
        private = _private_prefixes(language)
        with translation.override(language):
            candidates = []
            for name in names:
                try:
                    candidates.append(reverse(name))
                except NoReverseMatch:
                    continue
            for sitemap in sitemaps:
                items = list(sitemap.items())
                for item in [*items[:2], *items[-1:]]:
                    candidates.append(sitemap.location(item))
            search = reverse("search")
            candidates.append(f"{search}?{urlencode({'q': SEARCH_QUERIES[language]})}")
        for path in dict.fromkeys(candidates):
            if not path.startswith(f"/{language}/") or path.startswith(private):
                continue
            if path == search:
                continue  # the empty search form; the search with a query stands for it
            response = client.get(path)
            content_type = response.get("Content-Type", "")
            if response.status_code == 200 and content_type.startswith("text/html"):
                paths.append(path)
    return paths


def measure(paths: list[str], repeat: int, client=None) -> dict[str, tuple[float, int]]:
    """Each path's median response time in ms over ``repeat`` requests (after one to warm
    caches and templates) and its number of SQL queries, through the test client (an
    anonymous one unless ``client`` is given)."""
    return {
        path: (wall, queries)
        for path, (wall, _cpu, queries) in timed(paths, repeat, client).items()
    }


def timed(paths: list[str], repeat: int, client=None) -> dict[str, tuple[float, float, int]]:
    """:func:`measure` with the median CPU time of this process too (SQLite runs in it):
    on a loaded machine it shows the work a page takes, which waiting for a core does not
    change."""
    client = client or Client()
    results = {}
    for path in paths:
        client.get(path)
        walls, cpus = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - start_cpu) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
        results[path] = (statistics.median(walls), statistics.median(cpus), len(queries))
    return results


def member_client() -> Client:
    """A logged-in member: the page cache never answers them, so every page renders."""
    user, _created = get_user_model().objects.get_or_create(
        username="benchmark-member",
        defaults={"email": "benchmark-member@example.org", "marked_as_member": True},
    )
    client = Client()
    client.force_login(user)
    return client


def uncached_times(paths: list[str], repeat: int) -> dict[str, tuple]:
    """Each page's median render time (wall clock, CPU) in ms as a member and as an
    anonymous visitor with the page cache off, and the member's number of SQL queries.

    The fragment cache is on, as in production (``FRAGMENT_CACHE_SECONDS``, off in
    development): parts every reader sees alike are rendered once per content version.
    """
    seconds = settings.FRAGMENT_CACHE_SECONDS or 300
    with override_settings(FRAGMENT_CACHE_SECONDS=seconds):
        member = timed(paths, repeat, client=member_client())
        with override_settings(PAGE_CACHE_SECONDS=0):
            anonymous = timed(paths, repeat)
    return {path: (*member[path][:2], *anonymous[path][:2], member[path][2]) for path in paths}


def page_sizes(paths: list[str], client=None) -> dict[str, int]:
    """Each page's HTML in bytes, as ``client`` (an anonymous one unless given) gets it."""
    client = client or Client()
    return {path: len(client.get(path).content) for path in paths}


def uncached_sizes(paths: list[str]) -> dict[str, tuple[int, int]]:
    """Each page's HTML in bytes as a member and as an anonymous visitor (page cache off)."""
    member = page_sizes(paths, member_client())
    with override_settings(PAGE_CACHE_SECONDS=0):
        anonymous = page_sizes(paths)
    return {path: (member[path], anonymous[path]) for path in paths}


def grown(smaller: dict, larger: dict, factor: float = GROWTH_FACTOR) -> dict[str, float]:
    """The pages whose HTML (in any of the sizes measured) is more than ``factor`` times
    bigger in ``larger`` than in ``smaller``, with how many times: a page that grows with
    the data at scales beyond every page size. Pages measured only once are left out."""
    growth = {}
    for path in smaller.keys() & larger.keys():
        ratio = max(big / small for small, big in zip(smaller[path], larger[path], strict=True))
        if ratio > factor:
            growth[path] = ratio
    return dict(sorted(growth.items()))


class Command(BaseCommand):
    help = "Time the public pages on the seed data and after `benchdata --scale N`."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=20)
        parser.add_argument("--repeat", type=int, default=9)
        parser.add_argument(
            "--no-production", action="store_true", help="Skip page weight and the load test."
        )

    def handle(self, *args, scale, repeat, no_production, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        setup_test_environment()
        call_command("migrate", verbosity=0)
        call_command("load_klossnet", verbosity=0)
        paths = public_pages()
        seed = uncached_times(paths, repeat)
        seed_sizes = uncached_sizes(paths)
        # Half the scale first, its sizes only: both it and the full scale are beyond every
        # page size, so a page bigger at the full one grows with the data.
        half = max(scale // 2, 1)
        call_command("benchdata", scale=half, verbosity=0)
        half_sizes = uncached_sizes(public_pages())
        if scale > half:
            call_command("benchdata", scale=scale - half, verbosity=0)
        scaled_paths = public_pages()
        scaled = uncached_times(scaled_paths, repeat)
        scaled_sizes = uncached_sizes(scaled_paths)
        self.report_uncached(seed, scaled, scale)
        self.report_sizes(seed_sizes, half_sizes, scaled_sizes, half, scale)
        if not no_production:
            self.report_production(_public_paths())

    def report_uncached(self, seed: dict, scaled: dict, scale: int) -> None:
        """The table: each page at 1× and at ``scale``×, member and anonymous, flagged when
        either takes longer than the budget at ``scale``×."""
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        self.stdout.write(
            f"Uncached render time, median ms, wall clock and CPU (member: logged in; anon: "
            f"page cache off), SQL queries of the member's page; budget {BUDGET_MS} ms at "
            f"×{scale}. Load average {load} on {os.cpu_count()} cores."
        )
        columns = f"{'member':>7} {'cpu':>5} {'anon':>6} {'cpu':>5} {'q':>3}"
        self.stdout.write(f"{'':52} {'1×':^30} {f'{scale}×':^30}")
        self.stdout.write(f"{'page':52} {columns} {columns}")
        over, over_cpu = [], []
        for path in dict.fromkeys([*seed, *scaled]):
            cells = []
            for times in (seed, scaled):
                if path in times:
                    member, member_cpu, anonymous, anonymous_cpu, queries = times[path]
                    cells.append(
                        f"{member:7.1f} {member_cpu:5.1f} {anonymous:6.1f} {anonymous_cpu:5.1f} "
                        f"{queries:3d}"
                    )
                else:
                    cells.append(f"{'–':>7} {'':5} {'–':>6} {'':5} {'':3}")
            flag = ""
            if path in scaled:
                member, member_cpu, anonymous, anonymous_cpu, _queries = scaled[path]
                if max(member, anonymous) > BUDGET_MS:
                    flag = f"  over {BUDGET_MS} ms"
                    over.append(path)
                if max(member_cpu, anonymous_cpu) > BUDGET_MS:
                    flag += " (CPU too)"
                    over_cpu.append(path)
            self.stdout.write(f"{path[:52]:52} {cells[0]} {cells[1]}{flag}")
        if over:
            self.stdout.write(
                f"{len(over)} of {len(scaled)} pages over {BUDGET_MS} ms at ×{scale} "
                f"({len(over_cpu)} of them in CPU time)."
            )
        else:
            self.stdout.write(f"Every page within {BUDGET_MS} ms at ×{scale}.")

    def report_sizes(self, seed: dict, half: dict, scaled: dict, at_half: int, scale: int):
        """Each page's HTML in bytes at 1× and ``scale``× (member, anonymous), flagged when it
        is more than GROWTH_FACTOR bigger at ``scale``× than at ``at_half``×."""
        self.stdout.write("")
        self.stdout.write(
            f"HTML bytes (member, anonymous) at 1× and ×{scale}; flagged when more than "
            f"{GROWTH_FACTOR}× bigger at ×{scale} than at ×{at_half} (it grows with the data)."
        )
        self.stdout.write(f"{'page':52} {'1×':>15} {f'{scale}×':>15}")
        growth = grown(half, scaled) if at_half < scale else {}
        for path in dict.fromkeys([*seed, *scaled]):
            cells = [
                f"{sizes[path][0]:>7} {sizes[path][1]:>7}" if path in sizes else f"{'–':>15}"
                for sizes in (seed, scaled)
            ]
            flag = f"  grows: {growth[path]:.2f}× from ×{at_half}" if path in growth else ""
            self.stdout.write(f"{path[:52]:52} {cells[0]} {cells[1]}{flag}")
        if growth:
            self.stdout.write(f"{len(growth)} of {len(scaled)} pages grow with the data.")
        else:
            self.stdout.write(f"No page grows with the data from ×{at_half} to ×{scale}.")

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

"""Add synthetic data at scale so page speed and query counts can be measured.

Calls every app's ``benchdata_generator`` (dotted path to ``(*, scale: int) -> None``) in
INSTALLED_APPS order. Everything it adds is clearly marked “[synthetic]”. Never run by
``load_klossnet``; ``make benchmark`` runs it in a throwaway database.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import import_string

from core.pagecache import content_changed


class Command(BaseCommand):
    help = "Add N× synthetic institutions, meetings, agenda items and photo records (marked)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="How many times the seed size.")

    def handle(self, *args, scale, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                generator = getattr(app_config, "benchdata_generator", None)
                if generator:
                    import_string(generator)(scale=scale)
                    self.stdout.write(f"Added synthetic data for {app_config.label}.")
            # bulk_create() sends no signals: no cached page or fragment may outlive the data.
            content_changed()
            _statistics_update()
        self.stdout.write(self.style.SUCCESS(f"Synthetic data added at scale {scale}."))


def _statistics_update() -> None:
    """On PostgreSQL, ANALYZE the tables, as autovacuum does within a minute of a bulk load
    in production: without statistics (new tables, or the rows just multiplied) the planner
    guesses, and a page measured right after this command ran plans no deployment would
    choose (the archive filtered by a host's name: 1.1 s a query on 20 times the seed
    before, 14 ms after). ANALYZE may run inside the transaction; SQLite plans without it."""
    if connection.vendor != "postgresql":
        return
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))

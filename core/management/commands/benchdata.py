"""Add synthetic data at scale so page speed and query counts can be measured.

Calls every app's ``benchdata_generator`` (dotted path to ``(*, scale: int) -> None``) in
INSTALLED_APPS order. Everything it adds is clearly marked “[synthetic]”. Never run by
``load_klossnet``; ``make benchmark`` runs it in a throwaway database.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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
        self.stdout.write(self.style.SUCCESS(f"Synthetic data added at scale {scale}."))

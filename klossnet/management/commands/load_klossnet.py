from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Load KLOSSnet's content (texts, institutions, meetings, steering group, projects) "
        "from klossnet/content/. Safe to run again: existing rows are left as they are."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                loader = getattr(app_config, "content_loader", None)
                if loader:
                    import_string(loader)()
                    self.stdout.write(f"Loaded content for {app_config.label}.")
        self.stdout.write(self.style.SUCCESS("KLOSSnet content is loaded."))

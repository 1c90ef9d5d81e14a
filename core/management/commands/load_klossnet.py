from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = (
        "Load KLOSSnet's content (texts, institutions, meetings, steering group, projects) "
        "from content/. Safe to run again: existing rows are left as they are."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                loader = getattr(app_config, "content_loader", None)
                if loader:
                    import_string(loader)()
                    self.stdout.write(f"Loaded content for {app_config.label}.")
            # Give every object without a history its first version, so the coordinator's
            # first edit can already be compared and undone. Objects that have one keep it.
            with translation.override("sv"):
                call_command(
                    "createinitialrevisions",
                    comment=_("First version, from KLOSSnet's content files."),
                    verbosity=0,
                )
        self.stdout.write(self.style.SUCCESS("KLOSSnet content is loaded."))

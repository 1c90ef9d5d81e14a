from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Rebuild the database and the uploaded files from an archive written by "
        "`manage.py backup`. Checks every checksum first; refuses a database that is not "
        "empty unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in the database and the file storages first.",
        )

    def handle(self, *args, archive, replace, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        # A fresh database only needs its tables; an existing one is brought up to date.
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(path=path, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (written {manifest['created']} from {manifest['database']})."
            )
        )

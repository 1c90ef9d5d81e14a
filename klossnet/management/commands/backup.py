from pathlib import Path

from django.core.management.base import BaseCommand

from klossnet.backup import backup_create, default_archive_name


class Command(BaseCommand):
    help = (
        "Write one archive with the whole database (portable JSON), the public uploads and "
        "the members-only files, with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: klossnet-YYYYMMDD-HHMMSS.tar.gz here). "
            "A directory gets the default name inside it.",
        )

    def handle(self, *args, archive=None, **options):
        path = Path(archive or default_archive_name())
        if path.is_dir():
            path = path / default_archive_name()
        manifest = backup_create(path=path)
        files = len(manifest["checksums"]) - 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} (database and {files} files)."))

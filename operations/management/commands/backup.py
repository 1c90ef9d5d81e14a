from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backup import (
    backup_create,
    backup_prune,
    backup_pruned,
    backup_record,
    default_archive_name,
)


class Command(BaseCommand):
    help = (
        "Write one archive with the whole database (portable JSON), the public uploads and "
        "the members-only files, with a manifest of SHA-256 checksums, readable only by its "
        "owner. Written into a directory, it also deletes that directory's archives older "
        "than the retention (BACKUP_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: klossnet-YYYYMMDD-HHMMSS.tar.gz here). "
            "A directory gets the default name inside it.",
        )
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="Delete archives (klossnet-*.tar.gz) in the target directory written this "
            "many days ago or earlier (default: the BACKUP_RETENTION_DAYS setting, "
            f"{settings.BACKUP_RETENTION_DAYS}). Only when the target is a directory.",
        )

    def handle(self, *args, archive=None, keep_days=None, **options):
        keep_days = settings.BACKUP_RETENTION_DAYS if keep_days is None else keep_days
        if keep_days < 1:
            raise CommandError("--keep-days must be at least 1.")
        path = Path(archive or default_archive_name())
        directory = path if path.is_dir() else None
        if directory is not None:
            path = directory / default_archive_name()
        manifest = backup_create(path=path)
        # Listed in the admin (Operations › Backups) with its date and size.
        backup_record(path=path.resolve(), manifest=manifest)
        files = len(manifest["checksums"]) - 1
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} (database and {files} files)."))
        if directory is not None:
            # Only after a successful backup: a failing one never leaves fewer archives.
            deleted = backup_prune(directory=directory, keep_days=keep_days)
            backup_pruned(paths=[old.resolve() for old in deleted])
            for old in deleted:
                self.stdout.write(f"Deleted {old} (older than {keep_days} days).")

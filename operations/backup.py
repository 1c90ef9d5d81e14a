"""One-file backups of the whole portal, and restoring them into a fresh database.

An archive (``.tar.gz``) holds:

- ``data.json``: every row as Django's portable JSON (``dumpdata`` with natural keys for
  content types, permissions and users, so it loads into SQLite or PostgreSQL alike).
  Content types and permissions are left out (``migrate`` creates them), and so are
  sessions (logins do not survive a restore on purpose);
- ``media/…``: the public uploads (photos, logos), read through the default storage;
- ``private-media/…``: the members-only documents, read through their private storage;
- ``manifest.json``: format, time, the latest migration of each app, and the SHA-256 of
  every other member. A restore checks every checksum before it changes anything.
"""

import contextlib
import datetime
import hashlib
import io
import json
import logging
import os
import posixpath
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command, get_commands
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.utils import timezone
from django_tasks import task
from reversion.utils import mute_signals

from core.pagecache import content_changed
from core.protected_files import private_storage

from .models import Backup

logger = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
# Rows that migrate creates, rows that must not come back (sessions), and the records of
# the archives themselves (files of the server they were written on, not content).
EXCLUDED_MODELS = ("contenttypes", "auth.permission", "sessions", "operations.backup")
# Rows that migrate's post_migrate hooks make (the coordinator group) and the archive brings
# back as they were: not content, so a freshly migrated database counts as empty, and a
# restore replaces them.
MIGRATE_MADE = ("auth.group",)
CHUNK = 1024 * 1024
# JSON to the microsecond (the stock encoder keeps milliseconds); loaded as plain json.
EXACT_JSON = "json-exact"


class BackupError(Exception):
    """The archive is damaged, or the database is not fit to restore into."""


def _storages():
    return {"media": default_storage, "private-media": private_storage()}


def _walk(storage, directory: str = ""):
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for name in sorted(directories):
        yield from _walk(storage, posixpath.join(directory, name) if directory else name)


def _hash_copy(source, target) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _add(archive: tarfile.TarFile, name: str, source) -> str:
    """Add ``source`` (a binary file object) as ``name``; return its SHA-256."""
    with tempfile.TemporaryFile() as spool:
        checksum, size = _hash_copy(source, spool)
        spool.seek(0)
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o640
        archive.addfile(info, spool)
    return checksum


# The search index (search) is derived from the content and differs per database
# (an FTS5 table on SQLite, tsvector columns on PostgreSQL): it is rebuilt after a restore.
SEARCH_APP = "search"


def derived_models() -> list[str]:
    """Models left out of the archive: the search index, and tables Django does not manage."""
    return [
        model._meta.label
        for model in apps.get_models()
        if not model._meta.managed or model._meta.app_label == SEARCH_APP
    ]


def content_models(*, derived: bool = True) -> Iterator[type[Model]]:
    """The models whose rows are the database's content: managed, concrete tables, without
    those ``migrate`` fills (content types, permissions) and sessions. ``derived=False``
    leaves out the search index too, as the archive does (it is rebuilt on restore)."""
    left_out = set() if derived else {label.lower() for label in derived_models()}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in EXCLUDED_MODELS or label in EXCLUDED_MODELS:
            continue
        if not model._meta.managed or model._meta.proxy or label in left_out:
            continue
        yield model


def _latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def backup_create(*, path: Path) -> dict:
    """Write the archive to ``path`` and return its manifest.

    The archive holds members' personal data, so only its owner may read it (mode 0600,
    whatever the umask). It is written under a temporary name beside ``path`` and renamed
    when complete, so a failed run never leaves half an archive that looks like a backup.
    """
    path = Path(path)
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=".klossnet-", suffix=".part")
    try:
        os.fchmod(descriptor, 0o600)  # mkstemp's mode, stated: it is the promise here
        with os.fdopen(descriptor, "wb") as target:
            manifest = _write_archive(target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise
    return manifest


def _write_archive(target) -> dict:
    checksums: dict[str, str] = {}
    with tarfile.open(fileobj=target, mode="w:gz") as archive:
        with tempfile.TemporaryDirectory() as work:
            data_path = os.path.join(work, DATA)
            serializers.register_serializer(EXACT_JSON, "core.exact_json")
            call_command(
                "dumpdata",
                format=EXACT_JSON,
                exclude=[*EXCLUDED_MODELS, *derived_models()],
                natural_foreign=True,
                output=data_path,
                verbosity=0,
            )
            with open(data_path, "rb") as data:
                checksums[DATA] = _add(archive, DATA, data)
        for prefix, storage in _storages().items():
            for name in _walk(storage):
                with storage.open(name, "rb") as source:
                    checksums[f"{prefix}/{name}"] = _add(archive, f"{prefix}/{name}", source)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _latest_migrations(),
            "checksums": checksums,
        }
        _add(archive, MANIFEST, io.BytesIO(json.dumps(manifest, indent=2).encode()))
    return manifest


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return (
        (name in (DATA, MANIFEST) or parts[0] in _storages())
        and ".." not in parts
        and not name.startswith("/")
    )


def backup_verify(*, path: Path) -> dict:
    """Check the archive against its manifest; return the manifest or raise BackupError."""
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}") from error
    with archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError, TypeError) as error:
            raise BackupError(f"{path} has no valid {MANIFEST}.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        expected = dict(manifest["checksums"])
        for member in archive:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe_name(member.name):
                raise BackupError(f"Unexpected entry in the archive: {member.name!r}.")
            if member.name not in expected:
                raise BackupError(f"{member.name} is not listed in the manifest.")
            checksum, _size = _hash_copy(archive.extractfile(member), _Discard())
            if checksum != expected.pop(member.name):
                raise BackupError(f"Checksum mismatch for {member.name}: the archive is damaged.")
        if expected:
            raise BackupError(f"Missing from the archive: {', '.join(sorted(expected))}.")
    return manifest


class _Discard:
    def write(self, data):
        pass


def database_rows() -> dict[str, int]:
    """Rows per model, apart from those ``migrate`` creates (content types, permissions)."""
    counts = {}
    for model in content_models():
        label = model._meta.label_lower
        if label in MIGRATE_MADE:
            continue
        count = model._base_manager.count()
        if count:
            counts[label] = count
    return counts


def backup_restore(*, path: Path, replace: bool = False) -> dict:
    """Rebuild the database and files from the archive at ``path``.

    The database must be migrated and empty; with ``replace`` everything in it and every
    stored file is deleted first. Nothing is changed if the archive fails its checks.
    """
    manifest = backup_verify(path=path)
    applied = {(app, name) for app, name in MigrationRecorder(connection).applied_migrations()}
    unknown = [
        f"{app}.{name}"
        for app, name in manifest["migrations"].items()
        if (app, name) not in applied
    ]
    if unknown:
        raise BackupError(
            "The archive was written by a newer version of the portal (migrations "
            f"{', '.join(unknown)} are not applied here). Update the code, then restore."
        )
    rows = database_rows()
    if rows and not replace:
        listing = ", ".join(f"{label} ({count})" for label, count in sorted(rows.items())[:5])
        raise BackupError(
            f"The database is not empty: {listing}{' …' if len(rows) > 5 else ''}. "
            "Restore into a fresh, migrated database, or pass --replace to delete "
            "everything in this one first."
        )
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        data_path = os.path.join(work, DATA)
        with open(data_path, "wb") as data:
            _hash_copy(archive.extractfile(DATA), data)
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            # The rows come back exactly as they were: no handler may add or change any
            # (the search index, for one, is in the archive already).
            with mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed):
                for label in MIGRATE_MADE:
                    apps.get_model(label)._base_manager.all().delete()
                call_command("loaddata", data_path, verbosity=0)
            if "rebuild_search_index" in get_commands():
                call_command("rebuild_search_index", verbosity=0)
            content_changed()  # every cached page is out of date
        storages = _storages()
        if replace:
            for storage in storages.values():
                for name in list(_walk(storage)):
                    storage.delete(name)
        for member in archive:
            prefix, _slash, name = member.name.partition("/")
            if prefix not in storages or not name:
                continue
            storage = storages[prefix]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
    return manifest


ARCHIVE_PATTERN = "klossnet-*.tar.gz"


def default_archive_name() -> str:
    return f"klossnet-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"


def backup_prune(*, directory: Path, keep_days: int, today: datetime.date | None = None) -> list:
    """Delete the archives in ``directory`` older than ``keep_days`` days; return them.

    An archive is kept ``keep_days`` calendar days: the run on day D deletes every archive
    written on day D − ``keep_days`` or earlier (by its modification time, local time).
    With the nightly timer, data erased on day E is in no archive left after day
    E + ``keep_days``. Only files named like the archives ``backup`` writes are touched.
    """
    if keep_days < 1:
        raise ValueError("Backups must be kept at least one day.")
    today = today or datetime.date.today()
    last_deleted_day = today - datetime.timedelta(days=keep_days)
    deleted = []
    for archive in sorted(Path(directory).glob(ARCHIVE_PATTERN)):
        if not archive.is_file():
            continue
        written = datetime.date.fromtimestamp(archive.stat().st_mtime)
        if written <= last_deleted_day:
            archive.unlink()
            deleted.append(archive)
    return deleted


# --- Backups from the admin -------------------------------------------------------------
def backup_record(*, path: Path, manifest: dict | None = None, backup=None, error: str = ""):
    """Record an archive written (or a run that failed) as a ``Backup`` row."""
    backup = backup or Backup(state=Backup.State.RUNNING)
    backup.path = str(path)
    backup.finished_at = timezone.now()
    if error:
        backup.state, backup.error = Backup.State.FAILED, error
    else:
        backup.state, backup.size = Backup.State.DONE, Path(path).stat().st_size
    backup.save()
    return backup


def backup_pruned(*, paths) -> None:
    """Forget the records of archives ``backup_prune`` deleted."""
    Backup.objects.filter(path__in=[str(path) for path in paths]).delete()


def backup_start(*, user) -> Backup:
    """Queue a backup for the worker (``backup_task``) once the transaction commits."""
    backup = Backup.objects.create(state=Backup.State.QUEUED, requested_by=user)
    transaction.on_commit(lambda: backup_task.enqueue(backup_id=backup.pk))
    return backup


@task()
def backup_task(*, backup_id: int) -> bool:
    """Write the archive into ``BACKUP_DIRECTORY`` and delete the archives there older than
    the retention, as the nightly ``manage.py backup`` does."""
    backup = Backup.objects.filter(pk=backup_id, state=Backup.State.QUEUED).first()
    if backup is None:  # already done by another worker, or forgotten
        return False
    Backup.objects.filter(pk=backup.pk).update(state=Backup.State.RUNNING)
    directory = Path(settings.BACKUP_DIRECTORY)
    path = directory / default_archive_name()
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        manifest = backup_create(path=path)
    except Exception as error:
        logger.exception("Backup %s failed", backup.pk)
        backup_record(path=path, backup=backup, error=f"{type(error).__name__}: {error}")
        return False
    backup_record(path=path, manifest=manifest, backup=backup)
    backup_pruned(paths=backup_prune(directory=directory, keep_days=settings.BACKUP_RETENTION_DAYS))
    return True

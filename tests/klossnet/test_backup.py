"""manage.py backup and restore: a full round trip finds every row and file identical; a
damaged archive or a database that is not empty is refused before anything changes.

Runs on the database of the test run: SQLite to SQLite by default, PostgreSQL to PostgreSQL
when DATABASE_URL points at PostgreSQL (as the second half of .ci/run does)."""

import hashlib
import io
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from core.exact_json import ExactJSONEncoder
from meetings.models import Document, Meeting, Photo
from operations.backup import content_models
from search.models import SearchDocument
from tests.factories import UserFactory
from tests.meetings.test_models import jpeg_with_gps
from tests.seed_snapshot import load_seed

pytestmark = pytest.mark.django_db(transaction=True)

QUIET = {"verbosity": 0, "stdout": io.StringIO()}


def every_row() -> dict[str, str]:
    """Each model's rows in primary-key order, foreign keys by natural key where there is
    one (content types and permissions get new ids when migrate recreates them)."""
    rows = {}
    for model in content_models(derived=False):  # the search index is rebuilt, not restored
        rows[model._meta.label_lower] = serializers.serialize(
            "json",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            cls=ExactJSONEncoder,  # to the microsecond
        )
    return rows


def every_file() -> dict[str, str]:
    files = {}
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@pytest.fixture
def portal():
    """The seed content, a coordinator, a photo with renditions and members-only minutes.

    The seed as `manage.py load_klossnet` commits it, search index included: loaded by the
    command once a session, then copied in as rows (tests/seed_snapshot.py)."""
    load_seed()
    UserFactory(email="koordinator@example.org", is_staff=True)
    with translation.override("sv"):
        meeting = Meeting.objects.order_by("date").first()
        Photo.objects.create(
            meeting=meeting,
            image=SimpleUploadedFile("falun.jpg", jpeg_with_gps(), content_type="image/jpeg"),
            alt="Deltagare vid gruvan",
        )
        document = Document(meeting=meeting, title_sv="Minnesanteckningar", visibility="members")
        document.file = SimpleUploadedFile("minnes.pdf", b"%PDF-1.4 members only")
        document.save()
    return meeting


def wipe():
    call_command("flush", interactive=False, **QUIET)
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(root, ignore_errors=True)


def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(portal, tmp_path):
    rows, files = every_row(), every_file()
    documents = SearchDocument.objects.count()
    assert documents
    assert len(files) >= 3  # photo, its renditions, the document
    assert rows["reversion.version"] != "[]"  # the history travels too
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive), **QUIET)
    wipe()
    assert Meeting.objects.count() == 0 and every_file() == {}
    call_command("restore", str(archive), **QUIET)

    assert every_row() == rows
    assert every_file() == files
    assert SearchDocument.objects.count() == documents  # the search index is rebuilt


def test_the_archive_has_a_manifest_with_checksums(portal, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), **QUIET)
    with tarfile.open(archive) as tar:
        import json

        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert names == set(manifest["checksums"]) | {"manifest.json"}
    assert "data.json" in names
    assert any(name.startswith("media/meetings/photos/") for name in names)
    assert any(name.startswith("private-media/meetings/documents/") for name in names)
    assert manifest["migrations"]["meetings"]


def test_restore_refuses_a_database_that_is_not_empty(portal, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), **QUIET)
    Meeting.objects.filter(pk=portal.pk).update(title_sv="Ändrad efter säkerhetskopian")
    rows = every_row()

    with pytest.raises(CommandError, match="The database is not empty.*--replace"):
        call_command("restore", str(archive), **QUIET)
    assert every_row() == rows


def test_restore_with_replace_brings_back_the_backed_up_state(portal, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    rows, files = every_row(), every_file()
    call_command("backup", str(archive), **QUIET)
    Meeting.objects.filter(pk=portal.pk).update(title_sv="Ändrad efter säkerhetskopian")
    Path(settings.MEDIA_ROOT, "extra.txt").write_text("added later")

    call_command("restore", str(archive), "--replace", **QUIET)
    assert every_row() == rows
    assert every_file() == files


def test_a_damaged_archive_is_refused_before_anything_changes(portal, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), **QUIET)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("private-media/"):
                content = content.replace(b"members only", b"tampered!!!!")
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    wipe()

    with pytest.raises(CommandError, match="Checksum mismatch for private-media/"):
        call_command("restore", str(damaged), **QUIET)
    assert Meeting.objects.count() == 0
    assert not os.path.exists(settings.PRIVATE_MEDIA_ROOT) or every_file() == {}


# --- Who may read an archive, and how long it is kept ---------------------


@pytest.fixture
def small_portal():
    """A person is enough: these tests are about the archive file, not its rows."""
    from tests.factories import PersonFactory

    with translation.override("sv"):
        return PersonFactory(name="Arkiv Person")


def test_an_archive_is_readable_by_its_owner_only_whatever_the_umask(small_portal, tmp_path):
    previous = os.umask(0o022)  # the usual umask: files 0644, readable by every local user
    try:
        call_command("backup", str(tmp_path / "backup.tar.gz"), **QUIET)
        call_command("backup", str(tmp_path), **QUIET)  # into a directory, default name
    finally:
        os.umask(previous)
    archives = sorted(tmp_path.glob("*.tar.gz"))
    assert len(archives) == 2
    for archive in archives:
        assert archive.stat().st_mode & 0o777 == 0o600, archive
    assert not list(tmp_path.glob(".klossnet-*"))  # no temporary file left behind


def test_a_failed_backup_leaves_no_archive(small_portal, tmp_path, monkeypatch):
    from operations import backup

    def broken(target):
        target.write(b"half an archive")
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_write_archive", broken)
    with pytest.raises(OSError, match="disk full"):
        backup.backup_create(path=tmp_path / "backup.tar.gz")
    assert list(tmp_path.iterdir()) == []


def _archive_written(path: Path, days_ago: float) -> Path:
    import time

    path.write_bytes(b"old archive")
    written = time.time() - days_ago * 86400
    os.utime(path, (written, written))
    return path


def test_a_backup_into_a_directory_deletes_archives_past_the_retention(
    small_portal, tmp_path, settings
):
    settings.BACKUP_RETENTION_DAYS = 7
    expired = _archive_written(tmp_path / "klossnet-20200101-023000.tar.gz", days_ago=7.1)
    much_older = _archive_written(tmp_path / "klossnet-20190101-023000.tar.gz", days_ago=400)
    kept = _archive_written(tmp_path / "klossnet-20200102-023000.tar.gz", days_ago=5.9)
    unrelated = _archive_written(tmp_path / "notes.tar.gz", days_ago=400)

    call_command("backup", str(tmp_path), **QUIET)

    assert not expired.exists() and not much_older.exists()
    assert kept.exists() and unrelated.exists()
    assert len(list(tmp_path.glob("klossnet-*.tar.gz"))) == 2  # kept, and tonight's


def test_keep_days_overrides_the_retention_setting(small_portal, tmp_path, settings):
    settings.BACKUP_RETENTION_DAYS = 30
    old = _archive_written(tmp_path / "klossnet-20200101-023000.tar.gz", days_ago=3.1)

    call_command("backup", str(tmp_path), keep_days=30, **QUIET)
    assert old.exists()
    call_command("backup", str(tmp_path), keep_days=3, **QUIET)
    assert not old.exists()
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path), keep_days=0, **QUIET)


def test_an_archive_leaves_the_directory_on_the_retention_day(tmp_path):
    import datetime

    from operations.backup import backup_prune

    day = datetime.date(2026, 3, 1)
    archive = tmp_path / "klossnet-20260301-023000.tar.gz"
    archive.write_bytes(b"x")
    written = datetime.datetime(2026, 3, 1, 2, 30).timestamp()
    os.utime(archive, (written, written))
    for days_later in range(30):
        backup_prune(directory=tmp_path, keep_days=30, today=day + datetime.timedelta(days_later))
        assert archive.exists(), days_later
    backup_prune(directory=tmp_path, keep_days=30, today=day + datetime.timedelta(30))
    assert not archive.exists()

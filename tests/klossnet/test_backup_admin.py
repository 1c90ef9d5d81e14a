"""Backups from the admin: the coordinator starts one (the worker writes it) and sees the
list with date and size; only a superuser downloads an archive."""

import io
import tarfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from operations.backup import MANIFEST
from operations.models import Backup

pytestmark = pytest.mark.django_db

LIST = "admin:operations_backup_changelist"


@pytest.fixture(autouse=True)
def _backups_in_tmp(settings, tmp_path):
    settings.BACKUP_DIRECTORY = tmp_path / "backups"


def _start(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("admin:operations_backup_start"), follow=True)


def test_the_coordinator_starts_a_backup_and_the_worker_writes_it(
    coordinator_client, coordinator, settings, django_capture_on_commit_callbacks
):
    response = _start(coordinator_client, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Säkerhetskopian är på väg" in response.content.decode()
    backup = Backup.objects.get()
    assert backup.state == Backup.State.DONE and backup.requested_by == coordinator
    archive = settings.BACKUP_DIRECTORY / backup.file_name
    assert archive.stat().st_size == backup.size > 0
    with tarfile.open(archive) as opened:
        assert MANIFEST in opened.getnames()


def test_the_list_shows_each_backups_date_and_size(coordinator_client, tmp_path):
    Backup.objects.create(state=Backup.State.DONE, path=str(tmp_path / "a.tar.gz"), size=5_300_000)
    html = coordinator_client.get(reverse(LIST)).content.decode()
    assert "5,1\xa0MB" in html or "5,1 MB" in html
    assert 'class="field-requested_at' in html
    assert "Starta en säkerhetskopiering nu" in html


def test_the_nightly_backup_is_listed_too(tmp_path):
    call_command("backup", str(tmp_path), verbosity=0, stdout=io.StringIO())
    backup = Backup.objects.get()
    assert backup.requested_by is None and backup.state == Backup.State.DONE
    assert backup.size == (tmp_path / backup.file_name).stat().st_size


def test_the_coordinator_cannot_download_an_archive(
    coordinator_client, django_capture_on_commit_callbacks
):
    _start(coordinator_client, django_capture_on_commit_callbacks)
    backup = Backup.objects.get()
    html = coordinator_client.get(reverse(LIST)).content.decode()
    assert reverse("admin:operations_backup_download", args=[backup.pk]) not in html
    response = coordinator_client.get(reverse("admin:operations_backup_download", args=[backup.pk]))
    assert response.status_code == 403


def test_a_superuser_downloads_an_archive(
    admin_client, settings, django_capture_on_commit_callbacks
):
    _start(admin_client, django_capture_on_commit_callbacks)
    backup = Backup.objects.get()
    url = reverse("admin:operations_backup_download", args=[backup.pk])
    assert url in admin_client.get(reverse(LIST)).content.decode()
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    assert content == (settings.BACKUP_DIRECTORY / backup.file_name).read_bytes()


def test_starting_needs_a_post_and_the_right(client, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    staff = UserFactory(username="redaktor@kth.se", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_backup"))
    client.force_login(staff)
    assert client.get(reverse("admin:operations_backup_start")).status_code == 405
    assert "Starta en säkerhetskopiering nu" not in client.get(reverse(LIST)).content.decode()
    assert _start(client, django_capture_on_commit_callbacks).status_code == 403
    assert not Backup.objects.exists()


def test_a_failed_backup_is_listed_as_failed(
    coordinator_client, monkeypatch, django_capture_on_commit_callbacks
):
    import operations.backup

    def broken(*, path):
        raise OSError("No space left on device")

    monkeypatch.setattr(operations.backup, "backup_create", broken)
    _start(coordinator_client, django_capture_on_commit_callbacks)
    backup = Backup.objects.get()
    assert backup.state == Backup.State.FAILED
    assert "No space left on device" in backup.error

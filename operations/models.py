"""A record of each backup archive: started from the admin or written by ``manage.py
backup``, so the coordinator sees in the admin when the last backups were made and how big
they are. The archive itself lives on the server's disk (``BACKUP_DIRECTORY``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Backup(models.Model):
    # Bookkeeping no public page shows: saving one leaves the page cache alone (core.pagecache).
    page_cache_ignored = True

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("being written")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    path = models.CharField(_("file on the server"), max_length=500, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    requested_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the nightly backup (manage.py backup)."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return self.file_name or str(self.State(self.state).label)

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

"""Backups in the admin: the list of archives (date, size), a button that starts one
(the worker writes it, operations/backup.py) and, for superusers only, downloading one.

An archive holds every member's personal data and every login's password hash: only a
superuser may take one off the server, whatever rights a coordinator has been given.
"""

from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .backup import backup_start
from .models import Backup


@admin.register(Backup)
class BackupAdmin(admin.ModelAdmin):
    list_display = ["requested_at", "state", "file_size", "requested_by"]
    list_filter = ["state"]
    date_hierarchy = "requested_at"
    fields = ["state", "requested_at", "finished_at", "requested_by", "path", "file_size", "error"]
    readonly_fields = fields
    change_list_template = "admin/operations/backup/change_list.html"

    def has_add_permission(self, request):
        # A backup is started with the button, not typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*self.list_display, "download"]
        return self.list_display

    def may_start(self, request) -> bool:
        return request.user.has_perm("operations.add_backup")

    @admin.display(description=_("size"), ordering="size")
    def file_size(self, backup):
        return filesizeformat(backup.size) if backup.size is not None else "–"

    @admin.display(description=_("download"))
    def download(self, backup):
        if backup.state != Backup.State.DONE:
            return ""
        return format_html(
            '<a href="{}" download>{}</a>',
            reverse("admin:operations_backup_download", args=[backup.pk]),
            backup.file_name,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_start_backup": self.may_start(request),
            "backup_directory": settings.BACKUP_DIRECTORY,
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "start/",
                self.admin_site.admin_view(self.start_view),
                name="operations_backup_start",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="operations_backup_download",
            ),
            *super().get_urls(),
        ]

    def start_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.may_start(request):
            raise PermissionDenied
        backup_start(user=request.user)
        self.message_user(
            request,
            _(
                "The backup is on its way: the worker writes it in the background. Reload "
                "this page to see when it is done."
            ),
            messages.SUCCESS,
        )
        return redirect("admin:operations_backup_changelist")

    def download_view(self, request, pk: int):
        if not request.user.is_superuser:
            raise PermissionDenied
        backup = get_object_or_404(Backup, pk=pk, state=Backup.State.DONE)
        archive = Path(backup.path)
        if not archive.is_file():
            raise Http404(_("The archive is no longer on the server."))
        return FileResponse(
            archive.open("rb"),
            as_attachment=True,
            filename=archive.name,
            content_type="application/gzip",
        )

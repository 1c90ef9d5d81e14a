"""What the coordinator takes out of the portal: participants (CSV, XLSX), the dinner's
diet list, name badges. Rows come from registrations with their entries prefetched."""

import csv
import datetime
import io

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import Entry, Part, Registration


def export_queryset(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return (
        registrations.prefetch_related(None)
        .select_related("person__institution", "meeting", "registered_by")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=Entry.objects.select_related("part__study_visit", "part__meeting"),
            )
        )
        .order_by("meeting__date", "person__institution__name", "person__name")
    )


def _parts(registration: Registration, status: str) -> str:
    return "; ".join(
        entry.part.name for entry in registration.entries.all() if entry.status == status
    )


def participant_rows(registrations) -> tuple[list[str], list[list]]:
    header = [
        _("Meeting"),
        _("Name"),
        _("Institution"),
        _("E-mail"),
        _("Parts (confirmed)"),
        _("Waiting list"),
        _("Dietary requirements"),
        _("Accessibility needs"),
        _("Substitute"),
        _("Registered by"),
        _("Language"),
        _("Listed"),
        _("Registered"),
        _("State"),
        _("Cancelled"),
    ]
    rows = []
    for registration in export_queryset(registrations):
        person = registration.person
        rows.append(
            [
                str(registration.meeting),
                person.name,
                person.institution.name if person.institution else "",
                registration.email,
                _parts(registration, Entry.Status.CONFIRMED),
                _parts(registration, Entry.Status.WAITLISTED),
                registration.diet,
                registration.accessibility,
                _("yes") if registration.is_substitute else "",
                registration.registered_by.name if registration.registered_by else "",
                registration.get_language_display(),
                _("yes") if registration.listing_consent else "",
                _local(registration.created_at),
                registration.get_state_display(),
                _local(registration.cancelled_at) if registration.cancelled_at else "",
            ]
        )
    return header, rows


def _local(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` in the site's time zone (settings.TIME_ZONE), as a spreadsheet's naive
    date and time, as the admin list shows it."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _cell(value) -> str:
    """Text that a spreadsheet would run as a formula is prefixed, so it stays text."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def participants_csv(registrations) -> bytes:
    header, rows = participant_rows(registrations)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    # The BOM makes Excel read the file as UTF-8 (å, ä, ö).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def participants_xlsx(registrations) -> bytes:
    header, rows = participant_rows(registrations)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value if not isinstance(value, str) else _cell(value) for value in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, title in enumerate(header, start=1):
        width = max([len(str(title))] + [len(str(row[index - 1])) for row in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def dinner_diets(registrations) -> list[dict]:
    """Per meeting: those with a confirmed dinner place, and their dietary requirements."""
    meetings: dict[int, dict] = {}
    for registration in export_queryset(registrations):
        dinner = [
            entry
            for entry in registration.entries.all()
            if entry.part.kind == Part.Kind.DINNER and entry.is_confirmed
        ]
        if not dinner:
            continue
        group = meetings.setdefault(
            registration.meeting_id,
            {"meeting": registration.meeting, "guests": 0, "with_diet": []},
        )
        group["guests"] += 1
        if registration.diet or registration.accessibility:
            group["with_diet"].append(registration)
    return list(meetings.values())


def badge_registrations(registrations) -> list[Registration]:
    """Everyone with at least one confirmed place, by institution and name."""
    return [
        registration
        for registration in export_queryset(registrations)
        if any(entry.is_confirmed for entry in registration.entries.all())
    ]

"""Reads used in several places: the archive, one meeting, the start page, institution pages,
the members' start page."""

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.publishing import published_q
from members.models import Institution

from .models import Document, Meeting, MeetingHost

# How many documents the members' start page lists under "Recent material".
RECENT_DOCUMENTS = 8


def _hostings():
    return Prefetch(
        "hostings", queryset=MeetingHost.objects.select_related("institution").order_by("position")
    )


def meeting_list(*, year: int | None = None, host=None, theme=None) -> QuerySet[Meeting]:
    """Published meetings, newest first, with hosts and themes prefetched."""
    meetings = Meeting.objects.published().prefetch_related(_hostings(), "themes")
    if year:
        meetings = meetings.filter(date__year=year)
    if host is not None:  # the hosts the filter names (meetings.forms.HostField)
        meetings = meetings.filter(pk__in=Meeting.objects.filter(hosts__in=host).values("pk"))
    if theme:
        meetings = meetings.with_theme(theme)
    return meetings.order_by("-date")


def meeting_years() -> list[int]:
    return [day.year for day in Meeting.objects.published().dates("date", "year", order="DESC")]


def meeting_host_choices() -> QuerySet[Institution]:
    """Institutions that hosted a published meeting (for the archive's filter)."""
    return Institution.objects.filter(published_q("hosted_meetings__")).distinct()


def meeting_detail_queryset(*, include_drafts: bool = False) -> QuerySet[Meeting]:
    """Meetings with everything their page shows; drafts only for a staff preview."""
    meetings = Meeting.objects.all() if include_drafts else Meeting.objects.published()
    return meetings.prefetch_related(
        _hostings(), "themes", "study_visits", "agenda_items", "photos", "documents"
    )


def next_meeting() -> Meeting | None:
    """The next published meeting (one query; the start page shows date, title and place)."""
    return Meeting.objects.published().upcoming().first()


def institution_sections(institution: Institution) -> list[dict]:
    """The "Meetings hosted" section on an institution's page (members' extension point)."""
    meetings = list(
        Meeting.objects.published().filter(hosts=institution).prefetch_related(_hostings())
    )
    if not meetings:
        return []
    for meeting in meetings:
        meeting.co_hosts = [
            hosting.institution
            for hosting in meeting.hostings.all()
            if hosting.institution_id != institution.pk
        ]
    return [
        {
            "title": _("Meetings hosted"),
            "template": "meetings/includes/institution_meetings.html",
            "context": {"meetings": meetings},
            "order": 10,
        }
    ]


def recent_documents() -> QuerySet[Document]:
    """The newest material of published meetings, an upcoming meeting's papers first (one
    query): a members-only paper sent out before the meeting is material too."""
    return (
        Document.objects.filter(published_q("meeting__"))
        .select_related("meeting")
        .order_by("-meeting__date", "order", "pk")[:RECENT_DOCUMENTS]
    )


def members_area_sections(request) -> list[dict]:
    """ "Next meeting" and "Recent material" on the members' start page (members' extension
    point; two queries)."""
    return [
        {
            "id": "next-meeting",
            "title": _("Next meeting"),
            "template": "meetings/includes/area_next_meeting.html",
            "context": {"next_meeting": next_meeting()},
            "order": 10,
        },
        {
            "id": "recent-material",
            "title": _("Recent material"),
            "template": "meetings/includes/area_recent_material.html",
            "context": {"recent_documents": list(recent_documents())},
            "order": 20,
        },
    ]


def meeting_page_sections(request, meeting: Meeting) -> dict[str, list[dict]]:
    """The sections apps above meetings add to its page, by place ("start", "end"), each
    sorted by order (contract: ``meetings.apps``)."""
    placed: dict[str, list[dict]] = {"start": [], "end": []}
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "meeting_sections", None)
        if not path:
            continue
        for number, section in enumerate(import_string(path)(request, meeting), start=1):
            placed[section.get("place", "end")].append(
                {"id": f"{app_config.label}-{number}", **section}
            )
    for sections in placed.values():
        sections.sort(key=lambda section: section.get("order", 0))
    return placed


def meeting_locator(meeting: Meeting) -> dict | None:
    """The locator map an app above meetings draws for ``meeting`` (contract:
    ``meetings.apps``), or None."""
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "meeting_locator", None)
        if path and (locator := import_string(path)(meeting)):
            return locator
    return None


def agenda_guests(agenda_items) -> dict[int, list[dict]]:
    """The speakers an app above meetings keeps as records of their own, by agenda item
    (contract: ``meetings.apps``); ``{}`` when no app does or there are no items."""
    if not agenda_items:
        return {}
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "agenda_guests", None)
        if path:
            return import_string(path)(agenda_items)
    return {}

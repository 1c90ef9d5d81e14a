"""Public pages of the archive, its feeds and the permission-checked document download."""

import re
from itertools import groupby

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET
from icalendar import Calendar

from core import richtext
from core.pagecache import deferred_context, form_query
from core.periods import today
from core.protected_files import protected_file_response
from core.publishing import is_preview, preview_response, published_q
from members.permissions import is_member, not_a_member_response

from . import selectors
from .feeds import meeting_event
from .forms import MeetingFilterForm
from .models import Document, Meeting

MEETINGS_PER_PAGE = 60


@require_GET
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    meetings = selectors.meeting_list(
        year=filters.get("year"), host=filters.get("host"), theme=filters.get("theme")
    )
    number = request.GET.get("page")

    def archive_page() -> dict:
        # What is coming stands apart from the archive of what was held, soonest first; it
        # is a handful of meetings, so it is not paged (and shows above the first page).
        day = today()
        upcoming = list(meetings.upcoming(day))
        # Two meetings a year fit one page for decades; pages keep a huge archive fast.
        page = Paginator(meetings.past(day), MEETINGS_PER_PAGE).get_page(number)
        years = [
            {"year": year, "meetings": list(items)}
            for year, items in groupby(page.object_list, key=lambda meeting: meeting.date.year)
        ]
        return {
            "years": years,
            "upcoming": upcoming if page.number == 1 else [],
            "page": page,
            "meeting_count": page.paginator.count,
        }

    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "query": form_query(form),  # what the pager's links keep
            "page_number": number or "",
            "is_filtered": any(filters.values()),
            # Worked out only when the archive's list is not in the fragment cache.
            **deferred_context(archive_page, "years", "upcoming", "page", "meeting_count"),
        },
    )


@require_GET
def meeting_detail(request, slug):
    preview = is_preview(request)
    meeting = selectors.meeting_detail_queryset(include_drafts=preview).filter(slug=slug).first()
    if meeting is None:
        # A slug from the other language (e.g. after switching language by hand): redirect.
        other = Meeting.objects.published().filter(Q(slug_sv=slug) | Q(slug_en=slug)).first()
        if other is None:
            raise Http404
        return redirect(other, permanent=True)
    member = is_member(request.user)
    documents = list(meeting.documents.all())
    agenda_items = list(meeting.agenda_items.all())
    guests = selectors.agenda_guests(agenda_items)
    for item in agenda_items:
        item.guest_links = guests.get(item.pk, [])
    response = render(
        request,
        "meetings/meeting_detail.html",
        {
            "object": meeting,
            "meeting": meeting,
            "hostings": list(meeting.hostings.all()),
            "agenda_items": agenda_items,
            "study_visits": list(meeting.study_visits.all()),
            "photos": list(meeting.photos.all()),
            "public_documents": [d for d in documents if d.is_public],
            "members_documents": [d for d in documents if not d.is_public] if member else [],
            "has_hidden_documents": not member and any(not d.is_public for d in documents),
            "preview_object": meeting if preview else None,
            "page_sections": selectors.meeting_page_sections(request, meeting),
            "locator": selectors.meeting_locator(meeting),
        },
    )
    return preview_response(response) if preview else response


@require_GET
def document_download(request, pk):
    documents = Document.objects.select_related("meeting")
    if not request.user.is_staff:  # staff preview the documents of drafts too
        documents = documents.filter(published_q("meeting__"))
    document = get_object_or_404(documents, pk=pk)
    if not document.is_public and not is_member(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return not_a_member_response(request)
    if not document.file.storage.exists(document.file.name):
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1].lower()
    title = re.sub(r'[\\/"\x00-\x1f\x7f]+', "-", document.title).strip(" .-") or "document"
    filename = f"{document.meeting.date:%Y-%m-%d}-{title}.{extension}"
    return protected_file_response(document.file, filename=filename)


def _public_calendar(request, meetings) -> HttpResponse:
    """The meetings as iCalendar events with what anyone may see, in the URL's language.

    A meeting's event has the uid of the feed's and the personal calendar's, so a calendar
    that holds the meeting already shows it once."""
    calendar = Calendar()
    calendar.add("prodid", "-//KLOSSnet//klossnet meetings//" + translation.get_language().upper())
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "KLOSSnet")
    host = request.get_host().split(":")[0]
    for meeting in meetings:
        event = meeting_event(meeting, host=host)
        if meeting.summary:
            event.add("description", richtext.plain(meeting.summary))
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


@require_GET
def ical(request):
    """All published meetings as an iCalendar feed, in the language of the URL."""
    response = _public_calendar(request, selectors.meeting_list())
    response["Content-Disposition"] = 'inline; filename="klossnet.ics"'
    return response


@require_GET
def meeting_ical(request, slug):
    """One meeting as an .ics file, the "add to calendar" link for anyone."""
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    response = _public_calendar(request, [meeting])
    response["Content-Disposition"] = f'attachment; filename="klossnet-{meeting.date:%Y-%m-%d}.ics"'
    return response

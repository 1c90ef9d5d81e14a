"""The Atom feed of published meetings, a meeting as an iCalendar event, and the meetings
in a member's personal calendar."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from icalendar import Event

from core import richtext

from . import selectors
from .models import Meeting


class MeetingFeed(Feed):
    feed_type = Atom1Feed
    title = _("KLOSSnet meetings")
    subtitle = _("Meetings and round-table talks of KLOSSnet, the newest first.")

    def link(self):
        return reverse("meetings:meeting_list")

    def items(self):
        return selectors.meeting_list()[:50]

    def item_title(self, item):
        return f"{item.date:%Y-%m-%d} {item.title}"

    def item_description(self, item):
        # Atom1Feed writes the summary as type="html": the plain text is escaped once for
        # HTML here, and once more for XML by the feed generator, as Atom requires.
        return escape(richtext.plain(item.summary))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"meeting-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item):
        return item.updated_at


def meeting_event(meeting, *, host: str) -> Event:
    """The all-day event of a meeting, from the study-visit day (if any) to the meeting day
    (end exclusive). The public feed and members' personal calendars share its uid, so a
    calendar holding both shows the meeting once."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.date + datetime.timedelta(days=1))
    event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
    if meeting.place:
        event.add("location", meeting.place)
    return event


def _lines(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


def personal_calendar_events(request, user) -> list[Event]:
    """Every published meeting with what only members may see: study visits, dinner, agenda
    and all documents (members' ``personal_calendar_events`` hook; the caller has checked
    that ``user`` is a member). Four queries, however many meetings."""
    host = request.get_host().split(":")[0]
    meetings = (
        Meeting.objects.published()
        .prefetch_related("documents", "agenda_items", "study_visits")
        .order_by("-date")
    )
    events = []
    for meeting in meetings:
        url = request.build_absolute_uri(meeting.get_absolute_url())
        documents = [
            f"{document.title}: {request.build_absolute_uri(document.get_absolute_url())}"
            for document in meeting.documents.all()
        ]
        event = meeting_event(meeting, host=host)
        event.add(
            "description",
            _lines(
                richtext.plain(meeting.summary),
                *(visit.name for visit in meeting.study_visits.all()),
                richtext.plain(meeting.dinner_note),
                *(
                    f"{item.time:%H:%M} {item.title}" if item.time else item.title
                    for item in meeting.agenda_items.all()
                ),
                *documents,
                url,
            ),
        )
        event.add("url", url)
        events.append(event)
    return events

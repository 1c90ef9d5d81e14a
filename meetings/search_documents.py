"""What the site search finds in the meeting archive (see search.registry)."""

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.publishing import indexable_q
from search.registry import Entry, Provider, lines, plain

from .models import AgendaItem, Document, Meeting, MeetingHost, StudyVisit


def _meeting_pk(instance) -> list[int]:
    return [instance.meeting_id]


def _children(model):
    """The pks of a meeting's agenda items (or study visits, documents) when it changes."""

    def find(meeting) -> list[int]:
        return list(model.objects.filter(meeting_id=meeting.pk).values_list("pk", flat=True))

    return find


def meeting_date(meeting) -> str:
    """A meeting's date as its documents give it ("6 november 2019")."""
    return date_format(meeting.date, "j F Y")


def meeting_window(meeting) -> dict:
    """The publication window of a document that belongs to ``meeting``, as Entry fields."""
    return {"publish_from": meeting.publish_from, "publish_until": meeting.publish_until}


class MeetingProvider(Provider):
    kind = "meeting"
    label = _("Meetings")
    position = 10
    model = Meeting
    watch = {
        "meetings.Meeting": lambda meeting: [meeting.pk],
        "meetings.MeetingHost": _meeting_pk,
        "members.Institution": lambda institution: institution.hosted_meetings.values_list(
            "pk", flat=True
        ),
        # A meeting's text holds its themes' names.
        "meetings.Theme": lambda theme: theme.meetings.values_list("pk", flat=True),
    }

    def queryset(self):
        return Meeting.objects.filter(indexable_q()).prefetch_related(
            Prefetch("hostings", queryset=MeetingHost.objects.select_related("institution")),
            "themes",
        )

    def entry(self, meeting):
        return Entry(
            title=meeting.title,
            body=lines(
                plain(meeting.summary),
                f"{meeting_date(meeting)}, {meeting.get_kind_display()}",
                meeting.city,
                meeting.venue,
                meeting.host_note,
                *(hosting.institution.name for hosting in meeting.hostings.all()),
                *(theme.name for theme in meeting.themes.all()),
                plain(meeting.dinner_note),
                plain(meeting.photo_note),
            ),
            url=meeting.get_absolute_url(),
            **meeting_window(meeting),
        )


class AgendaItemProvider(Provider):
    kind = "agenda_item"
    label = _("Agenda items and speakers")
    position = 20
    model = AgendaItem
    watch = {
        "meetings.AgendaItem": lambda item: [item.pk],
        "meetings.Meeting": _children(AgendaItem),
    }

    def queryset(self):
        return AgendaItem.objects.filter(
            meeting__in=Meeting.objects.filter(indexable_q())
        ).select_related("meeting")

    def entry(self, item):
        return Entry(
            title=item.title,
            body=lines(
                *item.speaker_list,
                plain(item.description),
                f"{item.meeting.title}, {meeting_date(item.meeting)}",
            ),
            url=f"{item.meeting.get_absolute_url()}#agenda",
            **meeting_window(item.meeting),
        )


class StudyVisitProvider(Provider):
    kind = "study_visit"
    label = _("Study visits")
    position = 30
    model = StudyVisit
    watch = {
        "meetings.StudyVisit": lambda visit: [visit.pk],
        "meetings.Meeting": _children(StudyVisit),
    }

    def queryset(self):
        return StudyVisit.objects.filter(
            meeting__in=Meeting.objects.filter(indexable_q())
        ).select_related("meeting")

    def entry(self, visit):
        return Entry(
            title=visit.name,
            body=lines(
                visit.place,
                plain(visit.description),
                f"{visit.meeting.title}, {meeting_date(visit.meeting)}",
            ),
            url=f"{visit.meeting.get_absolute_url()}#study-visits",
            **meeting_window(visit.meeting),
        )


class DocumentProvider(Provider):
    """Documents by title; members-only ones are found only by members."""

    kind = "document"
    label = _("Documents")
    position = 40
    model = Document
    watch = {
        "meetings.Document": lambda document: [document.pk],
        "meetings.Meeting": _children(Document),
    }

    def queryset(self):
        return Document.objects.filter(
            meeting__in=Meeting.objects.filter(indexable_q())
        ).select_related("meeting")

    def entry(self, document):
        return Entry(
            title=document.title,
            body=f"{document.meeting.title}, {meeting_date(document.meeting)}",
            url=document.get_absolute_url(),
            members_only=not document.is_public,
            **meeting_window(document.meeting),
        )


PROVIDERS = [MeetingProvider(), AgendaItemProvider(), StudyVisitProvider(), DocumentProvider()]

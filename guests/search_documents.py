"""What the site search finds of the guests (see search.registry): each talk, under the name
(or, for someone not shown by name, the role) and organisation the public pages give, in
its meeting's publication window. A talk leads to its guest's place on the guests page."""

from django.utils.translation import gettext_lazy as _

from core.publishing import indexable_q
from meetings.models import Meeting
from meetings.search_documents import meeting_date, meeting_window
from search.registry import Entry, Provider, lines

from .models import Talk


def _talks_of(field: str):
    """The pks of the talks whose ``field`` is the saved object."""

    def find(instance) -> list[int]:
        return list(Talk.objects.filter(**{field: instance.pk}).values_list("pk", flat=True))

    return find


class TalkProvider(Provider):
    kind = "talk"
    label = _("Guests")
    position = 25
    model = Talk
    watch = {
        "guests.Talk": lambda talk: [talk.pk],
        "guests.Guest": _talks_of("guest"),
        "guests.Organisation": _talks_of("organisation"),
        "meetings.AgendaItem": _talks_of("agenda_item"),
        "meetings.Meeting": _talks_of("agenda_item__meeting"),
    }

    def queryset(self):
        return Talk.objects.filter(
            agenda_item__meeting__in=Meeting.objects.filter(indexable_q())
        ).select_related("agenda_item__meeting", "guest", "organisation")

    def entry(self, talk):
        item, meeting = talk.agenda_item, talk.agenda_item.meeting
        return Entry(
            title=talk.speaker_label,
            body=lines(
                item.title,
                f"{meeting.title}, {meeting_date(meeting)}",
                talk.organisation.short_name if talk.organisation_id else "",
            ),
            url=talk.url,
            **meeting_window(meeting),
        )


PROVIDERS = [TalkProvider()]

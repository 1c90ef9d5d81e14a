"""A member's personal calendar: every published meeting with what only members may see.

The address holds a random key (``User.calendar_token``) instead of a login, so calendar
apps can subscribe to it. The member sees it on the profile page and can replace it there,
which switches the old address off. A key whose owner is no longer a member gives 404.
"""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from icalendar import Calendar

from core import richtext

from .models import User
from .permissions import is_member


def _lines(*parts) -> str:
    return "\n".join(str(part) for part in parts if part)


@never_cache
@require_GET
def personal_ical(request, token):
    from meetings.feeds import meeting_event
    from meetings.models import Meeting

    user = User.objects.filter(calendar_token=token, is_active=True).first() if token else None
    if user is None or not is_member(user):
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//KLOSSnet//personal calendar//" + translation.get_language().upper())
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "KLOSSnet")
    host = request.get_host().split(":")[0]
    meetings = (
        Meeting.objects.published()
        .prefetch_related("documents", "agenda_items", "study_visits")
        .order_by("-date")
    )
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
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="klossnet-personal.ics"'
    return response


def personal_ical_url(request, user) -> str | None:
    if not user.calendar_token:
        return None
    return request.build_absolute_uri(
        reverse("members_calendar", kwargs={"token": user.calendar_token})
    )

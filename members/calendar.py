"""A member's personal calendar: what the apps put in it for members (every published
meeting with what only members may see, from meetings' ``personal_calendar_events`` hook;
contract in ``members.apps``).

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

from .models import User
from .permissions import is_member
from .selectors import personal_calendar_events


@never_cache
@require_GET
def personal_ical(request, token):
    user = User.objects.filter(calendar_token=token, is_active=True).first() if token else None
    if user is None or not is_member(user):
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//KLOSSnet//personal calendar//" + translation.get_language().upper())
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "KLOSSnet")
    for event in personal_calendar_events(request, user):
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

"""Stand-ins for other apps' hook callables (the contracts in members.apps)."""

import datetime

from icalendar import Event

from members.models import Institution


def two_sections(institution):
    neighbour = Institution.objects.exclude(pk=institution.pk).order_by("pk").first()
    return [
        {
            "title": "Second section",
            "template": "members/includes/institution_item.html",
            "context": {"institution": neighbour},
            "order": 20,
        },
        {
            "title": "First section",
            "template": "members/includes/institution_item.html",
            "context": {"institution": neighbour},
            "order": 10,
        },
    ]


def nothing(institution):
    return []


def area_sections(request):
    """Stand-in for another app's members_area_sections: one section between meetings'
    "Next meeting" (order 10) and "Recent material" (20), one without an id."""
    return [
        {
            "id": "stand-in",
            "title": "Stand-in section",
            "template": "members/includes/institution_item.html",
            "context": {"institution": request.user.person.institution},
            "order": 15,
        },
        {
            "title": "Section without an id",
            "template": "members/includes/institution_item.html",
            "context": {"institution": request.user.person.institution},
            "order": 30,
        },
    ]


def calendar_events(request, user):
    """Stand-in for another app's personal_calendar_events."""
    event = Event()
    event.add("uid", f"stand-in-{user.pk}@{request.get_host()}")
    event.add("summary", f"Stand-in event for {user.person.name}")
    event.add("dtstart", datetime.date(2030, 5, 1))
    event.add("dtstamp", datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    return [event]

"""A meeting as a schema.org Event, with its study visits as sub-events."""

from django.utils import translation

from core import linked_data, richtext
from members.linked_data import institution

from .models import Meeting

ATTENDANCE = {
    Meeting.Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Meeting.Format.DIGITAL: "https://schema.org/OnlineEventAttendanceMode",
    Meeting.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def _place(name: str, city: str, country: str) -> dict:
    place = {"@type": "Place", "name": name or city}
    if city:
        place["address"] = {
            "@type": "PostalAddress",
            "addressLocality": city,
            "addressCountry": country,
        }
    return place


def meeting_event(request, meeting: Meeting, *, hostings, study_visits) -> dict:
    url = linked_data.absolute(request, meeting.get_absolute_url())
    hosts = [hosting.institution for hosting in hostings]
    country = hosts[0].country if hosts else "SE"
    if meeting.format == Meeting.Format.DIGITAL:
        location = {"@type": "VirtualLocation", "url": url}
    elif meeting.venue or meeting.city:
        location = _place(meeting.venue, meeting.city, country)
    elif hosts:
        # Where the archive names no place, the meeting was at its (first) host.
        location = _place(hosts[0].name, hosts[0].city, country)
    else:
        location = {"@type": "Place", "name": meeting.host_note or linked_data.NAME}
    event = {
        "@context": linked_data.CONTEXT,
        "@type": "Event",
        "@id": f"{url}#event",
        "name": meeting.title,
        "url": url,
        "startDate": meeting.start_date.isoformat(),
        "endDate": meeting.date.isoformat(),
        "inLanguage": translation.get_language(),
        "eventStatus": "https://schema.org/EventScheduled",
        "location": location,
        "organizer": [
            linked_data.network(request),
            *(institution(request, host) for host in hosts),
        ],
    }
    if meeting.summary:
        event["description"] = richtext.plain(meeting.summary)
    if meeting.format in ATTENDANCE:
        event["eventAttendanceMode"] = ATTENDANCE[meeting.format]
    if study_visits:
        day = (meeting.eve_date or meeting.date).isoformat()
        event["subEvent"] = [
            {
                "@type": "Event",
                "name": visit.name,
                "startDate": day,
                "inLanguage": translation.get_language(),
                "location": _place(visit.place, meeting.city, country)
                if (visit.place or meeting.city)
                else location,
                "url": f"{url}#study-visits",
                **({"description": richtext.plain(visit.description)} if visit.description else {}),
                **({"sameAs": visit.link} if visit.link else {}),
            }
            for visit in study_visits
        ]
    return event

"""Where the network has met: host institutions and meeting places, and who has hosted.

A fixed number of queries, whatever the size of the archive.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from django.db.models import Count, Max, Prefetch

from meetings.models import Meeting, MeetingHost
from members.models import Institution

from .geo import base_map
from .themes import published

# Swedish alphabetical order puts å, ä, ö after z.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def swedish_key(text: str) -> str:
    return str(text).casefold().translate(_SWEDISH)


@dataclass
class Place:
    """A point on the map: a host institution, or the city of a meeting with no host there."""

    key: str
    name: str
    url: str
    latitude: float
    longitude: float
    institution: Institution | None = None
    meetings: list = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0

    @property
    def is_institution(self) -> bool:
        return self.institution is not None


@dataclass
class MeetingPlaces:
    places: list[Place]
    digital: list[Meeting]  # held online, with no host institution on the map
    unplaced: list[Meeting]  # the archive does not say where


def meeting_places() -> MeetingPlaces:
    """Every host institution with coordinates, and every other city the network met in."""
    meetings = list(
        published(Meeting.objects.all())
        .prefetch_related(
            Prefetch(
                "hostings",
                queryset=MeetingHost.objects.select_related("institution").order_by("position"),
            )
        )
        .order_by("-date")
    )
    cities = defaultdict(list)
    for institution in Institution.objects.filter(latitude__isnull=False, longitude__isnull=False):
        cities[swedish_key(institution.city_sv or "")].append(institution)

    places: dict[str, Place] = {}
    digital, unplaced = [], []
    for meeting in meetings:
        hosts = [h.institution for h in meeting.hostings.all() if h.institution.has_coordinates]
        for host in hosts:
            place = places.setdefault(
                f"institution-{host.pk}",
                Place(
                    key=f"institution-{host.pk}",
                    name=host.name,
                    url=host.get_absolute_url(),
                    latitude=float(host.latitude),
                    longitude=float(host.longitude),
                    institution=host,
                ),
            )
            place.meetings.append(meeting)
        if hosts:
            continue
        city = swedish_key(meeting.city_sv or "")
        if city and cities.get(city):
            # A city the archive names, placed where the institutions there are.
            located = cities[city]
            place = places.setdefault(
                f"city-{city}",
                Place(
                    key=f"city-{city}",
                    name=meeting.city,
                    url=meeting.get_absolute_url(),
                    latitude=fmean(float(i.latitude) for i in located),
                    longitude=fmean(float(i.longitude) for i in located),
                ),
            )
            place.meetings.append(meeting)
        elif meeting.format == Meeting.Format.DIGITAL:
            digital.append(meeting)
        else:
            unplaced.append(meeting)

    drawing = base_map()
    for place in places.values():
        place.x, place.y = drawing.point(place.longitude, place.latitude)
    ordered = sorted(places.values(), key=lambda place: swedish_key(place.name))
    return MeetingPlaces(places=ordered, digital=digital, unplaced=unplaced)


@dataclass
class HostRecord:
    institution: Institution
    count: int
    last_hosted: object


def hosts_so_far() -> dict:
    """Who has hosted a published meeting (most recent first) and which members have not yet."""
    rows = (
        MeetingHost.objects.filter(meeting__in=published(Meeting.objects.all()))
        .values("institution")
        .annotate(count=Count("meeting", distinct=True), last=Max("meeting__date"))
    )
    stats = {row["institution"]: row for row in rows}
    institutions = Institution.objects.filter(pk__in=stats.keys()) | (
        Institution.objects.current_members()
    )
    hosted, not_yet = [], []
    for institution in institutions.distinct():
        row = stats.get(institution.pk)
        if row:
            hosted.append(HostRecord(institution, row["count"], row["last"]))
        else:
            not_yet.append(institution)
    hosted.sort(key=lambda record: swedish_key(record.institution.name))
    hosted.sort(key=lambda record: record.last_hosted, reverse=True)
    not_yet.sort(key=lambda institution: swedish_key(institution.name))
    return {"hosted": hosted, "not_yet": not_yet}


def meeting_locator(meeting: Meeting) -> dict | None:
    """The meeting's place on the map of Sweden (``meetings.apps``' locator hook): its host
    institutions that have coordinates, or else the city the archive names, placed where
    the institutions in that city are; None for a meeting the map cannot place (digital,
    or nowhere recorded). One query, whichever it takes (the hostings come prefetched)."""
    in_city = list(
        Institution.objects.filter(
            latitude__isnull=False, longitude__isnull=False, city_sv__iexact=meeting.city_sv or "-"
        ).values_list("longitude", "latitude")
    )
    hosts = [h.institution for h in meeting.hostings.all() if h.institution.has_coordinates]
    if meeting.format == Meeting.Format.DIGITAL:
        return None
    if hosts:
        points = [(float(host.longitude), float(host.latitude)) for host in hosts]
    elif in_city:
        points = [
            (fmean(float(lon) for lon, _ in in_city), fmean(float(lat) for _, lat in in_city))
        ]
    else:
        return None
    drawing = base_map()
    # Institutions in one city share a dot.
    dots = sorted({drawing.point(lon, lat) for lon, lat in points})
    return {
        "template": "overview/includes/locator_map.html",
        "context": {"map": drawing, "dots": dots, "place": meeting.city or meeting.place},
    }

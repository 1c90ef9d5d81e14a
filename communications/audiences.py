"""Who a message goes to: the audiences, each person once, in their own language.

Every audience is read in a fixed number of queries, however many people it holds. A
recipient's language is the one they chose when they registered for the meeting; for those
not registered, the one of their latest registration; without one, English for a person at
a member institution abroad and Swedish for the others (as invitations are written).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from meetings.registration.models import Entry, Part, Registration
from meetings.registration.selectors import attended_registrations
from members.models import Institution, Person, Representation
from steering.models import SteeringGroupMembership

from .models import Audience, Communication


@dataclass
class Recipient:
    person: Person
    email: str
    language: str
    # The parts with a confirmed place (audiences of those registered); empty otherwise.
    parts: list[Part] = field(default_factory=list)

    @property
    def user(self):
        return self.person.user


def _email(person: Person) -> str:
    return person.email or (person.user.email if person.user_id and person.user else "") or ""


def _fallback_language(person: Person) -> str:
    institution = person.institution
    if institution is not None and institution.country not in {"", "SE"}:
        return "en"
    return settings.LANGUAGE_CODE


def _people(queryset: QuerySet[Person]) -> QuerySet[Person]:
    latest_language = (
        Registration.objects.filter(person=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("language")[:1]
    )
    return (
        queryset.select_related("user", "institution")
        .annotate(latest_language=Subquery(latest_language))
        .order_by("name", "pk")
    )


def member_people(on: datetime.date | None = None) -> QuerySet[Person]:
    """The members: current representatives of current member institutions, and people
    whose login gives them the members' area (marked as member, or approved at a current
    member institution)."""
    institutions = Institution.objects.current_members(on)
    representatives = Representation.objects.current(on).filter(institution__in=institutions)
    with_login = Q(user__is_active=True) & (
        Q(user__marked_as_member=True)
        | Q(user__approved_at__isnull=False, institution__in=institutions)
    )
    return Person.objects.filter(
        Q(pk__in=representatives.values("person_id")) | with_login
    ).distinct()


def _confirmed_registrations(communication: Communication) -> QuerySet[Registration]:
    confirmed = Entry.objects.filter(status=Entry.Status.CONFIRMED)
    if communication.audience == Audience.PART:
        confirmed = confirmed.filter(part_id=communication.part_id)
    registrations = (
        Registration.objects.active()
        .filter(meeting_id=communication.meeting_id)
        .filter(Exists(confirmed.filter(registration=OuterRef("pk"))))
    )
    return _with_confirmed_entries(
        registrations.select_related("person__user", "person__institution")
    )


def _with_confirmed_entries(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.prefetch_related(
        Prefetch(
            "entries",
            queryset=Entry.objects.filter(status=Entry.Status.CONFIRMED)
            .select_related("part__study_visit", "part__meeting")
            .order_by("part__position", "part_id"),
            to_attr="confirmed_entries",
        )
    )


def _from_registrations(registrations) -> list[Recipient]:
    recipients = []
    for registration in registrations.order_by("person__name", "person_id", "pk"):
        email = _email(registration.person)
        if email:
            recipients.append(
                Recipient(
                    person=registration.person,
                    email=email,
                    language=registration.language,
                    parts=[entry.part for entry in registration.confirmed_entries],
                )
            )
    return recipients


def _from_people(people: QuerySet[Person]) -> list[Recipient]:
    recipients = []
    for person in _people(people):
        email = _email(person)
        if email:
            chosen = person.user.language if person.user_id and person.user else ""
            language = chosen or person.latest_language or _fallback_language(person)
            recipients.append(Recipient(person=person, email=email, language=language))
    return recipients


def audience_recipients(
    communication: Communication, *, now: datetime.datetime | None = None
) -> list[Recipient]:
    """Everyone ``communication`` goes to now, sorted by name."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    audience = communication.audience
    if audience == Audience.MEMBERS:
        return _from_people(member_people(today))
    if audience == Audience.STEERING_GROUP:
        memberships = SteeringGroupMembership.objects.current(today)
        return _from_people(Person.objects.filter(pk__in=memberships.values("person_id")))
    if audience == Audience.NOT_REGISTERED:
        registered = Registration.objects.active().filter(meeting_id=communication.meeting_id)
        return _from_people(member_people(today).exclude(pk__in=registered.values("person_id")))
    if audience in (Audience.REGISTERED, Audience.PART):
        return _from_registrations(_confirmed_registrations(communication))
    if audience == Audience.ATTENDEES:
        if communication.meeting.date >= today:
            return []
        marked = Entry.objects.filter(registration__meeting_id=communication.meeting_id).exclude(
            attendance=""
        )
        if not marked.exists():
            # Attendance was not taken: those with a confirmed place.
            return _from_registrations(_confirmed_registrations(communication))
        return _from_registrations(
            _with_confirmed_entries(attended_registrations(meeting=communication.meeting))
        )
    raise ValueError(f"Unknown audience {audience!r}")

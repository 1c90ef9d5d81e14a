"""Registering, changing and cancelling; the waiting list; deleting personal notes.

The last place: every entry is added under a row lock on its part
(``select_for_update`` inside ``transaction.atomic``), and the confirmed entries are counted
after the lock is held, so of two people taking the last place at the same moment exactly
one is confirmed and the other waits. PostgreSQL holds the row lock; SQLite, which has no
row locks, serializes the transactions instead: each one writes (the registration row)
before it counts, and SQLite lets only one transaction write at a time.

Parts are always locked in id order, so two transactions never wait for each other in a
circle. E-mails go after the commit, never for a change that was rolled back, and a mail
server that fails then neither raises nor undoes anything (``core.mail``): the e-mail is
kept to be sent again.
"""

import datetime
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.models import Meeting
from members.models import Person
from members.permissions import is_member

from . import emails
from .models import Entry, Part, Registration, RegistrationWindow, retention_days

# --- Whether registration is open ------------------------------------------------------------


def registration_deadline(*, meeting: Meeting, window: RegistrationWindow) -> datetime.datetime:
    """The coordinator's deadline, or midnight before the meeting's first day."""
    if window.closes_at:
        return window.closes_at
    return datetime.datetime.combine(
        meeting.start_date, datetime.time(0, 0), tzinfo=timezone.get_default_timezone()
    )


def registration_closed_reason(
    *, meeting: Meeting, now: datetime.datetime | None = None
) -> str | None:
    """None while ``meeting`` takes registrations; otherwise why not, as a sentence.

    Uses ``meeting.registration_window`` (select it with the meeting to save a query).
    """
    now = now or timezone.now()
    window = getattr(meeting, "registration_window", None)
    # The meeting's publication window too, not only its flag: a meeting scheduled to
    # appear later, or whose publication has ended, takes no registrations.
    if window is None or not meeting.is_public_at(now):
        return _("This meeting does not take registrations in the portal.")
    if window.opens_at and now < window.opens_at:
        return _("Registration opens %(when)s.") % {"when": _when(window.opens_at)}
    deadline = registration_deadline(meeting=meeting, window=window)
    if now >= deadline:
        return _("Registration closed %(when)s.") % {"when": _when(deadline)}
    return None


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i")


def _check_open(meeting: Meeting, now: datetime.datetime | None) -> None:
    reason = registration_closed_reason(meeting=meeting, now=now)
    if reason:
        raise ValidationError(reason, code="closed")


# --- Who may register whom -------------------------------------------------------------------


def registrar_person(*, user) -> Person:
    """The person behind ``user``, who must be a member at a current member institution."""
    person = None
    if is_member(user):
        person = Person.objects.select_related("institution").filter(user_id=user.pk).first()
    if person is None or person.institution is None or not person.institution.is_current_member:
        raise ValidationError(
            _(
                "Only members of KLOSSnet whose login is linked to a person at a member "
                "institution can register. Ask the coordinator to link your login."
            ),
            code="not_member",
        )
    return person


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_person(registrar: Person, person: Person) -> None:
    if person.institution_id != registrar.institution_id:
        message = _("You can only register yourself or a colleague from %(institution)s.") % {
            "institution": registrar.institution
        }
        raise _field_error("person", message, "other_institution")


def registration_can_manage(*, registrar: Person, registration: Registration) -> bool:
    """The person registered and whoever registered them may change or cancel it."""
    return registrar.pk in {registration.person_id, registration.registered_by_id}


def _check_parts(meeting: Meeting, parts: Iterable[Part]) -> list[Part]:
    parts = sorted(set(parts), key=lambda part: part.pk)
    for part in parts:
        if part.meeting_id != meeting.pk:
            message = _("“%(part)s” is not a part of this meeting.") % {"part": part}
            raise _field_error("parts", message, "foreign_part")
    if not parts:
        raise _field_error("parts", _("Choose at least one part of the meeting."), "no_parts")
    if sum(part.kind == Part.Kind.STUDY_VISIT for part in parts) > 1:
        message = _("The study visits run at the same time: choose one of them.")
        raise _field_error("parts", message, "two_study_visits")
    return parts


def _duplicate_error(person: Person) -> ValidationError:
    message = _(
        "%(person)s is already registered for this meeting; change that registration instead."
    ) % {"person": person}
    return _field_error("person", message, "duplicate")


# --- Places and the waiting list -------------------------------------------------------------


def _lock_parts(part_ids) -> None:
    """Lock the parts in id order first, so no two transactions wait for each other."""
    list(Part.objects.select_for_update().filter(pk__in=part_ids).order_by("pk").values("pk"))


def _entry_add(*, registration: Registration, part: Part, now: datetime.datetime) -> Entry:
    locked = Part.objects.select_for_update().get(pk=part.pk)
    confirmed = Entry.objects.filter(part=locked, status=Entry.Status.CONFIRMED).count()
    status = Entry.Status.WAITLISTED if locked.is_full(confirmed) else Entry.Status.CONFIRMED
    return Entry.objects.create(
        registration=registration, part=locked, status=status, queued_at=now
    )


def part_waiting_list_promote(
    *, part: Part, base_url: str = "", now: datetime.datetime | None = None, notify: bool = True
) -> list[Entry]:
    """Give free places to the first on the waiting list and tell them by e-mail.

    ``notify=False`` leaves the e-mail to the caller: one who frees several parts at once
    tells each person once (``_promoted_notify``), not once per part.
    """
    now = now or timezone.now()
    promoted: list[Entry] = []
    with transaction.atomic():
        locked = Part.objects.select_for_update().get(pk=part.pk)
        waiting = Entry.objects.filter(part=locked, status=Entry.Status.WAITLISTED).order_by(
            "queued_at", "pk"
        )
        if locked.capacity is not None:
            confirmed = Entry.objects.filter(part=locked, status=Entry.Status.CONFIRMED).count()
            waiting = waiting[: max(locked.capacity - confirmed, 0)]
        for entry in waiting:
            entry.status = Entry.Status.CONFIRMED
            entry.promoted_at = now
            entry.save(update_fields=["status", "promoted_at"])
            promoted.append(entry)
        if notify:
            _promoted_notify(promoted, base_url=base_url)
    return promoted


def _parts_freed_promote(
    parts: Iterable[Part], *, base_url: str, now: datetime.datetime | None
) -> list[Entry]:
    """Move the waiting lists of ``parts`` up; one e-mail per person promoted, whatever the
    number of parts they got a place in."""
    promoted: list[Entry] = []
    for part in parts:
        promoted += part_waiting_list_promote(part=part, base_url=base_url, now=now, notify=False)
    _promoted_notify(promoted, base_url=base_url)
    return promoted


def _promoted_notify(promoted: list[Entry], *, base_url: str) -> None:
    """After the commit, one e-mail to each registration among ``promoted``."""
    by_registration: dict[int, list[int]] = {}
    for entry in promoted:
        by_registration.setdefault(entry.registration_id, []).append(entry.pk)
    for registration_pk, entry_pks in by_registration.items():
        transaction.on_commit(
            partial(
                emails.registration_promoted_send,
                registration_pk=registration_pk,
                entry_pks=entry_pks,
                base_url=base_url,
            ),
            robust=True,
        )


def waiting_position(*, entry: Entry) -> int | None:
    """1 for the first on the part's waiting list; None for a confirmed entry."""
    if entry.is_confirmed:
        return None
    ahead = (
        Entry.objects.filter(
            part_id=entry.part_id, status=Entry.Status.WAITLISTED, queued_at__lt=entry.queued_at
        ).count()
        + Entry.objects.filter(
            part_id=entry.part_id,
            status=Entry.Status.WAITLISTED,
            queued_at=entry.queued_at,
            pk__lt=entry.pk,
        ).count()
    )
    return ahead + 1


# --- Registering, changing, cancelling -------------------------------------------------------


def registration_create(
    *,
    user,
    meeting: Meeting,
    person: Person,
    parts: Iterable[Part],
    language: str,
    listing_consent: bool = False,
    diet: str = "",
    accessibility: str = "",
    base_url: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register ``person`` (the user's own person or a colleague) for ``parts`` of ``meeting``.

    Each part confirms the place, or puts the person on its waiting list when it is full.
    Raises ValidationError (with a code) for every rule broken.
    """
    now = now or timezone.now()
    registrar = registrar_person(user=user)
    _check_open(meeting, now)
    _check_person(registrar, person)
    parts = _check_parts(meeting, parts)
    if Registration.objects.active().filter(meeting=meeting, person=person).exists():
        raise _duplicate_error(person)
    registration = Registration(
        meeting=meeting,
        person=person,
        registered_by=registrar,
        is_substitute=person.pk != registrar.pk,
        language=language,
        listing_consent=listing_consent,
        diet=diet,
        accessibility=accessibility,
        created_at=now,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
            for part in parts:
                _entry_add(registration=registration, part=part, now=now)
    except IntegrityError:
        # Two registrations of the same person at the same moment: the constraint decides.
        if Registration.objects.active().filter(meeting=meeting, person=person).exists():
            raise _duplicate_error(person) from None
        raise
    transaction.on_commit(
        partial(
            emails.registration_confirmation_send,
            registration_pk=registration.pk,
            base_url=base_url,
        ),
        robust=True,
    )
    return registration


def registration_update(
    *,
    user,
    registration: Registration,
    parts: Iterable[Part],
    language: str,
    listing_consent: bool,
    diet: str,
    accessibility: str,
    base_url: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Change the parts and details. Kept parts keep their place or their place in line."""
    now = now or timezone.now()
    registrar = registrar_person(user=user)
    if not registration_can_manage(registrar=registrar, registration=registration):
        raise ValidationError(
            _("Only the person registered or the colleague who registered them can change it."),
            code="not_yours",
        )
    _check_not_cancelled(registration)
    meeting = registration.meeting
    _check_open(meeting, now)
    parts = _check_parts(meeting, parts)
    registration.language = language
    registration.listing_consent = listing_consent
    registration.diet = diet
    registration.accessibility = accessibility
    registration.full_clean(validate_constraints=False)
    freed: list[Part] = []
    with transaction.atomic():
        registration.save()
        existing = {entry.part_id: entry for entry in registration.entries.select_related("part")}
        _lock_parts({part.pk for part in parts} | set(existing))
        wanted = {part.pk for part in parts}
        for part_id, entry in sorted(existing.items()):
            if part_id not in wanted:
                if entry.is_confirmed:
                    freed.append(entry.part)
                entry.delete()
        for part in parts:
            if part.pk not in existing:
                _entry_add(registration=registration, part=part, now=now)
        _parts_freed_promote(freed, base_url=base_url, now=now)
    transaction.on_commit(
        partial(
            emails.registration_confirmation_send,
            registration_pk=registration.pk,
            base_url=base_url,
            changed=True,
        ),
        robust=True,
    )
    return registration


def _check_not_cancelled(registration: Registration) -> None:
    if registration.is_cancelled:
        raise ValidationError(_("This registration has been cancelled."), code="cancelled")


def registration_cancel(
    *, user, registration: Registration, base_url: str = "", now=None
) -> list[Entry]:
    """Cancel a registration before the deadline; freed places go to the waiting list."""
    registrar = registrar_person(user=user)
    if not registration_can_manage(registrar=registrar, registration=registration):
        raise ValidationError(
            _("Only the person registered or the colleague who registered them can cancel it."),
            code="not_yours",
        )
    _check_open(registration.meeting, now)
    return _registration_cancel_and_tell(registration=registration, base_url=base_url, now=now)


def _registration_cancel_and_tell(*, registration: Registration, base_url: str, now=None):
    _check_not_cancelled(registration)
    # Built while the entries still exist (the calendar removes the confirmed parts).
    message = emails.registration_cancellation_message(
        registration_pk=registration.pk, base_url=base_url
    )
    with transaction.atomic():
        promoted = _registration_cancel(registration=registration, base_url=base_url, now=now)
        if message is not None:
            transaction.on_commit(
                partial(
                    emails.registration_cancellation_send,
                    message=message,
                    language=registration.language,
                ),
                robust=True,
            )
    return promoted


def _freed_parts(registration: Registration) -> list[Part]:
    """The parts where ``registration`` holds a confirmed place, locked in id order."""
    freed = sorted(
        (entry.part for entry in registration.entries.select_related("part") if entry.is_confirmed),
        key=lambda part: part.pk,
    )
    _lock_parts({part.pk for part in freed})
    return freed


def _registration_cancel(*, registration: Registration, base_url: str = "", now=None):
    """Keep the registration as cancelled, with the time: its places (confirmed or in line)
    go, and so do its dietary and accessibility notes, which a cancelled registration does
    not need."""
    now = now or timezone.now()
    with transaction.atomic():
        freed = _freed_parts(registration)
        registration.entries.all().delete()
        fields = ["cancelled_at", "updated_at"]
        if registration.diet or registration.accessibility:
            registration.diet = registration.accessibility = ""
            registration.notes_erased_at = now
            fields += ["diet", "accessibility", "notes_erased_at"]
        registration.cancelled_at = now
        registration.save(update_fields=fields)
        promoted = _parts_freed_promote(freed, base_url=base_url, now=now)
    return promoted


def _registration_delete(*, registration: Registration, base_url: str = "", now=None):
    with transaction.atomic():
        freed = _freed_parts(registration)
        registration.delete()
        promoted = _parts_freed_promote(freed, base_url=base_url, now=now)
    return promoted


def registration_coordinator_cancel(
    *, registration: Registration, base_url: str = "", now=None
) -> list[Entry]:
    """The coordinator cancels for the person at any time: kept as cancelled, the waiting
    list moves up and the person gets the cancellation e-mail as if they had cancelled."""
    return _registration_cancel_and_tell(registration=registration, base_url=base_url, now=now)


def registration_coordinator_delete(*, registration: Registration, base_url: str = "") -> None:
    """The coordinator removes a registration made by mistake; the waiting list moves up."""
    _registration_delete(registration=registration, base_url=base_url)


def person_registrations_erase(*, person: Person) -> dict[str, int]:
    """Part of erasing a person (members.services.person_erase): their registrations go,
    cancelled ones too."""
    registrations = list(Registration.objects.filter(person=person))
    for registration in registrations:
        _registration_delete(registration=registration)
    if not registrations:
        return {}
    return {str(Registration._meta.verbose_name_plural): len(registrations)}


def registration_notes_erase(*, days: int | None = None, today: datetime.date | None = None) -> int:
    """Delete dietary and accessibility notes ``days`` after the meeting; returns how many."""
    days = retention_days() if days is None else days
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    return (
        Registration.objects.filter(meeting__date__lte=cutoff)
        .exclude(diet="", accessibility="")
        .update(diet="", accessibility="", notes_erased_at=timezone.now())
    )


# --- Setting up ------------------------------------------------------------------------------


def registration_setup(*, meeting: Meeting) -> list[Part]:
    """Open the meeting for registration with a part for each study visit, dinner and meeting.

    Parts that exist are kept; missing ones are created with no limit on places, and a
    registration period with no dates (open from publication until the day before).
    """
    with transaction.atomic():
        RegistrationWindow.objects.get_or_create(meeting=meeting)
        existing = list(meeting.registration_parts.all())
        have_visits = {part.study_visit_id for part in existing if part.study_visit_id}
        have_kinds = {part.kind for part in existing}
        created = []
        for position, visit in enumerate(meeting.study_visits.all()):
            if visit.pk not in have_visits:
                created.append(
                    Part(
                        meeting=meeting,
                        kind=Part.Kind.STUDY_VISIT,
                        study_visit=visit,
                        position=position,
                    )
                )
        if Part.Kind.DINNER not in have_kinds and (meeting.eve_date or meeting.dinner_note):
            created.append(Part(meeting=meeting, kind=Part.Kind.DINNER, position=50))
        if Part.Kind.MEETING not in have_kinds:
            created.append(Part(meeting=meeting, kind=Part.Kind.MEETING, position=60))
        for part in created:
            part.full_clean()
            part.save()
    return created


# --- Attendance on the day -------------------------------------------------------------------


def part_current(*, parts: Iterable[Part], now: datetime.datetime | None = None) -> Part | None:
    """The part going on at ``now``; between parts the one that started last, before the first
    the first. A badge scanned at the dinner checks the person in for the dinner."""
    now = now or timezone.now()
    parts = sorted(parts, key=lambda part: (part.start, part.position, part.pk))
    if not parts:
        return None
    started = [part for part in parts if part.start <= now]
    for part in reversed(started):
        if now < part.end:
            return part
    return started[-1] if started else parts[0]


def entry_attendance_mark(
    *, entry: Entry, attendance: str, marked_by, now: datetime.datetime | None = None
) -> Entry:
    """Note that the person attended the part, was excused or did not come ("" clears it).

    Someone on the part's waiting list who comes anyway has a place: marking them attended
    confirms the entry.
    """
    if attendance not in {"", *Entry.Attendance.values}:
        raise ValidationError(_("Unknown attendance."), code="attendance")
    now = now or timezone.now()
    fields = ["attendance", "attendance_marked_by", "attendance_marked_at"]
    if not entry.is_confirmed:
        if attendance != Entry.Attendance.ATTENDED:
            raise ValidationError(
                _("Only someone with a place can be excused or not come."), code="waitlisted"
            )
        entry.status = Entry.Status.CONFIRMED
        entry.promoted_at = now
        fields += ["status", "promoted_at"]
    entry.attendance = attendance
    entry.attendance_marked_by = marked_by if attendance else None
    entry.attendance_marked_at = now if attendance else None
    entry.full_clean(validate_constraints=False)
    entry.save(update_fields=fields)
    return entry


def registration_check_in(
    *, registration: Registration, part: Part, marked_by, now: datetime.datetime | None = None
) -> Entry:
    """The person is here for ``part`` (a scanned badge): attended, with a place made for a
    part they had not registered for."""
    if part.meeting_id != registration.meeting_id:
        raise ValidationError(_("That part belongs to another meeting."), code="foreign_part")
    _check_not_cancelled(registration)
    now = now or timezone.now()
    with transaction.atomic():
        entry, _created = Entry.objects.get_or_create(
            registration=registration,
            part=part,
            defaults={"status": Entry.Status.CONFIRMED, "queued_at": now},
        )
        return entry_attendance_mark(
            entry=entry, attendance=Entry.Attendance.ATTENDED, marked_by=marked_by, now=now
        )


def door_registration_create(
    *,
    meeting: Meeting,
    part: Part,
    marked_by,
    person: Person | None = None,
    name: str = "",
    institution=None,
    email: str = "",
    language: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Someone came without registering: a registration marked attended for ``part``.

    ``person`` if they are known to the portal, otherwise a new person from ``name``,
    ``institution`` and ``email``. Someone already registered is checked in instead.
    """
    if part.meeting_id != meeting.pk:
        raise _field_error("part", _("That part belongs to another meeting."), "foreign_part")
    now = now or timezone.now()
    with transaction.atomic():
        if person is None:
            if not name.strip():
                raise _field_error("name", _("Write the person's name."), "no_name")
            person = Person(name=name.strip(), institution=institution, email=email)
            person.full_clean()
            person.save()
        registration, created = Registration.objects.active().get_or_create(
            meeting=meeting,
            person=person,
            defaults={
                "added_at_door": True,
                "language": language or Registration._meta.get_field("language").default,
                "created_at": now,
            },
        )
        registration_check_in(registration=registration, part=part, marked_by=marked_by, now=now)
    return registration

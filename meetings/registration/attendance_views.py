"""The coordinator's pages on the day: who attended, checking in by a badge's QR code,
people added at the door, and the badges to print.

Phone-sized and usable without JavaScript: every mark is a form button that posts and
comes back to the same row (``#entry-<id>``). Attendance is personal data: every page here
needs a staff login with ``registration.mark_attendance`` (the coordinator group holds it by
rule, ``members.groups``); others are sent to log in or refused with 403.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from meetings.models import Meeting
from members.models import Institution, Person
from members.selectors import name_sort_key

from . import badges, exports, selectors, services
from .forms import DoorForm
from .models import Entry, Part, Registration

PERMISSION = "registration.mark_attendance"
# How many meetings the start page offers: the coming ones and the latest held.
RECENT_MEETINGS = 6
# The follow-up list: member institutions absent from this many of the latest meetings.
FOLLOW_UP_MEETINGS = 2


def may_mark_attendance(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def attendance_required(view):
    """Anonymous visitors log in first; logged-in users without the right get 403."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_mark_attendance(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.members_only = True
    return wrapper


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.filter(registration_parts__isnull=False).distinct(), pk=pk
    )


def _parts(meeting: Meeting) -> list[Part]:
    parts = list(Part.objects.filter(meeting=meeting).select_related("study_visit", "meeting"))
    return sorted(parts, key=lambda part: (part.start, part.position, part.pk))


def _chosen_part(request, parts: list[Part]) -> Part | None:
    wanted = request.GET.get("part", "")
    for part in parts:
        if str(part.pk) == wanted:
            return part
    return services.part_current(parts=parts)


@attendance_required
def attendance_index(request):
    """The meetings to take attendance at: those coming and the latest held."""
    with_parts = Meeting.objects.filter(registration_parts__isnull=False).distinct()
    today = timezone.localdate()
    coming = list(with_parts.filter(date__gte=today).order_by("date")[:RECENT_MEETINGS])
    held = list(with_parts.filter(date__lt=today).order_by("-date")[:RECENT_MEETINGS])
    return render(request, "registration/attendance/index.html", {"coming": coming, "held": held})


def _rows(part: Part, query: str) -> list[dict]:
    """The part's people as plain rows, those with a place first, then by name; ``query``
    (a name or an institution, any case) narrows them.

    Plain values, not model instances, and strings made here: the list is the whole meeting
    on a phone, and building hundreds of objects and localizing their ids cost more than the
    query (``make benchmark``)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    institution = "registration__person__institution__name"
    values = Entry.objects.filter(part=part).values_list(
        "pk",
        "attendance",
        "status",
        "registration__added_at_door",
        "registration__person__name",
        f"{institution}_{settings.LANGUAGE_CODE}",
        f"{institution}_{language}",
    )
    needle = query.casefold().strip()
    rows = []
    for pk, attendance, status, at_door, name, default_name, own_name in values.order_by():
        institution_name = own_name or default_name or ""
        if needle and needle not in name.casefold() and needle not in institution_name.casefold():
            continue
        confirmed = status == Entry.Status.CONFIRMED
        rows.append(
            {
                "id": str(pk),
                "name": name,
                "institution": institution_name,
                "attendance": attendance,
                "confirmed": confirmed,
                "added_at_door": at_door,
                "sort": (not confirmed, name_sort_key(name, language), pk),
            }
        )
    return sorted(rows, key=lambda row: row["sort"])


def _page_url(meeting: Meeting, part: Part | None, query: str = "", anchor: str = "") -> str:
    url = reverse("registration:attendance", kwargs={"pk": meeting.pk})
    params = {}
    if part is not None:
        params["part"] = part.pk
    if query:
        params["q"] = query
    if params:
        url += "?" + urlencode(params)
    return url + (f"#{anchor}" if anchor else "")


@attendance_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """One part's list: a row per person with a button for each choice."""
    meeting = _meeting(pk)
    parts = _parts(meeting)
    if request.method == "POST":
        return _mark(request, meeting, parts)
    part = _chosen_part(request, parts)
    query = request.GET.get("q", "")[:100]
    rows = _rows(part, query) if part else []
    marked = [row["attendance"] for row in rows]
    counts = [(value, label, marked.count(value)) for value, label in Entry.Attendance.choices]
    door_form = DoorForm(
        parts=Part.objects.filter(meeting=meeting).select_related("study_visit", "meeting"),
        institutions=Institution.objects.order_by("name"),
        initial={"part": part.pk if part else None},
    )
    return render(
        request,
        "registration/attendance/meeting.html",
        {
            "meeting": meeting,
            "parts": parts,
            "part": part,
            "query": query,
            "rows": rows,
            "counts": counts,
            "confirmed": sum(row["confirmed"] for row in rows),
            # Strings, not lazy translations: each would be translated again in every row.
            "labels": {value: str(capfirst(label)) for value, label in Entry.Attendance.choices},
            "waiting_label": _("waiting list"),
            "door_label": _("added at the door"),
            "clear_label": _("Clear"),
            "door_form": door_form,
        },
    )


def _mark(request, meeting: Meeting, parts: list[Part]):
    """One button of the list: ``mark`` is "<entry id>:<choice>" (empty choice: clear)."""
    entry_id, _sep, attendance = request.POST.get("mark", "").partition(":")
    entry = (
        Entry.objects.filter(pk=entry_id, part__meeting=meeting)
        .select_related("registration__person", "part__study_visit")
        .first()
        if entry_id.isdigit()
        else None
    )
    if entry is None:
        raise Http404
    try:
        services.entry_attendance_mark(entry=entry, attendance=attendance, marked_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        choice = Entry.Attendance(attendance).label if attendance else _("not marked")
        messages.success(
            request,
            _("%(person)s, %(part)s: %(choice)s.")
            % {"person": entry.registration.person.name, "part": entry.part.name, "choice": choice},
        )
    query = request.POST.get("q", "")[:100]
    return HttpResponseRedirect(_page_url(meeting, entry.part, query, f"entry-{entry.pk}"))


def _known_person(*, name: str, institution, email: str) -> Person | None:
    """Someone already in the register: by e-mail, else by name at the same institution."""
    if email:
        person = Person.objects.filter(
            Q(email__iexact=email) | Q(user__email__iexact=email)
        ).first()
        if person is not None:
            return person
    if institution is not None:
        return Person.objects.filter(name__iexact=name.strip(), institution=institution).first()
    return None


@attendance_required
@require_POST
def attendance_door(request, pk):
    """Add someone who came without registering, marked attended for the chosen part."""
    meeting = _meeting(pk)
    parts = _parts(meeting)
    form = DoorForm(
        request.POST,
        parts=Part.objects.filter(meeting=meeting).select_related("study_visit", "meeting"),
        institutions=Institution.objects.order_by("name"),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.door_registration_create(
                meeting=meeting,
                part=data["part"],
                marked_by=request.user,
                person=_known_person(
                    name=data["name"], institution=data["institution"], email=data["email"]
                ),
                name=data["name"],
                institution=data["institution"],
                email=data["email"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("%(person)s was added and marked attended: %(part)s.")
                % {"person": registration.person.name, "part": data["part"].name},
            )
            entry = registration.entries.get(part=data["part"])
            return HttpResponseRedirect(
                _page_url(meeting, data["part"], anchor=f"entry-{entry.pk}")
            )
    return render(
        request,
        "registration/attendance/door.html",
        {"meeting": meeting, "parts": parts, "door_form": form},
        status=400,
    )


@attendance_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    """A badge's QR code: the person and the part going on, and one button to check in.

    Scanning only shows (a GET changes nothing, so a link preview or prefetch cannot mark
    anyone); the coordinator's tap posts.
    """
    registration_id = badges.check_in_registration_id(token=token)
    registration = (
        # A cancelled registration's badge checks no one in: they register at the door.
        Registration.objects.active()
        .filter(pk=registration_id)
        .select_related("person__institution", "meeting")
        .prefetch_related(Prefetch("entries", queryset=Entry.objects.select_related("part")))
        .first()
        if registration_id
        else None
    )
    if registration is None:
        raise Http404
    meeting = registration.meeting
    parts = _parts(meeting)
    part = services.part_current(parts=parts)
    if request.method == "POST":
        chosen = next((p for p in parts if str(p.pk) == request.POST.get("part", "")), None)
        if chosen is None:
            raise Http404
        services.registration_check_in(
            registration=registration, part=chosen, marked_by=request.user
        )
        messages.success(
            request,
            _("%(person)s is checked in: %(part)s.")
            % {"person": registration.person.name, "part": chosen.name},
        )
        return HttpResponseRedirect(request.path)
    entries = {entry.part_id: entry for entry in registration.entries.all()}
    return render(
        request,
        "registration/attendance/check_in.html",
        {
            "registration": registration,
            "meeting": meeting,
            "part": part,
            "entry": entries.get(part.pk) if part else None,
            "other_parts": [p for p in parts if part is None or p.pk != part.pk],
            "attendance_url": _page_url(meeting, part),
        },
    )


@attendance_required
def attendance_badges(request, pk):
    """The meeting's badges to print, each with its check-in QR code."""
    meeting = _meeting(pk)
    registrations = exports.badge_registrations(Registration.objects.filter(meeting=meeting))
    return render(
        request,
        "registration/badges.html",
        {"registrations": badges.badges_with_qr(request=request, registrations=registrations)},
    )


@attendance_required
def attendance_follow_up(request):
    """Member institutions that no one attended the last two meetings from, to follow up."""
    meetings = selectors.meetings_held_recently(count=FOLLOW_UP_MEETINGS)
    institutions = selectors.institutions_absent(meetings=meetings) if meetings else []
    return render(
        request,
        "registration/attendance/follow_up.html",
        {"meetings": meetings, "institutions": institutions, "count": FOLLOW_UP_MEETINGS},
    )

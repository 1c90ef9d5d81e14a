"""The members' registration pages: the open meetings, one meeting's form and who is coming,
changing and cancelling. Every view requires membership; the rules live in ``services``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.models import Person
from members.permissions import member_required

from . import selectors, services
from .forms import RegistrationForm
from .models import Registration


def _own_person(user) -> Person | None:
    return Person.objects.select_related("institution").filter(user_id=user.pk).first()


def _meeting(slug: str):
    meeting = selectors.registration_meetings().filter(Q(slug_sv=slug) | Q(slug_en=slug)).first()
    if meeting is None:
        raise Http404
    return meeting


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@member_required
def index(request):
    meetings = list(selectors.registration_meetings())
    person = _own_person(request.user)
    registrations = (
        selectors.managed_registrations(meeting_ids=[m.pk for m in meetings], person=person)
        if person
        else []
    )
    for meeting in meetings:
        meeting.closed_reason = services.registration_closed_reason(meeting=meeting)
        meeting.managed = [r for r in registrations if r.meeting_id == meeting.pk]
    return render(request, "registration/index.html", {"meetings": meetings})


@member_required
@require_http_methods(["GET", "POST"])
def meeting(request, slug):
    meeting = _meeting(slug)
    person = _own_person(request.user)
    parts = selectors.meeting_parts(meeting=meeting)
    closed_reason = services.registration_closed_reason(meeting=meeting)
    managed = (
        selectors.managed_registrations(meeting_ids=[meeting.pk], person=person) if person else []
    )
    can_register = person is not None and person.institution is not None and not closed_reason
    form = None
    if can_register:
        people = Person.objects.filter(institution_id=person.institution_id).order_by("name")
        form = RegistrationForm(
            request.POST or None,
            parts=parts,
            people=people,
            initial={"person": person.pk, "language": translation.get_language()},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.registration_create(
                    user=request.user,
                    meeting=meeting,
                    person=data["person"] or person,
                    parts=data["all_parts"],
                    language=data["language"],
                    listing_consent=data["listing_consent"],
                    diet=data["diet"],
                    accessibility=data["accessibility"],
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _registered_message(registration))
                return redirect("registration:meeting", slug=meeting.slug)
    elif request.method == "POST":
        messages.error(request, closed_reason or _("You cannot register from this login."))
    return render(
        request,
        "registration/meeting.html",
        {
            "meeting": meeting,
            "parts": parts,
            "closed_reason": closed_reason,
            "person": person,
            "managed": managed,
            "form": form,
            "attendees": selectors.attendees(meeting=meeting),
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


def _registered_message(registration: Registration) -> str:
    waiting = registration.entries.filter(status="waitlisted").exists()
    if waiting:
        return _(
            "%(person)s is registered. Some parts are full: the waiting list is noted below, "
            "and an e-mail follows if a place frees up."
        ) % {"person": registration.person.name}
    return _("%(person)s is registered. A confirmation has been sent by e-mail.") % {
        "person": registration.person.name
    }


def _managed_registration(request, slug, pk) -> tuple[Registration, Person]:
    meeting = _meeting(slug)
    person = _own_person(request.user)
    if person is None:
        raise Http404
    registration = get_object_or_404(
        Registration.objects.active().select_related("person", "meeting__registration_window"),
        Q(person=person) | Q(registered_by=person),
        pk=pk,
        meeting=meeting,
    )
    return registration, person


@member_required
@require_http_methods(["GET", "POST"])
def edit(request, slug, pk):
    registration, _person = _managed_registration(request, slug, pk)
    meeting = registration.meeting
    parts = selectors.meeting_parts(meeting=meeting)
    closed_reason = services.registration_closed_reason(meeting=meeting)
    entries = list(registration.entries.select_related("part"))
    visit_ids = [e.part_id for e in entries if e.part.kind == "study_visit"]
    form = RegistrationForm(
        request.POST or None,
        parts=parts,
        held=entries,
        initial={
            "study_visit": visit_ids[0] if visit_ids else None,
            "parts": [e.part_id for e in entries if e.part_id not in visit_ids],
            "language": registration.language,
            "listing_consent": registration.listing_consent,
            "diet": registration.diet,
            "accessibility": registration.accessibility,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_update(
                user=request.user,
                registration=registration,
                parts=data["all_parts"],
                language=data["language"],
                listing_consent=data["listing_consent"],
                diet=data["diet"],
                accessibility=data["accessibility"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The registration has been changed."))
            return redirect("registration:meeting", slug=meeting.slug)
    return render(
        request,
        "registration/edit.html",
        {
            "meeting": meeting,
            "registration": registration,
            "form": form,
            "closed_reason": closed_reason,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@member_required
@require_http_methods(["GET", "POST"])
def cancel(request, slug, pk):
    registration, _person = _managed_registration(request, slug, pk)
    meeting = registration.meeting
    closed_reason = services.registration_closed_reason(meeting=meeting)
    error = None
    if request.method == "POST":
        try:
            services.registration_cancel(
                user=request.user, registration=registration, base_url=_base_url(request)
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request,
                _("The registration of %(person)s has been cancelled.")
                % {"person": registration.person.name},
            )
            return redirect("registration:meeting", slug=meeting.slug)
    return render(
        request,
        "registration/cancel.html",
        {
            "meeting": meeting,
            "registration": registration,
            "closed_reason": closed_reason,
            "error": error,
        },
        status=400 if error else 200,
    )

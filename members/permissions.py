"""Who may see what. Every members-only check in the portal goes through this module.

A member is an active user who is staff, or whom the coordinator has marked as member,
or who is linked to a person at a current member institution and has been approved.
Approval is given by accepting the coordinator's invitation or by the coordinator's
"approve" action in the admin; self sign-ups wait for it.
"""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

if TYPE_CHECKING:
    from .models import Person

# The answer is cached on the user object, which lives for one request.
_CACHE_ATTRIBUTE = "_klossnet_is_member"


def _member_by_rule(user) -> bool:
    if user.is_staff or user.is_superuser or user.marked_as_member:
        return True
    if user.approved_at is None:
        return False
    from .models import Institution, Person

    return Person.objects.filter(
        user_id=user.pk, institution__in=Institution.objects.current_members()
    ).exists()


def is_member(user) -> bool:
    """Whether ``user`` may see members-only material (at most one query per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _member_by_rule(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_membership(user) -> None:
    """Drop the cached answer, e.g. after the user's membership changed in this request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def can_see_contact_details(user, person: Person) -> bool:
    """Contact details and photo are public only with consent; members always see them."""
    return person.publication_consent or is_member(user)


def not_a_member_response(request):
    """403 with a translated page that says why and what to do."""
    return TemplateResponse(request, "members/area/not_a_member.html", status=403)


def member_required(view):
    """Anonymous users go to the login page; logged-in non-members get a 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            return not_a_member_response(request)
        response = view(request, *args, **kwargs)
        # Members' pages must never be kept by a shared cache.
        patch_cache_control(response, private=True)
        return response

    wrapper.members_only = True
    return wrapper


class MemberRequiredMixin:
    """Class-based views: the same rule as :func:`member_required`."""

    members_only = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(request.user):
            return not_a_member_response(request)
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

"""Who may see what. Every members-only check in the portal goes through this module."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Person


def is_member(user) -> bool:
    """Whether ``user`` may see members-only material.

    Interim rule until member accounts land: any active, authenticated user.
    """
    return bool(user and user.is_authenticated and user.is_active)


def can_see_contact_details(user, person: Person) -> bool:
    """Contact details and photo are public only with consent; members always see them."""
    return person.publication_consent or is_member(user)

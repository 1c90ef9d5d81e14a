"""Who attended a meeting, as the records app asks it: those the coordinator marked as having
attended at least one part (meetings/registration's attendance), the only ones who review a
record in review."""

from django.db.models import QuerySet

from meetings.models import Meeting
from meetings.registration import selectors


def meetings_attended(user) -> QuerySet[Meeting]:
    """The meetings ``user`` attended (usable as a subquery)."""
    return selectors.meetings_attended(user=user).order_by()

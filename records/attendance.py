"""Who attended a meeting: the one place the records app asks.

Until attendance is marked per registration part (meetings/registration), a member counts as
having attended when they had a confirmed place in one of the meeting's parts.
"""

from django.db.models import QuerySet

from meetings.models import Meeting
from meetings.registration.models import Entry


def meetings_attended(user) -> QuerySet[Meeting]:
    """The meetings ``user`` attended (a subquery-friendly queryset, no duplicates)."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    entries = Entry.objects.filter(
        registration__person__user=user, status=Entry.Status.CONFIRMED
    ).values("registration__meeting_id")
    return Meeting.objects.filter(pk__in=entries)


def has_attended(user, meeting: Meeting) -> bool:
    return meetings_attended(user).filter(pk=meeting.pk).exists()

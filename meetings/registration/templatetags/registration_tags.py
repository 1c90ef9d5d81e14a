"""``{% registration_link meeting %}``: the "Register" link on a meeting's public page.

Shown only to members, for an upcoming meeting that takes registrations; anonymous visitors
cost no query.
"""

from django import template

from members.permissions import is_member

from ..models import RegistrationWindow
from ..services import registration_closed_reason

register = template.Library()


@register.inclusion_tag("registration/includes/registration_link.html", takes_context=True)
def registration_link(context, meeting):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not meeting.is_upcoming or not is_member(user):
        return {"show": False}
    window = RegistrationWindow.objects.filter(meeting=meeting).first()
    if window is None:
        return {"show": False}
    meeting.registration_window = window
    return {
        "show": True,
        "meeting": meeting,
        "closed_reason": registration_closed_reason(meeting=meeting),
    }

"""``{% registration_link meeting %}``: the "Register" link on a meeting's public page.

Shown only to members, for an upcoming meeting that takes registrations; anonymous visitors
cost no query.
"""

from django import template

from members.permissions import is_member

from ..models import RegistrationWindow
from ..services import registration_closed_reason, registration_deadline

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


@register.inclusion_tag("registration/includes/registration_status.html", takes_context=True)
def registration_status(context, meeting):
    """Whether an upcoming meeting takes registrations, for anyone; the button for members.

    For the start page's card: select ``registration_window`` with the meeting and this costs
    no query (``registration_link`` above is the meeting page's own)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    window = getattr(meeting, "registration_window", None)
    if window is None:
        state, text = "none", None
    else:
        closed = registration_closed_reason(meeting=meeting)
        deadline = registration_deadline(meeting=meeting, window=window)
        state, text = ("closed", closed) if closed else ("open", None)
    return {
        "meeting": meeting,
        "state": state,
        "closed_reason": text,
        "deadline": deadline if state == "open" else None,
        "member": is_member(user),
        "logged_in": bool(user and user.is_authenticated),
    }

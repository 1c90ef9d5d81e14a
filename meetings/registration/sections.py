"""What registration adds to the members app's pages through its hooks (``members.apps``):
an institution's participation on its public page (counts only), and "My meetings" on the
member's own start page (their attendance is shown to nobody else)."""

from django.utils.translation import gettext_lazy as _

from . import selectors


def institution_sections(institution) -> list[dict]:
    """Meetings with at least one attendee from the institution, per year (one query)."""
    years = selectors.institution_participation(institution=institution)
    if not years:
        return []
    return [
        {
            "title": _("Participation in meetings"),
            "template": "registration/includes/institution_participation.html",
            "context": {"participation": years},
            "order": 20,
        }
    ]


def members_area_sections(request) -> list[dict]:
    """ "My meetings": the meetings the member attended, with their material (two queries)."""
    return [
        {
            "id": "my-meetings",
            "title": _("My meetings"),
            "template": "registration/includes/my_meetings.html",
            "context": {"my_meetings": selectors.my_attended_meetings(user=request.user)},
            "order": 15,
        }
    ]

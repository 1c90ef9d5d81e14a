"""A stand-in for another app's ``home_sections`` (the contract in ``network.apps``): what
the record of the latest meeting adds to the start page."""

from meetings.models import Meeting


def record_highlights(request):
    latest = Meeting.objects.published().past().first()
    return [
        {
            "id": "record-highlights",
            "title": "Highlights of the latest meeting",
            "template": "meetings/includes/meeting_summary.html",
            "context": {"meeting": latest, "heading": "h3"},
            "order": 10,
        }
    ]

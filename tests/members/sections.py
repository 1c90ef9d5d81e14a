"""Stand-ins for other apps' institution_sections callables (the contract in members.apps)."""

from members.models import Institution


def two_sections(institution):
    neighbour = Institution.objects.exclude(pk=institution.pk).order_by("pk").first()
    return [
        {
            "title": "Second section",
            "template": "members/includes/institution_item.html",
            "context": {"institution": neighbour},
            "order": 20,
        },
        {
            "title": "First section",
            "template": "members/includes/institution_item.html",
            "context": {"institution": neighbour},
            "order": 10,
        },
    ]


def nothing(institution):
    return []

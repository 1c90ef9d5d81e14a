"""schema.org description (JSON-LD) of the network with its member institutions."""

from django.utils import translation
from django.utils.translation import gettext

from core.linked_data import CONTEXT, network
from members.linked_data import institution
from members.models import Institution


def organization(request) -> dict:
    """The start page: the network with its current member institutions (one query)."""
    members = Institution.objects.current_members().order_by("name")
    return {
        "@context": CONTEXT,
        **network(request),
        "description": gettext(
            "KLOSSnet is a national leadership network for dialogue and exchange of experience "
            "around collaboration between Swedish higher education institutions and society."
        ),
        "inLanguage": translation.get_language(),
        "member": [institution(request, member) for member in members],
    }

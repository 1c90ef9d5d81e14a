"""schema.org descriptions (JSON-LD): the network itself and the parts every page shares."""

from django.urls import reverse
from django.utils.translation import gettext

CONTEXT = "https://schema.org"
NAME = "KLOSSnet"


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def network(request) -> dict:
    """KLOSSnet as an organisation, referred to by id from every other description."""
    return {
        "@type": "Organization",
        "@id": absolute(request, reverse("home")) + "#organization",
        "name": NAME,
        "alternateName": gettext("Knowledge and Learning About Strategic Collaboration"),
        "url": absolute(request, reverse("home")),
    }

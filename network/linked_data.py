"""schema.org descriptions (JSON-LD) of the network and the parts pages share."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from members.models import Institution

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


def institution(request, institution: Institution) -> dict:
    data = {
        "@type": "CollegeOrUniversity",
        "name": institution.name,
        "url": absolute(request, institution.get_absolute_url()),
    }
    if institution.website:
        data["sameAs"] = institution.website
    if institution.city:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": institution.city,
            "addressCountry": institution.country,
        }
    return data


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

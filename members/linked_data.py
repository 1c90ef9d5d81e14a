"""schema.org description (JSON-LD) of a member institution."""

from core.linked_data import absolute
from members.models import Institution


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

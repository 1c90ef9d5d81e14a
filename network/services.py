"""The network's own seed content: its texts, testimonials, contact and accessibility statement."""

from django.db import transaction

from core.content import content_read, seed_get_or_create
from network.models import AccessibilityStatement, Contact, Page, Testimonial


@transaction.atomic
def network_content_load() -> None:
    content = content_read("network")
    for key, values in content["pages"].items():
        seed_get_or_create(Page, lookup={"key": key}, values=values)
    for position, values in enumerate(content["testimonials"]):
        seed_get_or_create(
            Testimonial,
            lookup={"name": values["name"]},
            values={**values, "position": position},
        )
    if not Contact.objects.exists():
        seed_get_or_create(Contact, lookup={"pk": Contact.singleton_pk}, values=content["contact"])
    if not AccessibilityStatement.objects.exists():
        seed_get_or_create(
            AccessibilityStatement,
            lookup={"pk": AccessibilityStatement.singleton_pk},
            values=content["accessibility_statement"],
        )

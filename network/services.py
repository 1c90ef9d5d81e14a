"""The network's own seed content (its texts, testimonials, contact and accessibility
statement) and the contact form's message to the coordinator."""

from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.content import content_read, seed_get_or_create
from core.mail import MailOutcome, mail_send
from members.groups import COORDINATOR_GROUP
from members.login_limits import CACHE_ALIAS
from members.models import User
from network.models import AccessibilityStatement, Contact, Page, Testimonial

# Messages one client may send through the contact form in CONTACT_WINDOW seconds: enough
# for a person with follow-ups, too few to make the form a spam relay.
CONTACT_LIMIT = 5
CONTACT_WINDOW = 60 * 60


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


def contact_recipients(*, contact: Contact | None) -> list[str]:
    """Where the contact form's messages go: the contact's e-mail address, or, while it has
    none (the sources give only a phone number), every active coordinator's."""
    if contact is not None and contact.email:
        return [contact.email]
    return sorted(
        set(
            User.objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def contact_rate_limited(*, client: str) -> bool:
    """Count one message from ``client``; true once it has sent more than CONTACT_LIMIT in
    CONTACT_WINDOW. Counted where the log-in limits are, which no page traffic evicts."""
    cache = caches[CACHE_ALIAS]
    key = f"contact-form:{client}"
    cache.add(key, 0, CONTACT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, CONTACT_WINDOW)
        count = 1
    return count > CONTACT_LIMIT


def contact_message_send(
    *, recipients: list[str], name: str, email: str, organisation: str, message: str
) -> MailOutcome:
    """The visitor's message to the coordinator, in the portal's first language, with the
    visitor as Reply-To so that an answer goes straight back."""
    page_language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(settings.LANGUAGE_CODE):
        sender = f"{name} <{email}>"
        lines = [
            _("A message from the contact form on the KLOSSnet portal."),
            "",
            _("From: %(sender)s") % {"sender": sender},
        ]
        if organisation:
            lines.append(_("Institution or organisation: %(name)s") % {"name": organisation})
        language_name = translation.get_language_info(page_language)["name_translated"]
        lines += [
            _("Written on the %(language)s site.") % {"language": language_name},
            "",
            message,
            "",
            _("Answer this e-mail to reply to %(name)s.") % {"name": name},
        ]
        mail = EmailMessage(
            subject=_("KLOSSnet contact form: %(name)s") % {"name": name},
            body="\n".join(lines),
            to=recipients,
            reply_to=[email],
        )
    return mail_send(mail, kind="network/contact", language=settings.LANGUAGE_CODE)

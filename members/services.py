"""Actions that change member data: loading the seed content, cleaning uploaded photos,
approving a self sign-up."""

import datetime

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from core import pagecache
from core.content import content_read, seed_get_or_create
from core.history import history_purge
from core.mail import mail_send
from core.mail_preferences import mail_language, site_url
from core.uploads import image_without_metadata
from members.groups import coordinator_group_ensure
from search.index import purge_deleted

from .adapters import email_domain
from .models import Institution, Person
from .permissions import forget_membership, is_member

# Keys in members.json that document the content but are not model fields.
_NOTE_KEYS = {"basis"}


def _institution_values(entry: dict) -> dict:
    values = {key: value for key, value in entry.items() if key not in _NOTE_KEYS}
    for key in ("member_since", "member_until"):
        if values.get(key):
            values[key] = datetime.date.fromisoformat(values[key])
    if values.get("successor"):
        values["successor"] = Institution.objects.get(short_name=values["successor"])
    return values


@transaction.atomic
def members_content_load() -> None:
    """Create the institutions and people of ``content/members.json`` that are missing.

    Institutions are matched by short name, people by name; existing rows are left as the
    coordinator edited them. Representations are not loaded: the sources do not say who
    represents whom, so the coordinator adds them.
    """
    content = content_read("members")
    for entry in content["institutions"]:
        values = _institution_values(entry)
        short_name = values.pop("short_name")
        institution, created = seed_get_or_create(
            Institution, lookup={"short_name": short_name}, values=values
        )
        if not created and not institution.has_coordinates and values.get("latitude"):
            # Coordinates came after the institutions: fill them in where none are set.
            institution.latitude = values["latitude"]
            institution.longitude = values["longitude"]
            institution.full_clean()
            institution.save(update_fields=["latitude", "longitude"])
    for entry in content["people"]:
        values = dict(entry)
        name = values.pop("name")
        values["institution"] = Institution.objects.get(short_name=values["institution"])
        seed_get_or_create(Person, lookup={"name": name}, values=values)


def institution_membership_end(*, institution: Institution, on: datetime.date) -> bool:
    """Record that ``institution`` left the network on ``on``; nothing is deleted.

    Returns False (and changes nothing) when it is not a member on that day.
    """
    if not institution.member_since or institution.member_since > on:
        return False
    if institution.member_until and institution.member_until < on:
        return False
    institution.member_until = on
    institution.full_clean()
    institution.save(update_fields=["member_until"])
    return True


def person_photo_strip_metadata(*, person: Person) -> None:
    """Re-encode a newly uploaded photo without EXIF (no GPS or camera data is published)."""
    if person.photo:
        person.photo = image_without_metadata(person.photo, name=person.photo.name)


def person_consent_touch(*, person: Person) -> None:
    """Record when the publication consent was given or withdrawn."""
    person.consent_changed_at = timezone.now()


def person_erase(*, person: Person) -> dict[str, int]:
    """Erase a person on request (GDPR art. 17): the person, their links and their login.

    Rows that only link the person to something else (representations, steering-group
    memberships, project contacts, …) are removed with them; the meetings, projects and
    institutions they point to stay. Speaker names in agendas are plain text the
    coordinator edits. Nothing else keeps a copy: their versions and admin log lines go
    (core.history, by row and by name and e-mail address), their photos, earlier ones
    included (core.stored_files), their search documents and suggestion words, and,
    once the erasure is committed, the full-text index's deleted rows and every cached
    page. Backups expire by BACKUP_RETENTION_DAYS. Returns how many linking rows of each
    kind went.
    """
    removed: dict[str, int] = {}
    with transaction.atomic():
        user = person.user
        # Collected before anything is deleted: the admin log and history name these rows.
        traces = _erased_rows(person, user)
        mentions = _mentions(person, user, traces)
        # Apps whose rows need more than a delete (e.g. a freed meeting place goes to the
        # waiting list) name an eraser on their AppConfig: ``person_eraser = "dotted.path"``,
        # a callable ``(*, person) -> dict[str, int]``.
        for app_config in apps.get_app_configs():
            eraser = getattr(app_config, "person_eraser", None)
            if eraser:
                removed.update(import_string(eraser)(person=person))
        for relation in person._meta.related_objects:
            if relation.one_to_many and relation.on_delete is models.PROTECT:
                links = relation.related_model._default_manager.filter(
                    **{relation.field.name: person}
                )
                count = links.count()
                if count:
                    links.delete()
                    removed[str(relation.related_model._meta.verbose_name_plural)] = count
        history_purge(objects=traces, mentioning=mentions)
        person.delete()
        if user is not None:
            user.delete()
        # Their photo goes with the row, after the commit (core.stored_files). The search
        # index re-indexes on commit too; this runs after it.
        transaction.on_commit(_forget_derived_copies, robust=True)
    return removed


def _erased_rows(person: Person, user) -> list[models.Model]:
    """The person, their login and every row deleted with either of them."""
    rows: list[models.Model] = [person]
    owners = [person] if user is None else [person, user]
    if user is not None:
        rows.append(user)
    for owner in owners:
        for relation in owner._meta.related_objects:
            if relation.on_delete not in (models.CASCADE, models.PROTECT):
                continue
            if relation.many_to_many:
                continue
            manager = relation.related_model._base_manager
            rows.extend(manager.filter(**{relation.field.name: owner}))
    return rows


def _mentions(person: Person, user, rows: list[models.Model]) -> list[str]:
    """How the admin log and the history may name them: name and every e-mail address."""
    mentions = {person.name.strip()}
    if user is not None:
        mentions |= {user.username, user.get_full_name().strip()}
    for row in rows:
        for field in row._meta.concrete_fields:
            if isinstance(field, models.EmailField):
                mentions.add(getattr(row, field.attname) or "")
    # A single word ("Anna", a username) would match other people's rows too.
    return sorted(m for m in mentions if len(m) > 4 and (" " in m or "@" in m))


def _forget_derived_copies() -> None:
    purge_deleted()
    pagecache.pages_forget()


@transaction.atomic
def coordinator_ensure(*, email: str, password: str):
    """Create a coordinator who can log in with ``email`` straight away: staff in the
    coordinator group, not a superuser, so the development login has exactly the powers the
    network's coordinator has (``manage.py createsuperuser`` makes a superuser)."""
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, is_staff=True
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(coordinator_group_ensure())
    return user


# --- Approving a self sign-up -----------------------------------------------------------------


def _institution_of_address(email: str) -> Institution | None:
    """The current member institution whose e-mail domains hold ``email``'s, if one does."""
    domain = email_domain(email)
    found = [
        institution
        for institution in Institution.objects.current_members().only("pk", "email_domains")
        if domain in institution.email_domain_list
    ]
    return found[0] if len(found) == 1 else None


def _person_for_sign_up(user) -> Person | None:
    """The person the login belongs to: the linked one; else, for a confirmed address, the
    one unlinked person with that address, or a new person at the institution of the
    address's domain (as the sign-up itself allowed only such addresses)."""
    person = Person.objects.filter(user=user).first()
    institution = _institution_of_address(user.email) if user.email else None
    if person is None:
        confirmed = EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
        if not confirmed:
            return None
        unlinked = list(Person.objects.filter(email__iexact=user.email, user__isnull=True)[:2])
        if len(unlinked) == 1:
            person = unlinked[0]
            person.user = user
        elif institution is not None:
            person = Person(
                name=user.get_full_name() or user.email,
                email=user.email,
                institution=institution,
                user=user,
            )
        else:
            return None
    if person.institution_id is None and institution is not None:
        person.institution = institution
    person.full_clean()
    person.save()
    return person


def signup_approve(*, user, now: datetime.datetime | None = None) -> bool:
    """Approve a self sign-up and make them a member in one step: the login is linked to
    its person in the register (found or created, ``_person_for_sign_up``), and once it is
    a member the person is told by e-mail in their language. Returns whether the login is
    a member now; one that is not (an address of no member institution) stays for the
    coordinator to link or mark."""
    now = now or timezone.now()
    with transaction.atomic():
        if user.approved_at is None:
            user.approved_at = now
            user.save(update_fields=["approved_at"])
        _person_for_sign_up(user)
        forget_membership(user)
        member = is_member(user)
        if member:
            # mail_send queues it to leave once the approval is committed.
            signup_approved_send(user=user)
    return member


def signup_approved_send(*, user) -> bool:
    """The e-mail telling a self sign-up they are a member now, in their language."""
    if not user.email:
        return False
    language = mail_language(user)
    with translation.override(language):
        context = {"user": user, "members_url": site_url(reverse("members_area:start"))}
        subject = render_to_string("members/email/signup_approved_subject.txt", context)
        body = render_to_string("members/email/signup_approved_message.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=[user.email])
    return bool(mail_send(message, kind="members/signup_approved", language=language))

"""What the site search finds about institutions and people (see search.registry).

People are found in their public roles (representative, steering group, working group,
project contact); contact details only with their consent. The member directory's details
are a separate, members-only document.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from search.registry import Entry, Provider, lines

from .models import Institution, Person, Representation


def _person_pk(instance) -> list[int]:
    return [instance.person_id]


def _has(relation: str, **lookups) -> Q:
    """True for the people with a row in the reverse relation ``relation`` (matching
    ``lookups``), as an EXISTS subquery on the related model, which this module need not
    import. ORing joins over several relations instead multiplied their rows (a person
    with three rows in each of four relations is 81 joined rows before DISTINCT): at 20
    times the seed that query took PostgreSQL 0.2-1.2 s a call."""
    field = Person._meta.get_field(relation)
    rows = field.related_model._default_manager.filter(
        **{field.field.name: OuterRef("pk")}, **lookups
    )
    return Q(Exists(rows))


def _people_of(institution) -> list[int]:
    return list(
        Person.objects.filter(
            Q(institution=institution)
            | _has("representations", institution=institution)
            | _has("steering_group_memberships", institution=institution)
        ).values_list("pk", flat=True)
    )


PERSON_WATCH = {
    "members.Person": lambda person: [person.pk],
    "members.Representation": _person_pk,
    "members.Institution": _people_of,
    "steering.SteeringGroupMembership": _person_pk,
    "steering.WorkingGroupMembership": _person_pk,
    "projects.ProjectContact": _person_pk,
}


class InstitutionProvider(Provider):
    kind = "institution"
    label = _("Institutions")
    position = 50
    model = Institution
    watch = {"members.Institution": lambda institution: [institution.pk]}

    def queryset(self):
        return Institution.objects.all()

    def entry(self, institution):
        return Entry(
            title=institution.name,
            body=lines(institution.short_name, institution.get_kind_display(), institution.city),
            url=institution.get_absolute_url(),
        )


class PersonProvider(Provider):
    kind = "person"
    label = _("People")
    position = 60
    model = Person
    watch = PERSON_WATCH

    def queryset(self):
        return (
            Person.objects.filter(
                _has("representations")
                | _has("steering_group_memberships")
                | _has("working_group_memberships")
                | _has("project_contacts")
            )
            .select_related("institution")
            .prefetch_related(
                Prefetch(
                    "representations",
                    queryset=Representation.objects.select_related("institution"),
                ),
                "steering_group_memberships__institution",
                "working_group_memberships__working_group",
                "project_contacts__project",
            )
        )

    def entry(self, person):
        representations = list(person.representations.all())
        steering = list(person.steering_group_memberships.all())
        roles = [
            gettext("Representative of %(institution)s") % {"institution": r.institution.name}
            for r in representations
        ]
        roles += [
            gettext("Steering group, %(role)s") % {"role": m.get_role_display()} for m in steering
        ]
        roles += [m.working_group.name for m in person.working_group_memberships.all()]
        roles += [c.project.heading for c in person.project_contacts.all()]
        if steering:
            url = reverse("steering:steering_group")
        elif representations:
            url = representations[0].institution.get_absolute_url()
        elif person.institution_id:
            url = person.institution.get_absolute_url()
        else:
            url = reverse("steering:steering_group")
        contact = (person.email, person.phone) if person.publication_consent else ()
        return Entry(
            title=person.name,
            body=lines(
                person.title,
                person.institution.name if person.institution_id else "",
                *roles,
                *contact,
            ),
            url=url,
        )


class DirectoryProvider(Provider):
    """The member directory: current representatives with their contact details."""

    kind = "directory"
    label = _("Member directory")
    position = 95
    model = Person
    watch = PERSON_WATCH

    def queryset(self):
        return (
            Person.objects.filter(
                representations__in=Representation.objects.current().filter(
                    institution__in=Institution.objects.current_members()
                )
            )
            .distinct()
            .select_related("institution")
        )

    def entry(self, person):
        return Entry(
            title=person.name,
            body=lines(
                person.title,
                person.institution.name if person.institution_id else "",
                person.email,
                person.phone,
            ),
            url=reverse("members_area:directory"),
            members_only=True,
        )


PROVIDERS = [InstitutionProvider(), PersonProvider(), DirectoryProvider()]

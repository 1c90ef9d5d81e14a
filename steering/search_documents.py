"""What the site search finds about the working groups (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.registry import Entry, Provider, plain

from .models import WorkingGroup


class WorkingGroupProvider(Provider):
    kind = "working_group"
    label = _("Working groups")
    position = 65
    model = WorkingGroup
    watch = {
        "steering.WorkingGroup": lambda group: [group.pk],
        "steering.WorkingGroupMembership": lambda membership: [membership.working_group_id],
    }

    def queryset(self):
        return WorkingGroup.objects.prefetch_related("memberships__person")

    def entry(self, group):
        people = ", ".join(m.person.name for m in group.memberships.all())
        return Entry(
            title=group.name,
            body="\n".join(part for part in (plain(group.description), people) if part),
            url=group.get_absolute_url(),
        )


PROVIDERS = [WorkingGroupProvider()]

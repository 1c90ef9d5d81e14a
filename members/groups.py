"""The coordinator group: everything a coordinator needs for content work, nothing more.

Permissions are created by Django after migrations, so the group is made by a function
(called by ``manage.py ensure_coordinator`` and the tests), not by a data migration.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

COORDINATOR_GROUP = "Koordinator"
# Every model in these apps: add, change, delete and view.
CONTENT_APPS = ("klossnet", "members", "meetings", "steering", "projects")
# Logins: the coordinator looks after them but cannot create superusers or delete accounts.
LIMITED = {
    ("members", "user"): ("view", "change"),
    ("account", "emailaddress"): ("view", "change", "add"),
}


def coordinator_permissions():
    query = Q(content_type__app_label__in=CONTENT_APPS)
    for app_label, model in LIMITED:
        query &= ~Q(content_type__app_label=app_label, content_type__model=model)
    for (app_label, model), actions in LIMITED.items():
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    return Permission.objects.filter(query)


@transaction.atomic
def coordinator_group_ensure() -> Group:
    """Create the coordinator group or bring its permissions up to date."""
    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(coordinator_permissions())
    return group

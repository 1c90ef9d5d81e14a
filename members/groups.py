"""The coordinator group: everything a coordinator needs for content work, nothing more.

The rule: every model of the portal's own apps (every app whose package lives in the
project, so a new app or model is covered without anyone remembering it), add, change,
delete and view, except the few limited below; of other packages' models only those named
below. What the coordinator deliberately does not get is ``WITHHELD``; a test opens every
admin list as a coordinator and expects 200 for everything else.

Permissions are created by Django after migrations, so the group cannot come from a data
migration: ``coordinator_group_sync`` brings it up to date after every ``migrate`` (and
``manage.py ensure_coordinator`` and the tests call ``coordinator_group_ensure``).
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import router, transaction
from django.db.models import Q

COORDINATOR_GROUP = "Koordinator"
# Logins: the coordinator looks after them but cannot create superusers or delete accounts.
LIMITED = {
    ("members", "user"): ("view", "change"),
    ("account", "emailaddress"): ("view", "change", "add"),
    # Attendees write the comments on a record; the coordinator accepts or rejects them and
    # never writes or deletes one, so every correction and its decision stays on record.
    ("records", "recordcomment"): ("view", "change"),
    # Survey answers are the members' own: the coordinator reads them and publishes free
    # text (change), never writes, alters or deletes one; who answered is only read.
    ("feedback", "response"): ("view",),
    ("feedback", "answer"): ("view", "change"),
    ("feedback", "respondent"): ("view",),
}
# Admin models the coordinator must not manage: groups and permissions decide who may do
# what, and only a superuser hands out powers (members.user_admin). The task queue's
# results are the operator's: coordinators see e-mails that finally failed under Failed
# e-mails.
WITHHELD = {("auth", "group"), ("django_tasks_database", "dbtaskresult")}


def project_app_labels() -> list[str]:
    """The labels of the portal's own apps: those whose package lives in the project."""
    return [
        config.label
        for config in global_apps.get_app_configs()
        if (settings.BASE_DIR / config.name.split(".")[0]).is_dir()
    ]


def coordinator_permissions():
    query = Q(content_type__app_label__in=project_app_labels())
    for app_label, model in LIMITED:
        query &= ~Q(content_type__app_label=app_label, content_type__model=model)
    for (app_label, model), actions in LIMITED.items():
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    for app_label, model in WITHHELD:
        query &= ~Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(query)


@transaction.atomic
def coordinator_group_ensure() -> Group:
    """Create the coordinator group or bring its permissions up to date."""
    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(coordinator_permissions())
    return group


def coordinator_group_sync(sender, using, apps=global_apps, **kwargs) -> None:
    """``post_migrate``: after the last app's permissions exist, bring the group up to date,
    so the release that adds a model gives its permissions to the coordinators."""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if not with_models or sender.label != with_models[-1].label:
        return
    try:
        apps.get_model("auth", "Group")
        apps.get_model("auth", "Permission")
    except LookupError:  # auth is not migrated (e.g. `migrate auth zero`)
        return
    if not router.allow_migrate_model(using, Group):
        return
    with transaction.atomic(using=using):
        group, _created = Group.objects.using(using).get_or_create(name=COORDINATOR_GROUP)
        group.permissions.set(coordinator_permissions().using(using))

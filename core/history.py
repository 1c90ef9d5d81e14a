"""Version history of the portal's content (django-reversion with django-reversion-compare).

Every content admin inherits :class:`HistoryAdmin`: each save in the admin records a revision
(who, when, what, and the inline rows such as agenda items, study visits and hosts, which
reversion follows from the admin's inlines), the history page compares two versions field by
field, and restoring a version restores its inline rows in the same step.

django-reversion was chosen over django-simple-history because one revision holds the object
*and* its inline rows, so a meeting comes back with its agenda in one step; simple-history
keeps a separate history table per model and restores each row on its own.
"""

import json
from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from reversion.models import Revision, Version
from reversion.revisions import get_registered_models
from reversion_compare.admin import CompareVersionAdmin

from core.concurrency import EditConflictAdminMixin
from core.stored_files import delete_when_unreferenced, file_fields

# django-reversion-compare has no Swedish catalogue: these are its strings shown outside our
# own templates (templates/reversion-compare/), translated in the project catalogue.
REVERSION_COMPARE_STRINGS = (
    gettext_noop("Compare %(name)s"),
    gettext_noop("Field didn't exist!"),
)

# django-reversion's Swedish misspells this one ("bortagna"): the project catalogue wins.
REVERSION_STRINGS = (gettext_noop("Recover deleted %(name)s"),)


# Form fields that are the admin's machinery, not the object's: never named in the history.
INTERNAL_FORM_FIELDS = {"edit_token"}


def _labels(form, names) -> list[str]:
    """The labels of the changed fields as the coordinator read them in the form, in the
    language of the request ("Sammanfattning [sv]"), never internal names."""
    labels = []
    for name in names:
        if name in INTERNAL_FORM_FIELDS:
            continue
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name.replace("_", " ")
        labels.append(str(label))
    return labels


def change_message(form, formsets, add: bool) -> list:
    """Django's change message (admin.utils.construct_change_message) with the labels of
    :func:`_labels`; empty when nothing changed. Django stores the labels untranslated and
    translates them when the log is read, which fails for every label it does not know as
    a message ("Summary [sv]") and names a field without a label by its name."""
    message: list = []
    if add:
        message.append({"added": {}})
    elif changed := _labels(form, form.changed_data):
        message.append({"changed": {"fields": changed}})
    for formset in formsets or ():
        for added in formset.new_objects:
            message.append({"added": {"name": str(added._meta.verbose_name), "object": str(added)}})
        for changed_object, changed_fields in formset.changed_objects:
            fields = _labels(formset.forms[0], changed_fields)
            if fields:
                message.append(
                    {
                        "changed": {
                            "name": str(changed_object._meta.verbose_name),
                            "object": str(changed_object),
                            "fields": fields,
                        }
                    }
                )
        for deleted in formset.deleted_objects:
            message.append(
                {"deleted": {"name": str(deleted._meta.verbose_name), "object": str(deleted)}}
            )
    return message


class ReadableChangeMessageMixin:
    """History messages in the coordinator's words (:func:`change_message`), and no entry at
    all for a save that changed nothing."""

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        request._history_formsets = formsets  # for save_model, which is not given them
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        formsets = getattr(request, "_history_formsets", ())
        if change and not form.has_changed() and not any(f.has_changed() for f in formsets):
            # Nothing changed: no save, so no new version in the history either.
            return
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets, add)

    def log_change(self, request, obj, message):
        if not message:
            return None
        return super().log_change(request, obj, message)


def make_every_change_message_readable(site=None) -> None:
    """Give every registered ModelAdmin :class:`ReadableChangeMessageMixin`, those of other
    packages too, as ``admin_filters.make_every_changelist_safe`` does."""
    from django.contrib import admin  # noqa: PLC0415 - the default site, only when called

    site = site or admin.site
    for model_admin in site._registry.values():
        cls = type(model_admin)
        if not issubclass(cls, ReadableChangeMessageMixin):
            model_admin.__class__ = type(cls.__name__, (ReadableChangeMessageMixin, cls), {})


def _through_str(self) -> str:
    return " – ".join(
        str(getattr(self, field.name)) for field in self._meta.concrete_fields if field.many_to_one
    )


def name_every_through_row() -> None:
    """Rows of the many-to-many tables Django makes itself (a meeting's themes) are named by
    what they link ("2019-11-06 KLOSSnet-möte i Falun – Samverkan"), not
    "Meeting_themes object (16)", on the delete page and in the history."""
    from django.apps import apps  # noqa: PLC0415 - called from CoreConfig.ready

    for model in apps.get_models(include_auto_created=True):
        if model._meta.auto_created and "__str__" not in vars(model):
            model.__str__ = _through_str


class HistoryAdmin(EditConflictAdminMixin, CompareVersionAdmin):
    """History, comparison and restore for a content admin, and protection against
    overwriting someone else's save (core/concurrency.py). Put it first in the bases:
    ``class MeetingAdmin(HistoryAdmin, TabbedTranslationAdmin)``."""

    history_latest_first = True

    def compare(self, obj, version1, version2):
        """The changed fields, without automatic timestamps and without modeltranslation's
        original column (its language fields, e.g. “title [sv]”, are shown instead)."""
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        names = {field.name for field in obj._meta.concrete_fields}

        def shown(field) -> bool:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                return False
            return f"{getattr(field, 'name', '')}_sv" not in names

        return [entry for entry in diff if shown(entry["field"])], has_unfollowed_fields

    def compare_DateTimeField(self, obj_compare):  # noqa: N802 - reversion-compare's naming
        # The library's version of this prints "time since"; a plain before/after reads better.
        return self.fallback_compare(obj_compare)


def history_purge(*, objects: list[models.Model], mentioning: Iterable[str] = ()) -> int:
    """Remove every stored trace of ``objects`` from the history and the admin log.

    Used when a person is erased (GDPR), with the person, their login and the rows that go
    with them as ``objects`` and their name and e-mail addresses as ``mentioning``:

    - versions of the objects, versions of rows with a foreign key to them (representations,
      memberships, contacts) even if those rows are long gone, and versions whose stored
      data or description mentions any of ``mentioning``;
    - the comment of every revision that held such a version or mentions them (revisions
      left empty are deleted);
    - admin log entries about the objects or whose description mentions them; a change
      message that mentions them is emptied;
    - the files the deleted versions name (earlier photos), once the transaction commits,
      unless a row still names them (core.stored_files).

    Mentions match case-insensitively, also as JSON writes them ("Å" as "\\u00c5").
    Returns how many versions went.
    """
    by_model: dict[type[models.Model], set[str]] = {}
    for obj in objects:
        by_model.setdefault(obj._meta.concrete_model, set()).add(str(obj.pk))
    forms = sorted({form for text in mentioning if text for form in _written_forms(text)})

    doomed: set[int] = set()
    log_entries = LogEntry.objects.none()
    for model, pks in by_model.items():
        content_type = ContentType.objects.get_for_model(model)
        doomed.update(
            Version.objects.filter(content_type=content_type, object_id__in=pks).values_list(
                "pk", flat=True
            )
        )
        log_entries |= LogEntry.objects.filter(content_type=content_type, object_id__in=pks)
    for registered in get_registered_models():
        # Serialized foreign keys are stored under the field's name, e.g. "person": 12.
        pointers = {
            field.name: by_model[field.related_model]
            for field in registered._meta.concrete_fields
            if field.many_to_one and field.related_model in by_model
        }
        if not pointers:
            continue
        for pk, data in Version.objects.get_for_model(registered).values_list(
            "pk", "serialized_data"
        ):
            fields = _version_fields(data)
            if any(str(fields.get(name)) in pks for name, pks in pointers.items()):
                doomed.add(pk)
    mentions = models.Q(pk__in=[])
    for form in forms:
        mentions |= models.Q(serialized_data__icontains=form) | models.Q(
            object_repr__icontains=form
        )
    doomed.update(Version.objects.filter(mentions).values_list("pk", flat=True))

    with transaction.atomic():
        versions = Version.objects.filter(pk__in=doomed)
        files = _files_named(versions)
        revisions = set(versions.values_list("revision_id", flat=True))
        commented = models.Q(pk__in=revisions)
        for form in forms:
            commented |= models.Q(comment__icontains=form)
        count, _deleted = versions.delete()
        Revision.objects.filter(pk__in=revisions, version__isnull=True).delete()
        Revision.objects.filter(commented).update(
            comment=str(_("Details of an erased person were removed from this version."))
        )
        for form in forms:
            log_entries |= LogEntry.objects.filter(object_repr__icontains=form)
            LogEntry.objects.filter(change_message__icontains=form).update(change_message="")
        LogEntry.objects.filter(pk__in=log_entries.values("pk")).delete()
        delete_when_unreferenced(files)
    return count


def _written_forms(text: str) -> set[str]:
    # Change messages and serialized versions are JSON, where "Å" is written "\\u00c5".
    return {text, json.dumps(text)[1:-1]}


def _files_named(versions) -> set[tuple]:
    """``(storage, name)`` of every file the versions' file fields name."""
    files = set()
    for version in versions.select_related("content_type"):
        model = version.content_type.model_class()
        if model is None:
            continue
        fields = _version_fields(version.serialized_data)
        for field in file_fields(model):
            if name := fields.get(field.attname) or fields.get(field.name):
                files.add((field.storage, str(name)))
    return files


def _version_fields(serialized_data: str) -> dict:
    try:
        return json.loads(serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return {}

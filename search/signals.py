"""Keep the search index current: re-index what a save or delete made stale.

Re-indexing waits for the transaction to commit, so an admin save with its inlines is
indexed as stored, and nothing is indexed when the save rolls back. Re-indexing an object
that no longer exists (or is no longer published) removes its documents. What a delete
makes stale is worked out before the delete (``pre_delete``), while the rows that lead
from the deleted object to the documents (a theme's links to its meetings) still exist.

Code that changes rows past the signals (``bulk_create``, ``QuerySet.update()``, deleting
links through a many-to-many table) calls ``objects_changed()`` for what it changed.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete

from search.index import index_objects
from search.registry import providers

_connected = False


def _stale(sender, instance, **kwargs) -> None:
    label = sender._meta.label
    for provider in providers().values():
        find = provider.watch.get(label)
        if find is None:
            continue
        pks = set(find(instance))
        if pks:
            transaction.on_commit(partial(index_objects, provider.kind, pks), robust=True)


def _m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            _stale(type(instance), instance)
        return
    # Changed from the other side (theme.meetings.add(…)): the watched objects are ``model``'s
    # rows in ``pk_set``, or for a clear every row linked before the links go.
    if action in {"post_add", "post_remove"}:
        objects_changed(model, pk_set or ())
    elif action == "pre_clear":
        field = next(f for f in model._meta.many_to_many if f.remote_field.through is sender)
        owners = sender.objects.filter(
            **{f"{field.m2m_reverse_field_name()}_id": instance.pk}
        ).values_list(f"{field.m2m_field_name()}_id", flat=True)
        objects_changed(model, owners)


def objects_changed(model, pks) -> None:
    """Re-index (after the commit) whatever depends on these rows of ``model``, as a save
    of each would have."""
    for instance in model._default_manager.filter(pk__in=list(pks)):
        _stale(model, instance)


def connect() -> None:
    """Called once from KlossnetConfig.ready()."""
    global _connected
    if _connected:
        return
    _connected = True
    labels = {label for provider in providers().values() for label in provider.watch}
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(_stale, sender=model, dispatch_uid=f"search-save-{label}")
        pre_delete.connect(_stale, sender=model, dispatch_uid=f"search-delete-{label}")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"search-m2m-{label}-{m2m}")

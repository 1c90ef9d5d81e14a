"""Keep the search index current: re-index what a save or delete made stale.

Re-indexing waits for the transaction to commit, so an admin save with its inlines is
indexed as stored, and nothing is indexed when the save rolls back. Re-indexing an object
that no longer exists (or is no longer published) removes its documents.
"""

from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .registry import providers

_connected = False


def _stale(sender, instance, **kwargs) -> None:
    from .index import index_objects

    label = sender._meta.label
    for provider in providers().values():
        find = provider.watch.get(label)
        if find is None:
            continue
        pks = set(find(instance))
        if pks:
            transaction.on_commit(partial(index_objects, provider.kind, pks), robust=True)


def _m2m(sender, instance, action, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _stale(type(instance), instance)


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
        post_delete.connect(_stale, sender=model, dispatch_uid=f"search-delete-{label}")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"search-m2m-{label}-{m2m}")

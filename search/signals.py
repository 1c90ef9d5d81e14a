"""Keep the search index current: re-index what a save or delete made stale.

Re-indexing waits for the transaction to commit, so an admin save with its inlines is
indexed as stored, and nothing is indexed when the save rolls back. Re-indexing an object
that no longer exists (or is no longer published) removes its documents. What a delete
makes stale is worked out before the delete (``pre_delete``), while the rows that lead
from the deleted object to the documents (a theme's links to its meetings) still exist.

Code that changes rows past the signals (``bulk_create``, ``QuerySet.update()``, deleting
links through a many-to-many table) calls ``objects_changed()`` for what it changed.

What a transaction makes stale is gathered into one :class:`Batch` and re-indexed once,
after the commit: a round per kind instead of one per row. A batch of at most
``REINDEX_IN_REQUEST`` objects (a meeting saved with its agenda, a person, a page) is
re-indexed at once, so the next search finds the change; a larger one is handed to the
worker as one ``reindex_task``: an admin action on many rows (the admin's actions run in one
transaction, django-reversion's revision), ``load_klossnet`` (one transaction), a theme
merged or renamed that many meetings carry. Re-indexing costs about 0.1 s per kind and up
to 0.2 s per meeting, so a thousand rows would have held the request for minutes.
"""

import functools

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete

from core.tasks import enqueue_on_commit
from search.index import index_changed, reindex_task
from search.registry import providers

# Objects a batch re-indexes in the request; more go to the worker.
REINDEX_IN_REQUEST = 20

_connected = False


class Batch:
    """The objects made stale by one transaction, by kind; called once, after the commit,
    it re-indexes them (or has the worker do it).

    A save is noted as the saved object and looked up (which documents it makes stale: the
    providers' ``watch``) only when the batch runs, once per object however often it was
    saved: a meeting saved with its agenda asks for the meeting's documents once, and a
    transaction rolled back (every test in Django's TestCase) asks nothing. A delete is
    looked up at once, while the rows that lead to the documents still exist."""

    def __init__(self):
        self._objects: dict[str, set[int]] = {}
        self._saved: dict[tuple[str, object], models.Model] = {}
        self.done = False

    def add(self, kind: str, pks) -> None:
        self._objects.setdefault(kind, set()).update(pks)

    def saved(self, label: str, instance) -> None:
        self._saved[(label, instance.pk)] = instance

    def look_up(self, label: str, instance) -> None:
        """Add the documents each provider that watches ``label`` finds for ``instance``."""
        for provider in providers().values():
            find = provider.watch.get(label)
            if find is not None:
                self.add(provider.kind, find(instance))

    @property
    def objects(self) -> dict[str, set[int]]:
        """What the batch re-indexes, by kind, the saves looked up."""
        saved, self._saved = self._saved, {}
        for (label, _pk), instance in saved.items():
            if instance.pk is not None:  # else deleted since, and looked up as it happened
                self.look_up(label, instance)
        return self._objects

    def __len__(self) -> int:
        return sum(len(pks) for pks in self.objects.values())

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        objects = {kind: sorted(pks) for kind, pks in self.objects.items() if pks}
        if not objects:
            return
        if len(self) <= REINDEX_IN_REQUEST:
            index_changed(objects=objects)
        else:
            enqueue_on_commit(reindex_task, objects=objects)


def _batch() -> Batch:
    """The open transaction's batch, not yet run, or a new one."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, Batch) and not callback.done:
                return callback
    return Batch()


def _stale(sender, instance, signal=None, **kwargs) -> None:
    label = sender._meta.label
    if label not in _watched():
        return
    batch = _batch()
    if signal is pre_delete:
        batch.look_up(label, instance)
    else:
        batch.saved(label, instance)
    # Registered with every change, the batch runs once, at the first call after the
    # commit: a savepoint rolled back drops only the calls registered in it. Outside a
    # transaction, on_commit runs it at once.
    transaction.on_commit(batch, robust=True)


@functools.cache
def _watched() -> frozenset[str]:
    """The labels of the models some provider watches."""
    return frozenset(label for provider in providers().values() for label in provider.watch)


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
    for label in _watched():
        model = apps.get_model(label)
        post_save.connect(_stale, sender=model, dispatch_uid=f"search-save-{label}")
        pre_delete.connect(_stale, sender=model, dispatch_uid=f"search-delete-{label}")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                m2m_changed.connect(_m2m, sender=through, dispatch_uid=f"search-m2m-{label}-{m2m}")

"""Uploaded files belong to the rows that name them, and go with them.

Django never deletes a file: replacing a photo, clearing it, or deleting the row (or the
meeting it cascades from) leaves the old file in storage, public under ``media/`` and in every
backup. Here every model with a ``FileField`` or ``ImageField`` (members' photos, logos,
meeting photos and their renditions, documents, project results) gets signal handlers that,
once the transaction commits, delete the files the row no longer names:

- on save, the files the stored row named before and does not name now;
- on delete, every file it named.

A model whose row names more files than its file fields (``meetings.Photo`` keeps its AVIF
and WebP renditions in a JSON field) says so with a method ``extra_stored_files()`` returning
``(storage, name)`` pairs.

A file is deleted only when no row of any model names it any more (synthetic benchmark rows
share one image). Versions in the history (core/history.py) are not counted: restoring
an old version brings back its text, not a photo replaced since; erasing a person deletes
the files their purged versions name as well (:func:`delete_when_unreferenced`).
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save

logger = logging.getLogger(__name__)

_BEFORE = "_stored_files_before_save"
_connected = False


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def models_with_files() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and (file_fields(model) or hasattr(model, "extra_stored_files"))
    ]


def stored_files(instance: models.Model) -> set[tuple]:
    """``(storage, name)`` of every file the row names."""
    found = set()
    for field in file_fields(type(instance)):
        value = getattr(instance, field.attname)
        name = getattr(value, "name", value)
        if name:
            found.add((field.storage, str(name)))
    extra = getattr(instance, "extra_stored_files", None)
    if extra is not None:
        found.update((storage, name) for storage, name in extra() if name)
    return found


# Names asked about in one query: a photo has four file fields, so 4 × 200 parameters stay
# below SQLite's oldest limit of 999 bound variables.
REFERENCED_BATCH = 200


def referenced(names: Iterable[str]) -> set[str]:
    """Which of these files a row still names in one of its file fields: one query per
    model with file fields (per ``REFERENCED_BATCH`` names), however many files are asked."""
    names = sorted(set(names))
    found: set[str] = set()
    for start in range(0, len(names), REFERENCED_BATCH):
        batch = names[start : start + REFERENCED_BATCH]
        for model in models_with_files():
            columns = [field.attname for field in file_fields(model)]
            if not columns:
                continue
            q = models.Q()
            for column in columns:
                q |= models.Q(**{f"{column}__in": batch})
            for row in model._base_manager.filter(q).values_list(*columns):
                found.update(row)
    return found & set(names)


def _delete(files: Iterable[tuple], *, only_unreferenced: bool = True) -> None:
    files = set(files)
    try:
        kept = referenced(name for _storage, name in files) if only_unreferenced else set()
    except Exception:
        logger.exception("stored files: cannot tell which files rows still name; none deleted")
        return
    for storage, name in files:
        if name in kept:
            continue
        try:
            storage.delete(name)
        except Exception:
            # The row is saved; a storage outage must not turn that into an error page.
            # The file stays behind (an orphan), which the log says.
            logger.exception("stored files: cannot delete %s", name)


def delete_when_unreferenced(files: Iterable[tuple]) -> None:
    """Delete these ``(storage, name)`` files once the transaction commits, unless a row
    then still names them."""
    files = set(files)
    if files:
        transaction.on_commit(partial(_delete, files), robust=True)


def _remember(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance.__dict__.pop(_BEFORE, None)
    # A raw save (restoring a version from the history, loaddata) may overwrite a stored
    # row although the instance is new.
    if instance.pk is None or (instance._state.adding and not raw):
        return
    names = {f.attname for f in file_fields(sender)}
    if update_fields is not None and not hasattr(sender, "extra_stored_files"):
        if not names & set(update_fields):
            return
    before = sender._base_manager.filter(pk=instance.pk).first()
    if before is not None:
        instance.__dict__[_BEFORE] = stored_files(before)


def _saved(sender, instance, **kwargs) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if before:
        delete_when_unreferenced(before - stored_files(instance))


def _deleted(sender, instance, **kwargs) -> None:
    delete_when_unreferenced(stored_files(instance))


def connect() -> None:
    """Called once from KlossnetConfig.ready()."""
    global _connected
    if _connected:
        return
    _connected = True
    for model in models_with_files():
        label = model._meta.label
        pre_save.connect(_remember, sender=model, dispatch_uid=f"stored-files-pre-{label}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"stored-files-save-{label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"stored-files-delete-{label}")

"""What the site search indexes: each app says so in ``<app>/search_documents.py``.

That module defines ``PROVIDERS``, a list of :class:`Provider` instances. A provider turns
one object (a meeting, a person…) into at most one document per language, and names the
models whose changes make the document stale (``watch``).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule

from core import richtext


@dataclass(frozen=True)
class Entry:
    """A document in the reader's current language (the provider runs once per language)."""

    title: str
    body: str
    url: str
    members_only: bool = False
    # The publication window of the object (or of the meeting it belongs to).
    publish_from: datetime.datetime | None = None
    publish_until: datetime.datetime | None = None


class Provider:
    kind: str
    label: str  # lazily translated plural, e.g. "Meetings"
    position: int  # the order of the groups on the results page
    model: type[models.Model]
    # label ("app.Model") → function(instance) returning the pks of this provider's
    # objects to re-index when an instance of that model is saved or deleted.
    watch: dict[str, Callable[[models.Model], Iterable[int]]] = {}

    def queryset(self) -> models.QuerySet:
        """Every object that has a document, with what entry() needs prefetched."""
        raise NotImplementedError

    def entry(self, obj) -> Entry | None:
        raise NotImplementedError

    def __repr__(self):
        return f"<Provider {self.kind}>"


@cache
def providers() -> dict[str, Provider]:
    """Every app's providers by kind, in the order of the results page."""
    found: list[Provider] = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "search_documents"):
            module = import_module(f"{app_config.name}.search_documents")
            found.extend(module.PROVIDERS)
    return {p.kind: p for p in sorted(found, key=lambda p: p.position)}


def lines(*parts) -> str:
    """A document's body from its parts, one a line, the empty ones left out."""
    return "\n".join(str(part) for part in parts if part)


def plain(text: str | None) -> str:
    """Rich text without markup or HTML escapes (the index holds text, not HTML)."""
    return richtext.plain_lines(text)

"""Writing the search index: documents for changed objects, or the whole index anew."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, transaction
from django.db.models import F, Func, Q, TextField, Value
from django.utils import timezone, translation
from django_tasks import task

from core import pagecache
from search import text
from search.models import SearchDocument, SearchTerm, SqliteSearchEntry
from search.registry import Provider, providers

# The PostgreSQL text search configuration of each language; klossnet_english is english
# behind unaccent (migration 0002), so "Linkoping" finds "Linköping" in English.
PG_CONFIGS = {"sv": "swedish", "en": "klossnet_english"}
BATCH = 500


def _words(field: str) -> Func:
    # PostgreSQL's parser keeps e-mail addresses, URLs, file names and decimals as single
    # tokens; split them into words as text.WORD (and so SQLite) does.
    return Func(
        F(field),
        Value(r"[@./:_]+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _documents(provider: Provider, objects: Iterable) -> list[SearchDocument]:
    documents = []
    for language in languages():
        with translation.override(language):
            for obj in objects:
                entry = provider.entry(obj)
                if entry is None or not entry.title:
                    continue
                documents.append(
                    SearchDocument(
                        kind=provider.kind,
                        object_id=obj.pk,
                        language=language,
                        visibility=(
                            SearchDocument.Visibility.MEMBERS
                            if entry.members_only
                            else SearchDocument.Visibility.PUBLIC
                        ),
                        title=entry.title[:500],
                        # ts_headline marks hits with these two characters.
                        body=entry.body.replace("\u2983", "").replace("\u2984", ""),
                        url=entry.url,
                        publish_from=entry.publish_from,
                        publish_until=entry.publish_until,
                    )
                )
    return documents


def _remove(documents) -> set[tuple[str, str, str]]:
    """Delete the documents; return the vocabulary they held (see _prune_vocabulary)."""
    removed = list(documents.only("pk", "language", "visibility", "title", "body"))
    if not removed:
        return set()
    ids = [d.pk for d in removed]
    if connection.vendor == "sqlite":
        SqliteSearchEntry.objects.filter(document_id__in=ids).delete()
    SearchDocument.objects.filter(pk__in=ids).delete()
    return _terms(removed, published_only=False)


def _terms(documents, *, published_only: bool = True) -> set[tuple[str, str, str]]:
    """``(language, visibility, word)`` of every word worth suggesting in the documents."""
    # Words of scheduled documents are not suggested before they are published (the next
    # rebuild adds them).
    now = timezone.now()
    return {
        (d.language, d.visibility, word.lower())
        for d in documents
        if not published_only or d.publish_from is None or d.publish_from <= now
        for word in text.WORD.findall(f"{d.title} {d.body}")
        if 3 < len(word) <= 60 and not word.isdigit() and text.stem(word, d.language)
    }


def _vocabulary(documents: list[SearchDocument]) -> list[SearchTerm]:
    return [
        SearchTerm(language=lang, visibility=vis, word=word)
        for lang, vis, word in _terms(documents)
    ]


def _still_indexed(language: str, visibility: str, word: str) -> bool:
    """Does a document that may be suggested from still hold this very word?"""
    now = timezone.now()
    candidates = SearchDocument.objects.filter(
        Q(publish_from__isnull=True) | Q(publish_from__lte=now),
        language=language,
        visibility=visibility,
    )
    # The full-text index narrows the search to documents with a word of the same stem.
    if connection.vendor == "postgresql":
        candidates = candidates.filter(vector=SearchQuery(word, config=PG_CONFIGS[language]))
    elif connection.vendor == "sqlite":
        stem = text.stem(word, language)
        if not stem:
            return False
        candidates = candidates.filter(sqlite_entry__match=f'"{stem}"')
    exact = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)
    for title, body in candidates.values_list("title", "body").iterator(chunk_size=100):
        if exact.search(title) or exact.search(body):
            return True
    return False


def _prune_vocabulary(gone: set[tuple[str, str, str]]) -> None:
    """Forget the suggestion words no document holds any more.

    Without this, a deleted or erased person's name and title stayed a suggestion for
    every visitor ("Andrsson" → "andersson") until the next rebuild.
    """
    by_group: dict[tuple[str, str], set[str]] = {}
    for language, visibility, word in gone:
        by_group.setdefault((language, visibility), set()).add(word)
    for (language, visibility), words in by_group.items():
        stored = SearchTerm.objects.filter(
            language=language, visibility=visibility, word__in=words
        ).values_list("pk", "word")
        orphans = [pk for pk, word in stored if not _still_indexed(language, visibility, word)]
        SearchTerm.objects.filter(pk__in=orphans).delete()


def purge_deleted() -> None:
    """Make deleted documents unrecoverable from the index's own storage.

    SQLite's FTS5 keeps the words of a deleted row in its shadow tables (``…_data``) until
    its segments are merged; ``optimize`` merges them now. PostgreSQL keeps no copy outside
    the document rows. Called after an erasure (members.services.person_erase).
    """
    if connection.vendor == "sqlite":
        table = SqliteSearchEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


def _write(documents: list[SearchDocument]) -> None:
    created = SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
    SearchTerm.objects.bulk_create(_vocabulary(created), batch_size=BATCH, ignore_conflicts=True)
    if connection.vendor == "postgresql":
        for language, config in PG_CONFIGS.items():
            ids = [d.pk for d in created if d.language == language]
            if ids:
                SearchDocument.objects.filter(pk__in=ids).update(
                    vector=SearchVector(_words("title"), weight="A", config=config)
                    + SearchVector(_words("body"), weight="B", config=config)
                )
    elif connection.vendor == "sqlite":
        rows = [
            (
                d.pk,
                text.stemmed_text(d.title, d.language),
                text.stemmed_text(d.body, d.language),
            )
            for d in created
        ]
        table = SqliteSearchEntry._meta.db_table
        with connection.cursor() as cursor:
            # Django's flush empties only managed tables, so the full-text table may still
            # hold rows of documents that are gone, under ids the new documents reuse.
            cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", [(row[0],) for row in rows])
            cursor.executemany(
                f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)",
                rows,
            )


@transaction.atomic
def index_objects(kind: str, pks: Iterable[int]) -> None:
    """Bring the documents of these objects up to date (removing those no longer shown)."""
    pks = set(pks)
    if not pks:
        return
    provider = providers()[kind]
    gone = _remove(SearchDocument.objects.filter(kind=kind, object_id__in=pks))
    documents = _documents(provider, list(provider.queryset().filter(pk__in=pks)))
    _write(documents)
    _prune_vocabulary(gone - _terms(documents))
    # bulk_create sends no signals: cached search pages must go all the same.
    pagecache.content_changed()


def index_changed(*, objects: dict[str, list[int]]) -> int:
    """Bring the documents of these objects (``{kind: [pk, …]}``) up to date, one kind at a
    time; a kind no provider offers any more is skipped. Returns how many objects."""
    known = providers()
    for kind, pks in objects.items():
        if kind in known:
            index_objects(kind, pks)
    return sum(len(pks) for kind, pks in objects.items() if kind in known)


# Defined beside the work it does, as core/mail.py's tasks (search.signals enqueues it).
@task()
def reindex_task(*, objects: dict[str, list[int]]) -> int:
    """Re-index what a bulk change made stale (search.signals: more than
    ``REINDEX_IN_REQUEST`` objects in one transaction or request)."""
    return index_changed(objects=objects)


@transaction.atomic
def rebuild() -> int:
    """Empty the index and index everything again. Returns the number of documents."""
    if connection.vendor == "sqlite":
        SqliteSearchEntry.objects.all().delete()
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    count = 0
    for provider in providers().values():
        objects = list(provider.queryset())
        for start in range(0, len(objects), BATCH):
            documents = _documents(provider, objects[start : start + BATCH])
            _write(documents)
            count += len(documents)
    pagecache.content_changed()
    return count

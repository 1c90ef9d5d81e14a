"""The site search's index: one document per object and language, its vocabulary, and on
SQLite the FTS5 table that searches it. The tables keep the names they had when the search
was part of the project package (``klossnet_…``), so no data moved."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One entry in the site search: a page, meeting, person… in one language.

    Rows are derived data, written only by ``search.index`` (on save, and by
    ``manage.py rebuild_search_index``). On PostgreSQL ``vector`` holds the text search
    vector (GIN-indexed); on SQLite the FTS5 table behind :class:`SqliteSearchEntry` does.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=2)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    # Found only inside this window (that of the object, or of its meeting).
    publish_from = models.DateTimeField(_("publish from"), null=True, blank=True)
    publish_until = models.DateTimeField(_("publish until"), null=True, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "klossnet_searchdocument"
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="searchdocument_unique_object"
            )
        ]
        indexes = [models.Index(fields=["language", "visibility", "kind"])]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in the index: the vocabulary that no-hit suggestions come from.

    Words are only added (a rebuild starts afresh), and a word from members-only documents
    is suggested only to members.
    """

    language = models.CharField(_("language"), max_length=2)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=SearchDocument.Visibility.choices
    )
    word = models.CharField(_("word"), max_length=60)

    class Meta:
        db_table = "klossnet_searchterm"
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "visibility", "word"], name="searchterm_unique_word"
            )
        ]

    def __str__(self):
        return self.word


class FTS5MatchField(models.TextField):
    """The hidden column named like an FTS5 table: ``table MATCH 'query'`` searches it."""


@FTS5MatchField.register_lookup
class FTS5Match(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SqliteSearchEntry(models.Model):
    """A row of the SQLite FTS5 table (created by migration 0001 on SQLite only).

    It holds the stems of a document's title and body; ``rank`` is FTS5's bm25 score with
    the title weighted ten times the body (lower is better).
    """

    document = models.OneToOneField(
        SearchDocument,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="sqlite_entry",
    )
    title = models.TextField()
    body = models.TextField()
    match = FTS5MatchField(db_column="klossnet_search_fts", editable=False)
    rank = models.FloatField(editable=False)

    class Meta:
        managed = False
        db_table = "klossnet_search_fts"

    def __str__(self):
        return self.title

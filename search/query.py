"""Reading the search index: parse what the reader typed, find, rank, highlight, suggest."""

import difflib
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.publishing import window_q
from search import text
from search.index import PG_CONFIGS
from search.models import SearchDocument, SearchTerm
from search.registry import providers

MAX_LENGTH = 200
MAX_WORDS = 10
# ts_headline marks hits with characters that never occur in indexed text (see clean_text).
_START, _STOP = "\u2983", "\u2984"


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)  # normalised words, stop words removed
    stems: list[str] = field(default_factory=list)
    only_stopwords: bool = False

    def __bool__(self):
        return bool(self.words)


def parse(q: str, language: str) -> ParsedQuery:
    """The words of the query worth looking for. Syntax characters are only separators."""
    parsed = ParsedQuery()
    seen = set()
    all_words = text.WORD.findall(q)
    for word in all_words[:MAX_WORDS]:
        stem = text.stem(word, language)
        if stem and stem not in seen:
            seen.add(stem)
            parsed.words.append(text.normalize(word, language))
            parsed.stems.append(stem)
    parsed.only_stopwords = bool(all_words) and not parsed.words
    return parsed


def documents(*, language: str, include_members: bool) -> QuerySet[SearchDocument]:
    """The documents the reader may find in this language, now."""
    docs = SearchDocument.objects.filter(window_q(now=timezone.now()), language=language)
    if not include_members:
        docs = docs.filter(visibility=SearchDocument.Visibility.PUBLIC)
    return docs


def _kind_order():
    return Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(providers())),
        default=Value(len(providers())),
        output_field=IntegerField(),
    )


def _pg_query(parsed: ParsedQuery, language: str) -> SearchQuery:
    # Each word is a prefix of a stem, all words must occur. Words are letters and digits
    # only (text.WORD), so nothing the reader types is tsquery syntax.
    raw = " & ".join(f"'{word}':*" for word in parsed.words)
    return SearchQuery(raw, config=PG_CONFIGS[language], search_type="raw")


def _fts5_query(parsed: ParsedQuery) -> str:
    # Quoted stems followed by * are FTS5 prefix queries; AND/OR/NEAR inside quotes are words.
    return " AND ".join(f'"{stem}"*' for stem in parsed.stems)


def search(
    parsed: ParsedQuery, *, language: str, include_members: bool, kind: str | None = None
) -> QuerySet[SearchDocument]:
    """Matching documents grouped by kind (in the results page's order), best first."""
    docs = documents(language=language, include_members=include_members)
    if connection.vendor == "postgresql":
        query = _pg_query(parsed, language)
        docs = docs.filter(vector=query).annotate(
            score=-SearchRank(F("vector"), query),
            headline=SearchHeadline(
                "body",
                query,
                config=PG_CONFIGS[language],
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=15,
                max_fragments=1,
            ),
        )
    else:
        docs = docs.filter(sqlite_entry__match=_fts5_query(parsed)).annotate(
            score=F("sqlite_entry__rank")
        )
    if kind:
        docs = docs.filter(kind=kind)
    return docs.annotate(kind_order=_kind_order()).order_by("kind_order", "score", "title", "pk")


def kind_counts(results: QuerySet[SearchDocument]) -> dict[str, int]:
    rows = results.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    return dict(rows)


def snippet(document: SearchDocument, parsed: ParsedQuery) -> SafeString:
    """The highlighted excerpt of the body: ts_headline's on PostgreSQL, ours on SQLite."""
    headline = getattr(document, "headline", None)
    # PostgreSQL's parser keeps e-mail addresses and URLs whole, so a hit inside one is
    # not marked by ts_headline: such snippets come from our highlighter instead.
    if headline is not None and _START in headline:
        html = escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>")
        return mark_safe(html)  # noqa: S308 - escaped before the marks went in
    return text.snippet(document.body, parsed.stems, document.language)


def suggestions(q: str, *, language: str, include_members: bool, limit: int = 5) -> list[str]:
    """Words from the index the reader may see that look most like what was typed."""
    words = [w.lower() for w in text.WORD.findall(q) if len(w) > 2][:MAX_WORDS]
    if not words:
        return []
    # Candidates share the first letter and have about the same length (one query).
    near = Q()
    for word in words:
        near |= Q(word__startswith=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
    visibilities = [SearchDocument.Visibility.PUBLIC]
    if include_members:
        visibilities.append(SearchDocument.Visibility.MEMBERS)
    vocabulary = set(
        SearchTerm.objects.filter(language=language, visibility__in=visibilities)
        .annotate(length=Length("word"))
        .filter(near)
        .values_list("word", flat=True)
    )
    found: list[str] = []
    for word in words:
        for match in difflib.get_close_matches(word, vocabulary, n=limit, cutoff=0.75):
            if match not in found and match not in words:
                found.append(match)
    return found[:limit]

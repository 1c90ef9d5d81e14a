"""Words, stems and highlighting, the same way PostgreSQL's text search treats them.

PostgreSQL stems with its ``swedish`` configuration and with ``klossnet_english`` (``english``
behind ``unaccent``). On SQLite the index holds text stemmed here, with the same Snowball
release (snowballstemmer 2.2, the one PostgreSQL 13–17 ship) and the same stop-word lists
(``stopwords/*.txt`` are PostgreSQL's), so both backends find the same documents.

A query word matches every indexed stem that starts with the word's stem: "möten" (stem
"möt") finds "mötet", and "samverkan" finds the compound "samverkansarenor".
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

LANGUAGES = {"sv": "swedish", "en": "english"}
# Letters and digits; everything else (hyphens, quotes, *, :) separates words, as in
# PostgreSQL's parser. Query syntax characters therefore never reach a query language.
WORD = re.compile(r"[^\W_]+")
# Letters PostgreSQL's unaccent rules fold that Unicode decomposition does not.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"})


@cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(LANGUAGES[language])


@cache
def stopwords(language: str) -> frozenset[str]:
    path = Path(__file__).parent / "stopwords" / f"{language}.txt"
    return frozenset(line.strip() for line in path.read_text("utf-8").splitlines() if line.strip())


def fold(word: str) -> str:
    """Remove diacritics, as PostgreSQL's ``unaccent``: "Linköping" → "linkoping"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize(word: str, language: str) -> str:
    """Lower case; English text is also unaccented (å, ä and ö are letters in Swedish)."""
    word = word.lower()
    return fold(word) if language == "en" else word


@lru_cache(maxsize=100_000)
def stem(word: str, language: str) -> str | None:
    """The word's stem, or None for a stop word. Memoised: a text repeats its words, and
    Snowball in pure Python costs about 0.3 ms a word (most of indexing's time)."""
    word = normalize(word, language)
    if word in stopwords(language):
        return None
    return _stemmer(language).stemWord(word)


def stemmed_text(text: str, language: str) -> str:
    """The text as the space-separated stems the SQLite index holds."""
    stems = (stem(word, language) for word in WORD.findall(text or ""))
    return " ".join(s for s in stems if s)


def highlight(text: str, stems: list[str], language: str) -> SafeString:
    """The text, escaped, with each word whose stem starts with a query stem in <mark>."""
    return mark_safe("".join(_marked(text, stems, language)))  # noqa: S308 - escaped parts


def _is_hit(word: str, stems: list[str], language: str) -> bool:
    word_stem = stem(word, language)
    return bool(word_stem) and any(word_stem.startswith(s) for s in stems)


def _marked(text: str, stems: list[str], language: str):
    position = 0
    for match in WORD.finditer(text):
        yield escape(text[position : match.start()])
        word = escape(match.group())
        yield f"<mark>{word}</mark>" if _is_hit(match.group(), stems, language) else word
        position = match.end()
    yield escape(text[position:])


def snippet(text: str, stems: list[str], language: str, *, words: int = 30) -> SafeString:
    """About ``words`` words of the text around the first hit, highlighted."""
    matches = list(WORD.finditer(text or ""))
    if not matches:
        return mark_safe("")
    first = next((i for i, m in enumerate(matches) if _is_hit(m.group(), stems, language)), 0)
    start_index = max(0, first - words // 3)
    end_index = min(len(matches), start_index + words)
    start = matches[start_index].start()
    end = matches[end_index - 1].end()
    html = highlight(text[start:end], stems, language)
    prefix = "… " if start_index > 0 else ""
    suffix = " …" if end_index < len(matches) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - highlight() escaped it

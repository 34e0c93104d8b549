"""Indonesian text for search and related articles: Sastrawi stemming with stop words removed.
"berperang" and "perang" become the same term; "yang", "dan", "di" are dropped.

`analyze` is search's one analyzer: the index (`ArticlePage.search_stems`), the reader's query
(`warta.search.parsing`) and the snippet highlighter all go through it, so a story's own words
typed as a query always find it (docs/decisions/2026-12-05-one-search-analyzer.md). `stems`
keeps the related-articles behaviour (a stem that is a stop word is dropped too)."""

from __future__ import annotations

import re
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+(?:-[0-9A-Za-zÀ-ÿ]+)*")
MAX_WORD = 40


@lru_cache(maxsize=1)
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(StopWordRemoverFactory().get_stop_words())


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    return _stemmer().stem(word.lower()) or word.lower()


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if len(w) <= MAX_WORD]


def analyze(text: str) -> list[str]:
    """Search terms of `text`, in order: the stem of every word that is not a stop word.

    The stop-word test applies to the word as written only: "yang" and "berada" are dropped,
    but "terbaik" keeps its stem "baik" and "peringatan" its stem "ingat", though those stems
    are stop words when written alone."""
    stop = stop_words()
    out: list[str] = []
    for word in words(text):
        lowered = word.lower()
        if lowered not in stop:
            out.extend(stem_word(lowered).split())
    return out


def stems(text: str) -> list[str]:
    """Stems of the words in `text`, in order, without stop words."""
    stop = stop_words()
    out: list[str] = []
    for word in words(text):
        lowered = word.lower()
        if lowered in stop:
            continue
        out.extend(part for part in stem_word(lowered).split() if part not in stop)
    return out


def stem_text(text: str) -> str:
    """The search index's stems field: `analyze`, space-separated."""
    return " ".join(analyze(text))

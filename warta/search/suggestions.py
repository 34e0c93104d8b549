"""Typo suggestions ("Mungkin maksud Anda") from a site's own vocabulary.

Which typed words no story holds is asked of the database (`SearchWord`, indexed on site and
stem). For the correction each process holds, per site, a SymSpell-style deletion index over
the stems of four letters or more found in two stories or more: each stem is filed under
itself and every string one deletion away. A typed stem's own deletions looked up there give
every such stem within two edits (a substitution, an insertion, a deletion or a swap of two
neighbours, one each side), checked with the optimal string alignment distance. The nearest
stem wins, the one in most stories among equals. The index is rebuilt when the site's
`VocabularyVersion` moved (one primary-key query per lookup), at most every
`REFRESH_SECONDS` (a busy desk publishes every minute; a rebuild takes seconds at 20,000
stories), and only built on demand: on a page with no or partial results. A suggestion is shown
only when it finds published stories of the site, so a held index a few minutes old never
shows an unpublished story's word."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from django.db.models.functions import Length
from wagtail.models import Site

from warta.core.indonesia.text import analyze, stop_words, words
from warta.search.models import SearchWord, VocabularyVersion

MIN_SUGGEST = 4  # shorter words are too ambiguous to correct
# A stem in one story only is not suggested: half the vocabulary is names and typos met once,
# and leaving them out halves the index (docs/subsystems/search.md, measured).
MIN_STORIES = 2
REFRESH_SECONDS = 300
LONG_WORD = 7  # from this length two edits are allowed, below it one


@dataclass
class Vocabulary:
    version: int
    built: float = field(default_factory=time.monotonic)
    stories: dict[str, int] = field(default_factory=dict)  # stem -> stories holding it
    word: dict[str, str] = field(default_factory=dict)  # stem -> most written word
    deletes: dict[str, str] = field(default_factory=dict)  # key -> stems, space-separated
    _word_stories: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, stem: str, word: str, count: int) -> None:
        # A story files one word per stem, so the stem's stories are the sum over its words.
        self.stories[stem] = self.stories.get(stem, 0) + count
        if count > self._word_stories.get(stem, 0):
            self._word_stories[stem] = count
            self.word[stem] = word

    def index(self) -> None:
        rare = [stem for stem, n in self.stories.items() if n < MIN_STORIES]
        for stem in rare:  # held only while counting
            del self.stories[stem], self.word[stem]
        self._word_stories = {}
        deletes: dict[str, list[str]] = {}
        for stem in self.stories:
            for key in _deletions(stem):
                deletes.setdefault(key, []).append(stem)
        self.deletes = {key: " ".join(stems) for key, stems in deletes.items()}

    def nearest(self, stem: str) -> str | None:
        """The vocabulary's stem nearest `stem` (None when there is none close enough)."""
        if len(stem) < MIN_SUGGEST or stem in self.stories:
            return None
        limit = 2 if len(stem) >= LONG_WORD else 1
        candidates = {c for key in _deletions(stem) for c in self.deletes.get(key, "").split()}
        scored = []
        for candidate in candidates:
            distance = osa_distance(stem, candidate)
            if distance <= limit:
                scored.append((distance, -self.stories[candidate], candidate))
        return min(scored)[2] if scored else None


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


_held: dict[int, Vocabulary] = {}
_lock = threading.Lock()


def build_vocabulary(site_id: int, version: int) -> Vocabulary:
    vocabulary = Vocabulary(version=version)
    rows = (
        SearchWord.objects.filter(site_id=site_id)
        .annotate(length=Length("stem"))
        .filter(length__gte=MIN_SUGGEST)
        .values_list("stem", "word", "stories")
    )
    for stem, word, count in rows.iterator(chunk_size=5000):
        vocabulary.add(stem, word, count)
    vocabulary.index()
    return vocabulary


def vocabulary(site: Site) -> Vocabulary:
    """The site's vocabulary held by this process, rebuilt when stale."""
    version = (
        VocabularyVersion.objects.filter(site_id=site.pk).values_list("version", flat=True).first()
        or 0
    )
    held = _held.get(site.pk)
    stale = held is not None and time.monotonic() - held.built >= REFRESH_SECONDS
    if held is None or (held.version != version and stale):
        held = build_vocabulary(site.pk, version)
        with _lock:
            _held[site.pk] = held
    return held


def unknown_words(site: Site, text: str) -> list[str]:
    """The words of a query (as typed) that no published story of the site holds."""
    stop = stop_words()
    typed = {word: analyze(word) for word in words(text) if word.lower() not in stop}
    wanted = {s for stems in typed.values() for s in stems}
    known = set(
        SearchWord.objects.filter(site=site, stem__in=wanted).values_list("stem", flat=True)
    )
    return [word for word, stems in typed.items() if stems and not set(stems) <= known]


def suggest(site: Site, text: str) -> str | None:
    """`text` with each word no story holds replaced by the word most written for the nearest
    stem of the vocabulary; None when no word could be corrected."""
    held = vocabulary(site)
    replacements: dict[str, str] = {}
    for word in unknown_words(site, text):
        stems = analyze(word)
        nearest = held.nearest(stems[0]) if len(stems) == 1 else None
        if nearest is None:
            nearest = held.nearest(word.lower())  # an affix the stemmer could not take off
        if nearest is not None:
            replacements[word] = held.word[nearest]
    if not replacements:
        return None
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in replacements) + r")(?![\w-])"
    )
    return pattern.sub(lambda m: replacements[m.group(1)], text)

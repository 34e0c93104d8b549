"""Text features for ranking: stemmed term frequencies and named entities."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

from warta.core.indonesia.text import stems, stop_words

ENTITY = re.compile(r"\b([A-Z][a-zA-Z'’-]+(?:\s+(?:[A-Z][a-zA-Z'’-]+|bin|binti|van|de)){0,3})")
ENTITY_STOP = {
    "Menurut",
    "Namun",
    "Selain",
    "Sementara",
    "Dalam",
    "Para",
    "Sebelumnya",
    "Saat",
    "Kamis",
    "Jumat",
    "Senin",
    "Selasa",
    "Rabu",
    "Sabtu",
    "Minggu",
    "Baca",
    "Editor",
    "Foto",
    "Ia",
    "Dia",
    "Mereka",
    "Kami",
    "Kita",
    "Hal",
    "Pada",
    "Di",
    "Ke",
    "Dari",
    "Ini",
    "Itu",
    "Yang",
    "Dan",
    "Tak",
    "Tidak",
    "Bahkan",
    "Kemudian",
    "Hingga",
}
TOP_TERMS = 60
MIN_TERM = 3  # "as", "ri": too ambiguous to relate stories on


def term_frequencies(title: str, text: str) -> Counter:
    """Stem counts; the headline counts three times, as editors put the topic there."""
    counts = Counter(s for s in stems(text) if len(s) >= MIN_TERM)
    for stem in stems(title):
        if len(stem) >= MIN_TERM:
            counts[stem] += 3
    return counts


def entities(title: str, text: str, limit: int = 12) -> list[str]:
    stop = stop_words()
    found = Counter()
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", f"{title}.\n{text}"):
        for match in ENTITY.finditer(sentence):
            name = match.group(1).strip()
            words = name.split()
            while words and (words[0] in ENTITY_STOP or words[0].lower() in stop):
                words = words[1:]
            if not words or (len(words) == 1 and match.start() == 0 and sentence is not title):
                continue  # a capital at the start of a sentence is not a name
            name = " ".join(words)
            if len(name) > 2:
                found[name] += 1
    return [name for name, _ in found.most_common(limit)]


# Features beside the stems, told apart by their first character (stems never start with one):
ENTITY_MARK = "@"  # "@korea utara": a known name (gazetteer, recurring name, tag) or a new one
COLLOCATION_MARK = "~"  # "~gencatan senjata": a multi-word term
ENTITY_BOOST = 2.0  # a shared name says more than a shared word
COLLOCATION_BOOST = 1.5
TOP_FEATURES = 12  # of each kind, kept beside the TOP_TERMS stems
COLLOCATION_WORD = re.compile(r"[a-z0-9]+")
COLLOCATION_BREAK = re.compile(r"[.!?:;,\"“”()\n]")
MAX_COLLOCATION = 3


@lru_cache(maxsize=1)
def curated_collocations() -> frozenset[str]:
    """data/collocations.txt: terms kept even when a story says them once."""
    path = Path(__file__).resolve().parent / "data" / "collocations.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(" ".join(line.split()) for line in lines if line.strip()[:1] not in ("", "#"))


def collocations(title: str, text: str) -> Counter:
    """Multi-word terms of a story: adjacent word pairs (no stop word, no number, words of
    three letters or more, inside one sentence) that the story repeats (the headline counts
    as a mention), and any term of the curated list it contains. Counts are mentions; how
    specific a term is, the corpus's document frequency says (`tfidf`)."""
    stop = stop_words()
    curated = curated_collocations()
    counts: Counter = Counter()
    for part, mentions in ((title, 1), (text, 1)):
        for sentence in COLLOCATION_BREAK.split(part.lower()):
            words = COLLOCATION_WORD.findall(sentence)
            for i in range(len(words) - 1):
                for n in range(2, MAX_COLLOCATION + 1):
                    gram = words[i : i + n]
                    if len(gram) < n:
                        break
                    term = " ".join(gram)
                    if term in curated:
                        counts[term] += mentions + 2  # kept even when said once
                    elif n == 2 and all(
                        len(w) >= 3 and w not in stop and not w.isdigit() for w in gram
                    ):
                        counts[term] += mentions
    return Counter({t: c for t, c in counts.items() if c >= 2})


def tfidf(
    counts: Counter,
    documents: dict[str, int],
    total: int,
    *,
    names: Counter | None = None,
    terms: Counter | None = None,
) -> dict[str, float]:
    """L2-normalised TF-IDF over the top stems and, given `names` (entity keys and mentions)
    and `terms` (collocations), the top names (marked "@", weighted ENTITY_BOOST) and
    multi-word terms ("~", COLLOCATION_BOOST)."""

    def weigh(items: Counter, mark: str, boost: float, limit: int) -> dict[str, float]:
        weights = {}
        for term, count in items.items():
            feature = f"{mark}{term}"[:40]
            idf = math.log((1 + total) / (1 + documents.get(feature, 0))) + 1
            weights[feature] = boost * (1 + math.log(count)) * idf
        return dict(sorted(weights.items(), key=lambda kv: -kv[1])[:limit])

    top = weigh(counts, "", 1.0, TOP_TERMS)
    top.update(weigh(names or Counter(), ENTITY_MARK, ENTITY_BOOST, TOP_FEATURES))
    top.update(weigh(terms or Counter(), COLLOCATION_MARK, COLLOCATION_BOOST, TOP_FEATURES))
    norm = math.sqrt(sum(w * w for w in top.values())) or 1.0
    return {t: w / norm for t, w in top.items()}


def feature_terms(names: Counter, terms: Counter) -> list[str]:
    """The posting terms `tfidf` gives names and collocations (for document frequencies)."""
    return [f"{ENTITY_MARK}{n}"[:40] for n in names] + [
        f"{COLLOCATION_MARK}{t}"[:40] for t in terms
    ]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def title_key(title: str) -> str:
    return " ".join(re.findall(r"\w+", title.lower()))[:255]


SKETCH_SIZE = 64


def shingle_sketch(body: str, size: int = SKETCH_SIZE) -> list[int]:
    """Bottom-k MinHash sketch of the body's 3-word shingles: the same story rewritten with a
    new headline, or copied by another publisher, keeps most shingles."""
    tokens = [w.lower() for w in re.findall(r"\w+", body)]
    shingles = {" ".join(tokens[i : i + 3]) for i in range(max(0, len(tokens) - 2))}
    hashes = {zlib.crc32(s.encode()) for s in shingles}
    return sorted(hashes)[:size]


def jaccard(a: list[int], b: list[int], size: int = SKETCH_SIZE) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    mine, theirs = set(a), set(b)
    union_bottom = sorted(mine | theirs)[:size]
    return len(mine.intersection(theirs, union_bottom)) / len(union_bottom)


LEAD_TERMS = 40  # the lead: a rewrite states the same news in its first sentences
MAX_TERMS = 800


def _term_hash(term: str) -> int:
    return zlib.crc32(term.encode())


def story_terms(title: str, body: str, published: float | None = None) -> dict:
    """What the near-duplicate detector compares besides the shingle sketch: the headline's
    stems ("t"), the first stems of the body ("l"), hashes of every distinct body stem ("h",
    sorted, capped) and when the story appeared ("p", days since the epoch, or absent).
    Stems make "menggagalkan" and "gagalkan" one word, so a rewrite of a story by another
    publisher still shares its vocabulary when it shares few exact phrases."""
    body_stems = [s for s in stems(body) if len(s) >= MIN_TERM]
    found: dict = {
        "t": [s for s in stems(title) if len(s) >= MIN_TERM][:20],
        "l": body_stems[:LEAD_TERMS],
        "h": sorted({_term_hash(s) for s in body_stems})[:MAX_TERMS],
    }
    if published is not None:
        found["p"] = round(published, 3)
    return found

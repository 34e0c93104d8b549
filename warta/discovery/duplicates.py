"""The one near-duplicate detector: "is this the same story?" for the related lists, the
admin's duplicate warning, the wire inbox and search's collapsing of results. Every caller
goes through `fingerprint` / `same_story` / `collapse`, so improving the detector here
improves all of them.

Two versions of one story are rarely copies: another publisher rewrites the wire report, an
editor retitles it, a desk trims it. And two stories that share a lot of text are often not
the same story: a columnist's fixed opening, a daily price report, a K-pop teaser run, a
follow-up that repeats yesterday's lead. So the detector weighs several signals
(hand-judged pairs in `bench/judged/duplicate_pairs.jsonl`, see `bench/duplicates_eval.py`):

- the headlines' stems, and whether each headline's words appear in the other story's
  headline or lead (a rewrite tells the same news up front; another angle on the same event
  has a headline the other story never mentions);
- the leads' stems, and the whole bodies' stems (containment and overlap), which survive
  rewording where exact phrases do not;
- the exact-phrase sketch, which counts *against* a pair once the rest is known: text
  copied word for word while the headline and lead differ is a shared template;
- the time between the two (a later story on the same event is usually a follow-up).

The weights are a logistic model fitted on the tuning half of the judged pairs
(`bench/duplicates_fit.py` refits them and cross-validates); the score is 0..1 and
`WARTA_DUPLICATE_THRESHOLD` is the cut."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings

from warta.discovery import text

# Fitted on the tuning half of bench/judged/duplicate_pairs.jsonl (bench/duplicates_fit.py).
WEIGHTS = {
    "same_title": 1.88,
    "title_overlap": 0.26,
    "title_in_lead": 1.95,
    "lead_overlap": 1.82,
    "terms_contained": 0.32,
    "terms_overlap": 1.66,
    "phrases_overlap": -0.31,
    "days_apart": -4.81,
}
BIAS = -2.63
MAX_DAYS = 10.0
MIN_TERMS = 60  # distinct body stems a story needs before its overlap counts in full
COPY = 0.9  # estimated phrase overlap that makes two texts one story whatever else differs


def duplicate_threshold() -> float:
    """Score (0..1) at or above which two stories are the same story."""
    return getattr(settings, "WARTA_DUPLICATE_THRESHOLD", 0.5)


@dataclass(frozen=True)
class Fingerprint:
    """What the detector keeps of a story: its normalised headline, a MinHash sketch of its
    body's exact phrases and its stems (`text.story_terms`; stored on `ArticleProfile` and
    `IngestItem`). A fingerprint stored before the stems were kept has `terms == {}` and is
    compared the old way (same headline or nearly the same phrases)."""

    title_key: str
    sketch: list[int] = field(default_factory=list)
    terms: dict = field(default_factory=dict)

    @cached_property
    def heads(self) -> tuple[frozenset, frozenset]:
        """Headline stems and lead stems (built once per fingerprint: the wire inbox
        compares one new item against a week of them)."""
        return frozenset(self.terms.get("t", ())), frozenset(self.terms.get("l", ()))

    @cached_property
    def body(self) -> frozenset:
        """Hashes of the body's distinct stems."""
        return frozenset(self.terms.get("h", ()))

    @cached_property
    def head_words(self) -> frozenset:
        """Headline and lead stems together (where the other's headline is looked for)."""
        return self.heads[0] | self.heads[1]

    @cached_property
    def phrases(self) -> frozenset:
        """The sketch as a set."""
        return frozenset(self.sketch)


def fingerprint(title: str, body: str, published: float | None = None) -> Fingerprint:
    """`body` without the headline and summary: those differ between versions of a story.
    `published`: days since the epoch (`days`), when known."""
    return Fingerprint(
        text.title_key(title),
        text.shingle_sketch(body),
        text.story_terms(title, body, published),
    )


def days(moment) -> float | None:
    """A datetime as days since the epoch, for `fingerprint(published=…)`."""
    return moment.timestamp() / 86400 if moment is not None else None


def of(obj) -> Fingerprint:
    """The stored fingerprint of an `ArticleProfile` or an `IngestItem`."""
    return Fingerprint(
        obj.title_key or "", list(obj.sketch or []), dict(getattr(obj, "story_terms", {}) or {})
    )


def _head_features(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    """The signals read from headlines, leads and dates only (cheap: `_cannot_match`)."""
    ta, la = a.heads
    tb, lb = b.heads
    a_in_b, b_in_a = ta & b.head_words, tb & a.head_words
    leads = la & lb
    return {
        "same_title": float(bool(a.title_key) and a.title_key == b.title_key),
        "title_overlap": len(ta & tb) / len(ta | tb) if ta or tb else 0.0,
        "title_in_lead": min(
            len(a_in_b) / len(ta) if ta else 0.0, len(b_in_a) / len(tb) if tb else 0.0
        ),
        # Short texts share most of their few words by chance: the floors keep two
        # two-sentence items on one topic from looking like copies.
        "lead_overlap": len(leads) / text.LEAD_TERMS,
        "days_apart": _apart(a, b),
    }


def _phrases(a: Fingerprint, b: Fingerprint, at_least: float = 0.0) -> float:
    """`text.jaccard` of the two sketches, from their cached sets; 0.0 as soon as it is
    certainly below `at_least` (the estimate is at most shared / the larger sketch, so most
    pairs are settled by one set intersection: search collapses 30 results per query)."""
    both = a.phrases & b.phrases
    if not both or len(both) < at_least * max(len(a.phrases), len(b.phrases)):
        return 0.0
    union = sorted(a.phrases | b.phrases)[: text.SKETCH_SIZE]
    return len(both.intersection(union)) / len(union)


BODY_FEATURES = ("terms_contained", "terms_overlap", "phrases_overlap")
# The most the body signals can add to the score (each is at most 1).
_BEST_BODY = sum(max(WEIGHTS[name], 0.0) for name in BODY_FEATURES)


def features(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    """The signals the score weighs, each 0..1 (see the module docstring)."""
    return {**_head_features(a, b), **_body_features(a, b)}


def _body_features(a: Fingerprint, b: Fingerprint) -> dict[str, float]:
    ha, hb = a.body, b.body
    shared = ha & hb
    both_h = len(shared)
    return {
        "terms_contained": both_h / max(min(len(ha), len(hb)), MIN_TERMS),
        "terms_overlap": both_h / max(len(ha) + len(hb) - both_h, 2 * MIN_TERMS),
        "phrases_overlap": _phrases(a, b),
    }


def _apart(a: Fingerprint, b: Fingerprint) -> float:
    if "p" in a.terms and "p" in b.terms:
        return min(abs(a.terms["p"] - b.terms["p"]), MAX_DAYS) / MAX_DAYS
    return 0.0


def _cannot_match(a: Fingerprint, b: Fingerprint, cut: float) -> bool:
    """True when even the most favourable body signals could not lift the pair to `cut`:
    decided from the headlines, leads and dates alone, so most of a week's wire items are
    passed over without building their body-stem sets. Stories far enough apart in time
    (`_dated_bound`) are settled by their phrase sketches alone; closer pairs whose leads
    share half their stems (every copy does) always get the full comparison."""
    return _bounded(a, b, cut) is None


# The most the headline and lead signals other than `same_title` can add (each is at most 1).
_BEST_WORDS = sum(
    max(WEIGHTS[name], 0.0) for name in ("title_overlap", "title_in_lead", "lead_overlap")
)


def _dated_bound(a: Fingerprint, b: Fingerprint) -> float:
    """The highest score the model could give the pair, from the headline keys and the dates
    alone (no set is built): the rest of the signals at their best. Two stories a week apart
    cannot reach the usual cut this way, so search's collapse settles most of its ~400 pairs
    with one subtraction."""
    same = float(bool(a.title_key) and a.title_key == b.title_key)
    z = (
        BIAS
        + _BEST_BODY
        + _BEST_WORDS
        + WEIGHTS["same_title"] * same
        + WEIGHTS["days_apart"] * _apart(a, b)
    )
    return 1 / (1 + math.exp(-z))


def _bounded(a: Fingerprint, b: Fingerprint, cut: float) -> dict[str, float] | None:
    """The headline signals, or None when the pair cannot reach `cut` (`_cannot_match`)."""
    if _dated_bound(a, b) < cut:
        # Only a near-copy (`_score`) can still be the same story.
        need = max(COPY, cut)
        return _head_features(a, b) if _phrases(a, b, at_least=need) >= need else None
    heads = _head_features(a, b)
    la, lb = a.heads[1], b.heads[1]
    if not la or not lb or len(la & lb) >= len(la) // 2:
        return heads
    bound = BIAS + _BEST_BODY + sum(WEIGHTS[name] * value for name, value in heads.items())
    if 1 / (1 + math.exp(-bound)) >= cut:
        return heads
    # A near-copy scores its phrase overlap whatever the model says (`_score`); the
    # 64-hash sketches are cheap next to the body's stem sets.
    need = max(COPY, cut)
    return heads if _phrases(a, b, at_least=need) >= need else None


def _score(found: dict[str, float]) -> float:
    z = BIAS + sum(WEIGHTS[name] * value for name, value in found.items())
    score = 1 / (1 + math.exp(-z))
    copied = found["phrases_overlap"]
    return max(score, copied) if copied >= COPY else score


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """0..1: how likely the two are the same story."""
    if not a.terms or not b.terms:
        if a.title_key and a.title_key == b.title_key:
            return 1.0
        return text.jaccard(a.sketch, b.sketch)
    return _score(features(a, b))


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    cut = duplicate_threshold()
    if not a.terms or not b.terms:
        return similarity(a, b) >= cut
    heads = _bounded(a, b, cut)
    return heads is not None and _score({**heads, **_body_features(a, b)}) >= cut


def collapse(ids: Sequence[int]) -> list[tuple[int, list[int]]]:
    """Story ids in the order given, each with the later ids that are the same story:
    [(shown, [copies…]), …]. Stories without a profile are never collapsed."""
    from warta.discovery.models import ArticleProfile

    prints = {
        p.article_id: of(p)
        for p in ArticleProfile.objects.filter(article_id__in=list(ids)).only(
            "article_id", "title_key", "sketch", "story_terms"
        )
    }
    groups: list[tuple[int, list[int]]] = []
    for pk in ids:
        mine = prints.get(pk)
        for leader, copies in groups:
            theirs = prints.get(leader)
            if mine is not None and theirs is not None and same_story(mine, theirs):
                copies.append(pk)
                break
        else:
            groups.append((pk, []))
    return groups

"""The one near-duplicate detector: "is this the same story?" for the related lists, the
admin's duplicate warning, the wire inbox and search's collapsing of results. Every caller
goes through `fingerprint` / `same_story` / `collapse`, so improving the detector here
improves all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings

from warta.discovery import text


def duplicate_threshold() -> float:
    """Estimated Jaccard overlap of body shingles above which two stories are the same."""
    return getattr(settings, "WARTA_DUPLICATE_THRESHOLD", 0.8)


@dataclass(frozen=True)
class Fingerprint:
    """What the detector keeps of a story: its normalised headline and a MinHash sketch of
    its body (stored on `ArticleProfile` and `IngestItem`)."""

    title_key: str
    sketch: list[int] = field(default_factory=list)


def fingerprint(title: str, body: str) -> Fingerprint:
    """`body` without the headline and summary: those differ between versions of a story."""
    return Fingerprint(text.title_key(title), text.shingle_sketch(body))


def of(obj) -> Fingerprint:
    """The stored fingerprint of an `ArticleProfile` or an `IngestItem`."""
    return Fingerprint(obj.title_key or "", list(obj.sketch or []))


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """0..1; 1.0 for the same headline."""
    if a.title_key and a.title_key == b.title_key:
        return 1.0
    return text.jaccard(a.sketch, b.sketch)


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    return similarity(a, b) >= duplicate_threshold()


def collapse(ids: Sequence[int]) -> list[tuple[int, list[int]]]:
    """Story ids in the order given, each with the later ids that are the same story:
    [(shown, [copies…]), …]. Stories without a profile are never collapsed."""
    from warta.discovery.models import ArticleProfile

    prints = {
        p.article_id: of(p)
        for p in ArticleProfile.objects.filter(article_id__in=list(ids)).only(
            "article_id", "title_key", "sketch"
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

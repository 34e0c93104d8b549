"""Related-articles and duplicate-detection benchmark. Loads a corpus shaped like
articles.dev.jsonl.gz into a throwaway database, runs Warta's real indexing, ranking and
duplicate code, and prints, as the last line, JSON with Warta's figures beside the baseline
("newest in the same channel", as iNews.id does: for duplicates, that baseline takes a story's
newest same-channel neighbour as its copy) and, as a stricter reference, exact-headline match.

    .venv/bin/python bench/related_eval.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --groups ../shared/data/click-id/duplicate_groups.jsonl [--limit N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--groups", type=Path)
    parser.add_argument("--limit", type=int, help="load only the first N articles")
    parser.add_argument("--database-url")
    parser.add_argument("--dump-sample", type=Path, help="write 40 stories with both top-5 lists")
    parser.add_argument("--judgments", type=Path, help="hand judgments: precision@5 from them")
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731

    corpus.setup_django(args.database_url)
    keep = {m for group in corpus.read_groups(args.groups) for m in group}
    rows = corpus.read_articles(args.articles, args.limit, keep)
    # Duplicate groups must be in the slice to count.
    ids = corpus.load(rows, log=say)
    from warta.articles.models import ArticlePage
    from warta.discovery import duplicates as same_story
    from warta.discovery import text
    from warta.discovery.services import index_article, rank_related, refresh_related, store_related

    by_pk = {pk: cid for cid, pk in ids.items()}
    meta = {r["id"]: r for r in rows}
    started = time.monotonic()
    for n, pk in enumerate(ids.values(), 1):
        index_article(ArticlePage.objects.get(pk=pk))
        if n % 2000 == 0:
            say(f"  indexed {n}/{len(ids)}")
    index_seconds = time.monotonic() - started

    started = time.monotonic()
    related: dict[str, list[str]] = {}
    predicted_dups: set[frozenset] = set()
    overlaps: dict[frozenset, float] = {}
    for n, article in enumerate(
        ArticlePage.objects.live().select_related("profile").iterator(chunk_size=500), 1
    ):
        scored, duplicates = rank_related(article, article.profile)
        stored = store_related(article, scored)  # what readers see: pins, no copies
        source = by_pk[article.pk]
        related[source] = [by_pk[entry.target_id] for entry in stored]
        for story, _ in duplicates:
            predicted_dups.add(frozenset((source, by_pk[story.pk])))
        # The sweep scores the story's copies and its 20 best related candidates with the
        # same detector (`discovery.duplicates`), so cuts below the threshold mean something.
        mine = same_story.of(article.profile)
        for story in [s for s, _ in duplicates] + [item.article for item in scored[:20]]:
            other = getattr(story, "profile", None)
            if other is None:
                continue
            pair = frozenset((source, by_pk[story.pk]))
            overlaps[pair] = max(
                overlaps.get(pair, 0.0), same_story.similarity(mine, same_story.of(other))
            )
        if n % 1000 == 0:
            say(f"  ranked {n}/{len(ids)} ({n / (time.monotonic() - started):.0f}/s)")
    rank_seconds = time.monotonic() - started

    # Cost of adding one more story to the full index (index + rank + neighbours' lists).
    sample = ArticlePage.objects.live().order_by("-pk").first()
    started = time.perf_counter()
    refresh_related(sample)
    add_seconds = time.perf_counter() - started

    # Baseline: the 5 newest other stories of the same channel.
    by_channel: dict[str, list[dict]] = {}
    for row in rows:
        by_channel.setdefault(row["channel"], []).append(row)
    for items in by_channel.values():
        items.sort(key=lambda r: (r["date"], r.get("time") or ""), reverse=True)
    baseline = {
        r["id"]: [o["id"] for o in by_channel[r["channel"]] if o["id"] != r["id"]][:5] for r in rows
    }

    entity_cache: dict[str, set] = {}

    def names(cid: str) -> set:
        if cid not in entity_cache:
            row = meta[cid]
            entity_cache[cid] = set(text.entities(row["title"], row["body"][:3000]))
        return entity_cache[cid]

    def figures(lists: dict[str, list[str]]) -> dict:
        same_channel = same_week = shared_name = total = 0
        for source, items in lists.items():
            day = meta[source]["date"]
            for item in items:
                total += 1
                same_channel += meta[item]["channel"] == meta[source]["channel"]
                gap = abs(
                    (
                        corpus.datetime.fromisoformat(meta[item]["date"])
                        - corpus.datetime.fromisoformat(day)
                    ).days
                )
                same_week += gap <= 7
                shared_name += bool(names(source) & names(item))
        total = total or 1
        return {
            "channel_at5": round(same_channel / total, 4),
            "same_week_at5": round(same_week / total, 4),
            "shared_entity_at5": round(shared_name / total, 4),
            "items": total,
        }

    truth: set[frozenset] = set()
    for members in corpus.read_groups(args.groups):
        present = [m for m in members if m in ids]
        truth |= {frozenset((a, b)) for a in present for b in present if a < b}
    titles: dict[str, list[str]] = {}
    for row in rows:
        titles.setdefault(text.title_key(row["title"]), []).append(row["id"])
    exact_title_dups = {
        frozenset((a, b)) for group in titles.values() for a in group for b in group if a < b
    }
    baseline_dups = {frozenset((s, items[0])) for s, items in baseline.items() if items}

    def dup_scores(predicted: set) -> dict:
        hits = len(predicted & truth)
        return {
            "dup_precision": round(hits / len(predicted), 4) if predicted else None,
            "dup_recall": round(hits / len(truth), 4) if truth else None,
            "dup_pairs_predicted": len(predicted),
        }

    sweep = {
        str(t): dup_scores({p for p, o in overlaps.items() if o >= t})
        for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    }
    if args.dump_sample:
        import random

        candidates = sorted(s for s, items in related.items() if len(items) == 5)
        sample = random.Random(40).sample(candidates, min(40, len(candidates)))

        def brief(cid: str) -> dict:
            return {"id": cid, "title": meta[cid]["title"], "lead": meta[cid]["body"][:160]}

        dump = [
            {
                "story": brief(s),
                "warta": [brief(i) for i in related[s]],
                "baseline": [brief(i) for i in baseline[s]],
            }
            for s in sample
        ]
        args.dump_sample.write_text(json.dumps(dump, ensure_ascii=False, indent=1))
    judged = None
    if args.judgments and args.judgments.exists():
        # {"story id": {"related id": true|false, ...}, ...}: relevant = same event, topic,
        # people or place, judged by reading headline and lead.
        marks = json.loads(args.judgments.read_text())

        def precision(lists: dict[str, list[str]]) -> float | None:
            hits = total = 0
            for story, verdicts in marks.items():
                for item in lists.get(story, [])[:5]:
                    if item in verdicts:
                        total += 1
                        hits += bool(verdicts[item])
            return round(hits / total, 4) if total else None

        judged = {
            "stories": len(marks),
            "warta": precision(related),
            "baseline": precision(baseline),
        }

    result = {
        "benchmark": "related_eval",
        "articles": len(rows),
        "duplicate_pairs_in_slice": len(truth),
        "index_seconds": round(index_seconds, 1),
        "rank_seconds": round(rank_seconds, 1),
        "add_one_story_seconds": round(add_seconds, 3),
        "warta": {**figures(related), **dup_scores(predicted_dups)},
        "baseline_newest_in_channel": {**figures(baseline), **dup_scores(baseline_dups)},
        "reference_exact_headline_duplicates": dup_scores(exact_title_dups),
        "duplicate_threshold_sweep": sweep,
        "judged_precision_at5": judged,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

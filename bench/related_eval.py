"""Related-articles and duplicate-detection benchmark. Loads a corpus shaped like
articles.dev.jsonl.gz into a throwaway database, runs Warta's real indexing, ranking and
duplicate code, and prints, as the last line, JSON with Warta's figures beside the baseline
("newest in the same channel", as iNews.id does: for duplicates, that baseline takes a story's
newest same-channel neighbour as its copy) and, as a stricter reference, exact-headline match.

    .venv/bin/python bench/related_eval.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --groups ../shared/data/click-id/duplicate_groups.jsonl [--limit N] [--database-url URL]

Blind judging (issue #23): `--blind-pool` writes bench/judged/related_blind_pool.json (the
pooled, shuffled (story, suggestion) pairs of both systems, without saying which proposed
them) and the private key related_blind_key.json, for the stories the plan file
(related_blind_plan.json: seed and slice, fixed before any list was produced) picks. A judge
fills related_blind_judgments.json ({item id: true/false}); then

    .venv/bin/python bench/related_eval.py \
        --blind-judgments bench/judged/related_blind_judgments.json

scores precision@5 per system from the three files alone (no corpus, no database).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "judged"
SYSTEMS = ("warta", "baseline")


def score_blind(key_path: Path, judgments_path: Path) -> dict:
    """Precision@5 per system from the key (item -> which lists held it) and the judge's
    marks. A list shorter than five counts as its items only; mean list length beside it."""
    key = json.loads(key_path.read_text())
    marks = json.loads(judgments_path.read_text())
    marks = marks.get("judgments", marks)
    out: dict = {"benchmark": "related_eval_blind", "stories": len(key["lists"])}
    missing = sorted(i for i in key["items"] if i not in marks)
    for system in SYSTEMS:
        hits = shown = judged = 0
        for lists in key["lists"].values():
            for item in lists[system]:
                shown += 1
                if item in marks:
                    judged += 1
                    hits += bool(marks[item])
        out[system] = {
            "precision_at5": round(hits / judged, 4) if judged else None,
            "relevant": hits,
            "judged_items": judged,
            "items_shown": shown,
            "mean_list_length": round(shown / max(len(key["lists"]), 1), 2),
            "empty_lists": sum(1 for lists in key["lists"].values() if not lists[system]),
        }
    out["unjudged_items"] = len(missing)
    return out


def newest_in_channel(rows: list[dict]) -> dict[str, list[str]]:
    """Baseline: the 5 newest other stories of the same channel."""
    by_channel: dict[str, list[dict]] = {}
    for row in rows:
        by_channel.setdefault(row["channel"], []).append(row)
    for items in by_channel.values():
        items.sort(key=lambda r: (r["date"], r.get("time") or ""), reverse=True)
    return {
        r["id"]: [o["id"] for o in by_channel[r["channel"]] if o["id"] != r["id"]][:5] for r in rows
    }


def planned_stories(args, plan: dict, ids, keep: set[str]) -> list[str]:
    pool_ids = set(ids)
    if plan.get("exclude_limit"):
        dev = corpus.read_articles(args.articles, plan["exclude_limit"], keep)
        pool_ids -= {r["id"] for r in dev}
    for earlier in plan.get("exclude_keys", []):  # stories an earlier round judged
        pool_ids -= set(json.loads((JUDGED / earlier).read_text())["lists"])
    return random.Random(plan["seed"]).sample(sorted(pool_ids), plan["stories"])


def pool_from_stored_lists(args) -> None:
    """The blind pool from a database a full run of the same slice left: each planned story's
    stored list (what readers see) beside the baseline."""
    corpus.setup_django(args.reuse_database, reuse=True)
    from warta.articles.models import ArticlePage, RelatedArticle

    keep = {m for group in corpus.read_groups(args.groups) for m in group}
    rows = corpus.read_articles(args.articles, args.limit, keep)
    meta = {r["id"]: r for r in rows}
    pk_of = dict(ArticlePage.objects.values_list("slug", "pk"))
    missing = [r["id"] for r in rows if r["id"] not in pk_of]
    if missing:
        raise SystemExit(f"{len(missing)} stories of the slice are not in that database")
    slug_of = {pk: slug for slug, pk in pk_of.items()}
    plan = json.loads(args.plan.read_text())
    chosen = planned_stories(args, plan, [r["id"] for r in rows], keep)
    baseline = newest_in_channel(rows)
    lists = {}
    for story in chosen:
        if args.rerank:
            # The current ranking over that database's index, as store_related would keep it.
            from warta.discovery.services import rank_related, stored_choice

            article = ArticlePage.objects.select_related("profile").get(pk=pk_of[story])
            warta = [
                slug_of[i.article.pk]
                for i in stored_choice(rank_related(article, article.profile)[0])
            ]
        else:
            stored = RelatedArticle.objects.filter(source_id=pk_of[story]).order_by("rank")
            warta = [slug_of[e.target_id] for e in stored]
        lists[story] = {"warta": warta, "baseline": baseline[story]}
    write_blind_pool(plan, lists, meta, args.key)
    shown = sum(len(v["warta"]) for v in lists.values())
    print(
        json.dumps(
            {
                "benchmark": "related_eval_blind_pool",
                "stories": len(lists),
                "warta_items": shown,
                "articles": len(rows),
            }
        )
    )


def write_blind_pool(
    plan: dict, lists: dict[str, dict[str, list[str]]], meta: dict, key_path: Path | None = None
) -> None:
    """Pool both systems' lists for the planned stories, shuffle, strip the systems."""

    def brief(cid: str) -> tuple[str, str]:
        return meta[cid]["title"], " ".join(meta[cid]["body"].split())[:400]

    pairs: dict[tuple[str, str], list[str]] = {}
    for story, by_system in lists.items():
        for system in SYSTEMS:
            for item in by_system[system]:
                pairs.setdefault((story, item), []).append(system)
    order = sorted(pairs)
    random.Random(plan["seed"] + 1).shuffle(order)
    ids = {pair: f"r{n:04d}" for n, pair in enumerate(order, 1)}
    items = []
    for pair in order:
        story_title, story_text = brief(pair[0])
        title, lead = brief(pair[1])
        items.append(
            {
                "item": ids[pair],
                "story_id": pair[0],
                "story_title": story_title,
                "story_text": story_text,
                "suggestion_id": pair[1],
                "suggestion_title": title,
                "suggestion_text": lead,
            }
        )
    rule = (
        "Mark an item true when the suggestion is genuinely related to the story: the same "
        "event, its follow-up or background, or the same specific people, place or issue. The "
        "same broad section alone (another drama, another drug case, another match) is false."
    )
    pool = {"rule": rule, "plan": plan, "items": items}
    key_path = key_path or JUDGED / "related_blind_key.json"
    pool_path = key_path.with_name(key_path.name.replace("_key.json", "_pool.json"))
    pool_path.write_text(json.dumps(pool, ensure_ascii=False, indent=1))
    key = {
        "plan": plan,
        "items": {
            ids[p]: {"story": p[0], "suggestion": p[1], "systems": s} for p, s in pairs.items()
        },
        "lists": {
            story: {system: [ids[(story, i)] for i in by_system[system]] for system in SYSTEMS}
            for story, by_system in lists.items()
        },
    }
    key_path.write_text(json.dumps(key, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path)
    parser.add_argument("--groups", type=Path)
    parser.add_argument("--limit", type=int, help="load only the first N articles")
    parser.add_argument("--database-url")
    parser.add_argument("--dump-sample", type=Path, help="write 40 stories with both top-5 lists")
    parser.add_argument("--judgments", type=Path, help="hand judgments: precision@5 from them")
    parser.add_argument("--blind-pool", action="store_true", help="write the blind pool and key")
    parser.add_argument("--plan", type=Path, default=JUDGED / "related_blind_plan.json")
    parser.add_argument("--blind-judgments", type=Path, help="score the judged blind pool")
    parser.add_argument("--key", type=Path, default=JUDGED / "related_blind_key.json")
    parser.add_argument(
        "--rerank",
        action="store_true",
        help="with --reuse-database: rank the planned stories with the current code instead of "
        "reading the lists that database stored",
    )
    parser.add_argument(
        "--reuse-database",
        help="with --blind-pool: a database an earlier run of the same slice loaded, indexed "
        "and ranked (sqlite:///path); the pool takes its stored lists instead of rebuilding",
    )
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731
    if args.blind_judgments:
        print(json.dumps(score_blind(args.key, args.blind_judgments)))
        return
    if args.articles is None:
        parser.error("--articles is required unless scoring --blind-judgments")
    if args.reuse_database:
        if not args.blind_pool:
            parser.error("--reuse-database only serves --blind-pool")
        pool_from_stored_lists(args)
        return

    corpus.setup_django(args.database_url)
    keep = {m for group in corpus.read_groups(args.groups) for m in group}
    rows = corpus.read_articles(args.articles, args.limit, keep)
    # Duplicate groups must be in the slice to count.
    ids = corpus.load(rows, log=say)
    from warta.articles.models import ArticlePage
    from warta.discovery import duplicates as same_story
    from warta.discovery import text
    from warta.discovery.services import (
        index_article,
        rank_related,
        refresh_related,
        refresh_story_names,
        store_related,
    )

    started = time.monotonic()
    recurring = refresh_story_names()
    names_seconds = time.monotonic() - started
    say(f"  {recurring} recurring names")
    by_pk = {pk: cid for cid, pk in ids.items()}
    meta = {r["id"]: r for r in rows}
    started = time.monotonic()
    for n, pk in enumerate(ids.values(), 1):
        index_article(ArticlePage.objects.get(pk=pk))
        if n % 2000 == 0:
            say(f"  indexed {n}/{len(ids)}")
    index_seconds = time.monotonic() - started
    index_ms_per_story = 1000 * index_seconds / max(len(ids), 1)

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

    baseline = newest_in_channel(rows)

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

        def precision(lists: dict[str, list[str]]) -> dict:
            hits = total = shown = 0
            for story, verdicts in marks.items():
                for item in lists.get(story, [])[:5]:
                    shown += 1
                    if item in verdicts:
                        total += 1
                        hits += bool(verdicts[item])
            return {
                "precision": round(hits / total, 4) if total else None,
                "judged": total,
                "shown": shown,
                "mean_list_length": round(shown / max(len(marks), 1), 2),
            }

        judged = {
            "stories": len(marks),
            "warta": precision(related),
            "baseline": precision(baseline),
        }
        unjudged = {
            s: [
                {"id": i, "title": meta[i]["title"], "lead": meta[i]["body"][:160]}
                for i in related.get(s, [])
                if i not in v
            ]
            for s, v in marks.items()
        }
        unjudged = {s: items for s, items in unjudged.items() if items}
        if unjudged:
            stories = {s: meta[s]["title"] for s in unjudged}
            Path(str(args.judgments) + ".unjudged").write_text(
                json.dumps({"stories": stories, "items": unjudged}, ensure_ascii=False, indent=1)
            )
    if args.blind_pool:
        plan = json.loads(args.plan.read_text())
        chosen = planned_stories(args, plan, list(ids), keep)
        write_blind_pool(
            plan, {s: {"warta": related[s], "baseline": baseline[s]} for s in chosen}, meta
        )

    result = {
        "benchmark": "related_eval",
        "articles": len(rows),
        "duplicate_pairs_in_slice": len(truth),
        "story_names_seconds": round(names_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "index_ms_per_story": round(index_ms_per_story, 1),
        "rank_ms_per_story": round(1000 * rank_seconds / max(len(ids), 1), 1),
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

"""Tag suggestions measured on a corpus shaped like click-id's articles.dev.jsonl.gz (never
the encrypted hold-out files). No database: the same pure functions the editor's suggestions
and `warta refresh_story_names` call.

Method. Stories with a body of 300+ characters are split by a hash of their id: every tenth
is held out (capped by --stories). The recurring-names list is built from the other stories
(`discovery.story_names.recurring_names`, at least --min-stories stories); the lexicon is the
shipped gazetteer (provinces, regencies and cities, countries, organisations) plus that list.

Reference ("the topics a held-out story's text names"): the known names (gazetteer or
recurring names, aliases resolved: "Korut" is "Korea Utara") that its headline names. The
headline is where an editor puts the story's subject, so those names are the tags it should
get. Suggestions are computed from the body alone (headline withheld), so the reference is
not an input; stories whose headline names no known name are skipped. Click-id's scraper
dropped the words inside links, often the tagged names, so some reference names are
missing from the body: recall is a lower bound, and so is precision, since a body can rightly
name more subjects than its headline.

Figures: precision@5 (reference names among the first five suggestions / suggestions shown,
at most five), strict precision@5 (/ 5), recall@5 (reference names found / reference names),
hit@5 (a reference name among the five), time per story for `suggest`. Baseline: the top
five of `discovery.text.entities` (capitalised runs by frequency, used for related stories),
mapped through the same aliases. JSON last.

    .venv/bin/python bench/tag_suggestions.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz [--stories 1000]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warta.discovery import text as related_text  # noqa: E402
from warta.discovery.entities import KnownName, Lexicon, key, known_in, suggest  # noqa: E402
from warta.discovery.gazetteer import known_names  # noqa: E402
from warta.discovery.story_names import recurring_names  # noqa: E402


def held_out(story_id: str) -> bool:
    return int(hashlib.sha1(f"warta-tags:{story_id}".encode()).hexdigest(), 16) % 10 == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=1000, help="held-out stories, at most")
    parser.add_argument("--min-stories", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print N stories with both lists")
    parser.add_argument(
        "--dump-sample",
        type=Path,
        help="write 25 held-out stories with their leads to judge (not for the repository: "
        "the texts are the publishers')",
    )
    parser.add_argument("--judgments", type=Path, help="hand judgments: precision@5 from them")
    args = parser.parse_args()
    if args.articles.suffix == ".enc":
        parser.error("the encrypted hold-out is for independent scoring, not for this bench")
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731

    ids: dict[tuple[str, str], str] = {}
    train: list[tuple[str, str]] = []
    test: list[tuple[str, str]] = []
    with gzip.open(args.articles, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if len(row["body"] or "") < 300:
                continue
            pair = (row["title"], row["body"])
            (test if held_out(row["id"]) else train).append(pair)
            ids[pair] = row["id"]
    test = test[: args.stories]
    started = time.perf_counter()
    gazetteer = Lexicon(known_names())
    names = recurring_names(train, min_stories=args.min_stories, known=gazetteer)
    build_seconds = time.perf_counter() - started
    say(f"{len(names)} recurring names from {len(train)} stories in {build_seconds:.1f} s")
    lexicon = Lexicon([*known_names(), *(KnownName(n.name, "tokoh") for n in names)])

    def canonical(name: str) -> str:
        hit = lexicon.entries.get(key(name))
        return hit[0].name if hit else name

    totals = {"warta": [0.0, 0.0, 0.0, 0.0], "baseline": [0.0, 0.0, 0.0, 0.0]}
    scored = 0
    elapsed = 0.0
    for n, (title, body) in enumerate(test):
        gold = set(known_in(title, lexicon))
        if not gold:
            continue
        scored += 1
        started = time.perf_counter()
        ours = [s.name for s in suggest("", body, lexicon, limit=5)]
        elapsed += time.perf_counter() - started
        theirs = list(dict.fromkeys(canonical(e) for e in related_text.entities("", body)))[:5]
        for label, shown in (("warta", ours), ("baseline", theirs)):
            hits = len(gold & set(shown))
            t = totals[label]
            t[0] += hits / len(shown) if shown else 0.0
            t[1] += hits / 5
            t[2] += hits / len(gold)
            t[3] += 1.0 if hits else 0.0
        if n < args.show:
            say(f"\n{title}\n  reference {sorted(gold)}\n  warta     {ours}\n  baseline  {theirs}")

    def figures(label: str) -> dict[str, float]:
        p, strict, r, hit = (round(v / max(scored, 1), 3) for v in totals[label])
        return {"precision_at_5": p, "strict_precision_at_5": strict, "recall": r, "hit_at_5": hit}

    ours, baseline = figures("warta"), figures("baseline")
    judged = judged_precision(args, test, ids, lexicon)
    ms = round(1000 * elapsed / max(scored, 1), 2)
    print(f"held-out stories scored: {scored} (of {len(test)}; the rest name no known name)")
    print(f"lexicon: {len(lexicon)} keys; {len(names)} recurring names in {build_seconds:.1f} s")
    for label, f in (("warta", ours), ("baseline (related entities)", baseline)):
        print(
            f"{label}: precision@5 {f['precision_at_5']}, strict {f['strict_precision_at_5']}, "
            f"recall@5 {f['recall']}, hit@5 {f['hit_at_5']}"
        )
    print(f"time per story: {ms} ms")
    if judged:
        print(
            f"hand-judged precision@5: {judged['judged_precision_at_5']} "
            f"({judged['judged_items']} suggestions judged)"
        )
    print(
        json.dumps(
            {
                **ours,
                "stories": scored,
                "ms_per_story": ms,
                "recurring_names": len(names),
                "build_seconds": round(build_seconds, 1),
                "baseline": baseline,
                **judged,
            }
        )
    )


def judged_precision(args, test, ids, lexicon) -> dict:
    """A sample to judge by hand (--dump-sample), or precision@5 from judgments: every
    suggestion of 25 held-out stories (random, seed 25) judged by reading the story; relevant
    = a person, place, organisation or named subject the story is about or quotes, a tag an
    editor would keep. Only judged suggestions count."""
    import random

    sample = random.Random(25).sample(test, min(25, len(test)))
    lists = {ids[p]: [s.name for s in suggest(p[0], p[1], lexicon, limit=5)] for p in sample}
    if args.dump_sample:
        rows = [
            {"id": ids[p], "title": p[0], "lead": p[1][:900], "suggestions": lists[ids[p]]}
            for p in sample
        ]
        args.dump_sample.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    if not args.judgments:
        return {}
    marks = json.loads(args.judgments.read_text())  # {story id: {suggestion: 0 or 1}}
    scores = [
        marks[sid][name]
        for sid, names in lists.items()
        for name in names
        if name in marks.get(sid, {})
    ]
    return {
        "judged_precision_at_5": round(sum(scores) / max(len(scores), 1), 3),
        "judged_items": len(scores),
    }


if __name__ == "__main__":
    main()

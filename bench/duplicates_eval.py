"""Near-duplicate benchmark on hand-judged story pairs. Fingerprints each judged story with
Warta's detector (`warta.discovery.duplicates`) straight from the corpus (no database) and
prints precision and recall on the tuning half, the check half and all pairs, for the
detector before this change (same headline, or estimated phrase overlap >= 0.8) and for the
current one, a threshold sweep, the cost of one comparison, and, as the last line, JSON.

    .venv/bin/python bench/duplicates_eval.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --pairs bench/judged/duplicate_pairs.jsonl [--dump-features FILE]

The pairs, how they were found and the judging rules: bench/judged/duplicate_pairs.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

OLD_THRESHOLD = 0.8


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.bench")
    os.environ.setdefault("WARTA_VAR_DIR", tempfile.mkdtemp(prefix="warta-dup-"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scores(predicted: list[bool], truth: list[bool]) -> dict:
    hits = sum(p and t for p, t in zip(predicted, truth, strict=True))
    flagged = sum(predicted)
    positives = sum(truth)
    return {
        "precision": round(hits / flagged, 4) if flagged else None,
        "recall": round(hits / positives, 4) if positives else None,
        "flagged": flagged,
    }


def judged(articles: Path, pairs_path: Path) -> tuple[list[dict], dict[str, dict]]:
    """The judged pairs and their stories (corpus id -> row)."""
    pairs = [json.loads(line) for line in pairs_path.read_text().splitlines() if line.strip()]
    wanted = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    rows = {}
    with gzip.open(articles, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"] in wanted:
                rows[row["id"]] = row
    missing = wanted - set(rows)
    if missing:
        sys.exit(f"{len(missing)} judged stories are not in {articles}")
    return pairs, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--dump-features", type=Path, help="write each pair's signals (JSONL)")
    args = parser.parse_args()
    setup()
    from warta.discovery import duplicates, text

    pairs, rows = judged(args.articles, args.pairs)

    started = time.perf_counter()
    new = {
        cid: duplicates.fingerprint(
            row["title"], row["body"], duplicates.days(corpus._published(row))
        )
        for cid, row in rows.items()
    }
    fingerprint_ms = (time.perf_counter() - started) * 1000 / len(rows)
    old = {
        cid: duplicates.Fingerprint(text.title_key(row["title"]), text.shingle_sketch(row["body"]))
        for cid, row in rows.items()
    }

    truth = [bool(p["same_story"]) for p in pairs]
    new_score = [duplicates.similarity(new[p["a"]], new[p["b"]]) for p in pairs]
    old_score = [duplicates.similarity(old[p["a"]], old[p["b"]]) for p in pairs]
    threshold = duplicates.duplicate_threshold()
    halves = {
        "tune": [i for i, p in enumerate(pairs) if p["half"] == "tune"],
        "check": [i for i, p in enumerate(pairs) if p["half"] == "check"],
        "all": list(range(len(pairs))),
    }

    def at(score: list[float], cut: float, half: str) -> dict:
        index = halves[half]
        return scores([score[i] >= cut for i in index], [truth[i] for i in index])

    started = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for p in pairs:
            duplicates.similarity(new[p["a"]], new[p["b"]])
    compare_us = (time.perf_counter() - started) * 1e6 / (rounds * len(pairs))
    # As search's collapse and the inbox compare: fingerprints rebuilt from what is stored
    # (`duplicates.of`), so nothing is cached yet, through `same_story` (early exit first).
    stored = {
        cid: json.loads(json.dumps([f.title_key, f.sketch, f.terms])) for cid, f in new.items()
    }
    started = time.perf_counter()
    for _ in range(rounds):
        for p in pairs:
            duplicates.same_story(
                duplicates.Fingerprint(*stored[p["a"]]), duplicates.Fingerprint(*stored[p["b"]])
            )
    fresh_us = (time.perf_counter() - started) * 1e6 / (rounds * len(pairs))
    # The early exit may only pass over pairs that could not reach the cut.
    cuts = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)
    skipped = wrongly_skipped = 0
    for cut in cuts:
        for p, score in zip(pairs, new_score, strict=True):
            if duplicates._cannot_match(new[p["a"]], new[p["b"]], cut):
                skipped += 1
                wrongly_skipped += score >= cut

    say = print
    say(f"{len(pairs)} judged pairs: {sum(truth)} same story, {len(truth) - sum(truth)} not")
    for half, index in halves.items():
        same = sum(truth[i] for i in index)
        say(
            f"  {half:5}: {len(index)} pairs ({same} same)  "
            f"old@{OLD_THRESHOLD}: {at(old_score, OLD_THRESHOLD, half)}  "
            f"new@{threshold}: {at(new_score, threshold, half)}"
        )
    sweep = {
        str(cut): {half: at(new_score, cut, half) for half in halves}
        for cut in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)
    }
    say("threshold sweep (new detector; precision / recall):")
    for cut, figures in sweep.items():
        cells = "  ".join(f"{h} {f['precision']}/{f['recall']}" for h, f in figures.items())
        say(f"  {cut:>5}: {cells}")
    old_sweep = {str(cut): at(old_score, cut, "all") for cut in (0.5, 0.6, 0.7, 0.8, 0.9)}
    say(f"old detector sweep (all pairs): {old_sweep}")
    by_kind: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        by_kind.setdefault(p["kind"], []).append(i)
    say("new detector by kind (share of pairs it calls the same story):")
    for kind, index in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        called = sum(new_score[i] >= threshold for i in index)
        label = "same" if truth[index[0]] else "different"
        say(f"  {kind} ({label}): {called}/{len(index)}")
    say(
        f"fingerprint {fingerprint_ms:.2f} ms per story; one comparison {compare_us:.1f} µs "
        f"(fingerprints cached), {fresh_us:.1f} µs (rebuilt from stored JSON, same_story)"
    )
    say(
        f"early exit over {len(cuts)} cuts: passed over {skipped} pair-cuts, "
        f"{wrongly_skipped} of them would have reached the cut (must be 0)"
    )

    if args.dump_features:
        with args.dump_features.open("w") as out:
            for p in pairs:
                signals = duplicates.features(new[p["a"]], new[p["b"]])
                head = {"ref": p["ref"], "half": p["half"], "y": p["same_story"]}
                out.write(json.dumps({**head, **signals}) + "\n")

    final = at(new_score, threshold, "all")
    print(
        json.dumps(
            {
                "benchmark": "duplicates_eval",
                "pairs": sum(truth),
                "non_pairs": len(truth) - sum(truth),
                "threshold": threshold,
                "precision": final["precision"],
                "recall": final["recall"],
                "tune": at(new_score, threshold, "tune"),
                "check": at(new_score, threshold, "check"),
                "old": {half: at(old_score, OLD_THRESHOLD, half) for half in halves},
                "sweep": sweep,
                "fingerprint_ms": round(fingerprint_ms, 2),
                "compare_us": round(compare_us, 1),
                "compare_stored_us": round(fresh_us, 1),
                "early_exit_wrong": wrongly_skipped,
            }
        )
    )


if __name__ == "__main__":
    main()

"""Search vocabulary ("Mungkin maksud Anda"): size, build time and memory of one process's
suggestion index, and suggestion latency, for the first N stories of a click-id shaped corpus
(at several sizes, so the growth to 100,000 stories can be read off). Prints JSON last.

    .venv/bin/python bench/search_vocabulary.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.test")
import django  # noqa: E402

django.setup()

from warta.search.services import story_vocabulary  # noqa: E402
from warta.search.suggestions import MIN_SUGGEST, Vocabulary  # noqa: E402


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.choice("dsit")
    if kind == "d":
        return word[:i] + word[i + 1 :]
    if kind == "s":
        return word[:i] + rng.choice("aiueoknrst") + word[i + 1 :]
    if kind == "i":
        return word[:i] + rng.choice("aiueoknrst") + word[i:]
    j = min(i + 1, len(word) - 1)
    return word[:i] + word[j] + word[i] + word[j + 1 :] if j > i else word


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--sizes", default="5000,10000,20000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    counts: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    per_story = []
    results = []
    with gzip.open(args.articles, "rt") as lines:
        for n, line in enumerate(lines, 1):
            row = json.loads(line)
            t = time.perf_counter()
            counts.update(story_vocabulary(f"{row['title']}\n{row.get('body') or ''}").items())
            per_story.append(time.perf_counter() - t)
            if n in sizes:
                results.append(measure(n, counts))
            if n >= max(sizes):
                break
    summary = {
        "stories": n,
        "analyze_ms_per_story_p50": round(statistics.median(per_story) * 1000, 2),
        "seconds": round(time.perf_counter() - started, 1),
        "sizes": results,
    }
    print(json.dumps(summary))


def build(counts: Counter) -> Vocabulary:
    vocabulary = Vocabulary(version=0)
    for (stem, word), stories in counts.items():
        if len(stem) >= MIN_SUGGEST:  # as build_vocabulary's query
            vocabulary.add(stem, word, stories)
    vocabulary.index()
    return vocabulary


def measure(n: int, counts: Counter) -> dict:
    t = time.perf_counter()
    build(counts)
    build_s = time.perf_counter() - t
    tracemalloc.start()
    vocabulary = build(counts)
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    rng = random.Random(7)
    common = [s for s, c in vocabulary.stories.items() if c >= 20 and len(s) >= 5]
    timings, right = [], 0
    for stem in rng.sample(common, min(300, len(common))):
        wrong = typo(stem, rng)
        t = time.perf_counter()
        got = vocabulary.nearest(wrong)
        timings.append(time.perf_counter() - t)
        right += got == stem
    timings.sort()
    result = {
        "stories": n,
        "rows": len(counts),
        "stems_all": len({stem for stem, _ in counts}),
        "stems_indexed": len(vocabulary.stories),
        "deletion_keys": len(vocabulary.deletes),
        "build_s": round(build_s, 2),
        "index_mb": round(memory / 1e6, 1),
        "suggest_p50_ms": round(timings[len(timings) // 2] * 1000, 3),
        "suggest_p95_ms": round(timings[int(len(timings) * 0.95)] * 1000, 3),
        "typo_fixed_share": round(right / len(timings), 3),
    }
    print(result, file=sys.stderr)
    return result


if __name__ == "__main__":
    main()

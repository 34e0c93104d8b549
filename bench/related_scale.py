"""What adding one story costs when the related-articles index holds N stories (default
100,000). The click-id corpus has ~20,000 stories, so it is padded with hybrids: replica k of
a story keeps its headline (numbered) and interleaves its paragraphs with another story's,
dated k months later. The term distribution stays that of real news; posting lists grow with N.
Then it times `refresh_related` (index, rank, store, refresh neighbours' lists) for stories
not yet in the index and prints one JSON line last.

    .venv/bin/python bench/related_scale.py \
        --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        [--stories 100000] [--samples 30] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402


def padded(rows: list[dict], total: int) -> list[dict]:
    out = list(rows[:total])
    k = 1
    while len(out) < total:
        for i, row in enumerate(rows):
            if len(out) >= total:
                break
            other = rows[(i + k * 7919) % len(rows)]
            mine, theirs = row["body"].split("\n\n"), other["body"].split("\n\n")
            body = [p for pair in zip(mine, theirs, strict=False) for p in pair] or mine
            day = datetime.fromisoformat(row["date"]) + timedelta(days=30 * k)
            out.append(
                {
                    **row,
                    "id": f"{row['id']}-r{k}",
                    "title": f"{row['title']} ({k})",
                    "body": "\n\n".join(body),
                    "date": day.date().isoformat(),
                }
            )
        k += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=100_000, help="index size")
    parser.add_argument("--samples", type=int, default=30, help="stories added and timed")
    parser.add_argument("--database-url")
    parser.add_argument(
        "--reuse", type=Path, help="SQLite file of an earlier run: only time the adds again"
    )
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731

    if args.reuse:
        corpus.setup_django(f"sqlite:///{args.reuse.resolve()}", reuse=True)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the file may predate newer migrations
        from warta.articles.models import ArticlePage

        held_out = list(
            ArticlePage.objects.order_by("-pk").values_list("pk", flat=True)[: args.samples]
        )
        report(held_out, load_seconds=0, index_seconds=0)
        return
    corpus.setup_django(args.database_url)
    rows = padded(corpus.read_articles(args.articles), args.stories + args.samples)
    started = time.monotonic()
    ids = corpus.load(rows, log=say)
    load_seconds = time.monotonic() - started
    from warta.articles.models import ArticlePage
    from warta.discovery.services import index_article

    held_out = set(list(ids.values())[-args.samples :])
    started = time.monotonic()
    for n, pk in enumerate(ids.values(), 1):
        if pk not in held_out:
            index_article(ArticlePage.objects.get(pk=pk))
        if n % 5000 == 0:
            say(f"  indexed {n}/{len(ids)} ({time.monotonic() - started:.0f}s)")
    index_seconds = time.monotonic() - started
    report(held_out, load_seconds=load_seconds, index_seconds=index_seconds)


def report(held_out, *, load_seconds: float, index_seconds: float) -> None:
    from warta.articles.models import ArticlePage
    from warta.discovery.services import refresh_related

    timings = []
    for pk in held_out:
        article = ArticlePage.objects.get(pk=pk)
        begun = time.perf_counter()
        refresh_related(article)
        timings.append(time.perf_counter() - begun)
    timings.sort()
    from warta.discovery.models import ArticleProfile, TermPosting

    print(
        json.dumps(
            {
                "benchmark": "related_scale",
                "stories_indexed": ArticleProfile.objects.count() - len(held_out),
                "postings": TermPosting.objects.count(),
                "load_seconds": round(load_seconds),
                "index_seconds": round(index_seconds),
                "add_story_seconds": {
                    "samples": len(timings),
                    "p50": round(statistics.median(timings), 3),
                    "p95": round(timings[int(len(timings) * 0.95) - 1], 3),
                    "max": round(timings[-1], 3),
                },
            }
        )
    )


if __name__ == "__main__":
    main()

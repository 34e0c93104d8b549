"""Search benchmark: indexes a corpus shaped like articles.dev.jsonl.gz into a throwaway
database and prints, as the last line, JSON with p50/p95 query latency and known-item MRR@10:
for each same-story pair by different URLs in the groups file, the query is one article's
headline and the target is the other article.

    .venv/bin/python bench/search_eval.py --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --groups ../shared/data/click-id/duplicate_groups.jsonl [--limit N] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--queries", type=int, default=300, help="latency sample size")
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="query the database an earlier run loaded (needs --database-url)",
    )
    args = parser.parse_args()

    corpus.setup_django(args.database_url, reuse=args.reuse_db)
    rows = corpus.read_articles(args.articles, args.limit)
    load_seconds = index_seconds = 0.0
    if args.reuse_db:
        ids = corpus.loaded_ids()
        rows = [r for r in rows if r["id"] in ids]
    else:
        print(f"loading {len(rows)} articles", file=sys.stderr)
        started = time.monotonic()
        ids = corpus.load(rows, log=lambda m: print(m, file=sys.stderr))
        load_seconds = time.monotonic() - started
        index_seconds = corpus.index_all(log=lambda m: print(m, file=sys.stderr))

    from wagtail.models import Site

    from warta.search.parsing import parse_query
    from warta.search.queries import SearchFilters, search_articles

    site = Site.objects.get(is_default_site=True)

    from warta.search.queries import ranked_ids

    def search(text: str) -> list[int]:
        # Known-item lookups read the headline as any of its words, not all of them.
        query = parse_query(text)
        return (ranked_ids(query, limit=11, match_any=True) or []) if query else []

    def timed_reader_query(text: str) -> float:
        query = parse_query(text)
        start = time.perf_counter()
        list(search_articles(site, query, SearchFilters(), "Asia/Jakarta")[:20]) if query else None
        return time.perf_counter() - start

    titles = [r["title"] for r in rows]
    step = max(1, len(titles) // args.queries)
    sample = [" ".join(t.split()[:3]) for t in titles[::step]][: args.queries]
    latencies = sorted(timed_reader_query(q) for q in sample)

    pairs = []
    for members in corpus.read_groups(args.groups):
        present = [m for m in members if m in ids]
        pairs += [(a, b) for a in present for b in present if a != b]
    by_id = {r["id"]: r for r in rows}
    reciprocal = []
    for source, target in pairs:
        ranked = [pk for pk in search(by_id[source]["title"]) if pk != ids[source]]
        rank = ranked.index(ids[target]) + 1 if ids[target] in ranked else None
        reciprocal.append(1 / rank if rank and rank <= 10 else 0.0)

    result = {
        "benchmark": "search_eval",
        "database": "postgresql" if args.database_url else "sqlite",
        "articles": len(rows),
        "load_seconds": round(load_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "queries": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 2),
        "known_item_pairs": len(pairs),
        "mrr_at_10": round(sum(reciprocal) / len(reciprocal), 4) if reciprocal else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Search benchmark: indexes a corpus shaped like articles.dev.jsonl.gz into a throwaway
database and prints figures, the last line a JSON object:

- known-item MRR@10 (`mrr_at_10`): for each same-story pair by different URLs in the groups
  file, one article's headline read as any of its words (`ranked_ids(match_any=True)`) must
  find the other;
- the reader's path, as /cari/ runs it (`search_articles`: every word, then the any-word
  fallback when every word finds nothing, ranked with freshness, near-duplicates collapsed,
  the first page loaded): p50/p95 over three-word headline prefixes (`p50_ms`, `p95_ms`) and
  over the reader queries of bench/judged/search_queries.json (`reader_p50_ms`,
  `reader_p95_ms`), and the share of reader queries with no result (`zero_result_rate`).

`--stories N` pads the corpus to N stories (as bench/related_scale.py does: replica k of a
story keeps its headline, numbered, interleaves its paragraphs with another story's, and is
dated k months EARLIER, an archive growing into the past). On PostgreSQL the real stories are
loaded through `corpus.bulk_load` (the search backend's own add_bulk, as update_index
writes) and the replicas are made in SQL from their rows (bench/replicate.py: minutes for a
million instead of hours; its docstring says what a replica holds); `--slow-load` (and
SQLite) loads every padded story through `corpus.bulk_load` instead.

The reader's path is timed in `--passes` passes (default 2) over the same queries; the
figures are the last pass's (the index in memory, as on a running server), the first
pass's p95 is printed too (`first_pass_*`: rows read from disk).

    .venv/bin/python bench/search_eval.py --articles ../shared/data/click-id/articles.dev.jsonl.gz \
        --groups ../shared/data/click-id/duplicate_groups.jsonl [--limit N] [--stories N] \
        [--database-url URL] [--load-only | --reuse-db] [--slow-load]
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
import replicate  # noqa: E402
from related_scale import padded  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "judged" / "search_queries.json"


def padded_back(rows: list[dict], total: int) -> list[dict]:
    """`related_scale.padded`, replicas dated k months before the story instead of after."""
    out = padded(rows, total)
    for row in out[len(rows) :]:
        k = int(row["id"].rsplit("-r", 1)[1])
        day = datetime.fromisoformat(row["date"]) - timedelta(days=60 * k)
        row["date"] = day.date().isoformat()
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--groups", type=Path)
    parser.add_argument("--limit", type=int, help="load only the first N articles")
    parser.add_argument("--stories", type=int, help="pad to N stories and bulk-load them")
    parser.add_argument("--database-url", help="e.g. postgres://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--queries", type=int, default=300, help="latency sample size")
    parser.add_argument(
        "--candidates",
        type=int,
        help="matches the reader's path ranks (default: queries.CANDIDATES; 0 = all, as before)",
    )
    parser.add_argument(
        "--enough",
        type=int,
        help="matches the newest windows must hold for the older archive to be left out "
        "(PostgreSQL; default: queries.ENOUGH; the candidate count = always look further)",
    )
    parser.add_argument("--load-only", action="store_true", help="load, index, and stop")
    parser.add_argument(
        "--passes",
        type=int,
        default=2,
        help="timed passes over the queries; figures from the last (default 2)",
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="query the database an earlier run loaded (needs --database-url)",
    )
    parser.add_argument(
        "--no-recent-index",
        action="store_true",
        help="with --reuse-db: measure without PostgreSQL's index over the newest rows "
        "(dropped if present; warta.search.recent_index)",
    )
    parser.add_argument(
        "--slow-load",
        action="store_true",
        help="index every padded story through bulk_load (hours at 1,000,000), not SQL replicas",
    )
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731

    corpus.setup_django(args.database_url, reuse=args.reuse_db)
    rows = corpus.read_articles(args.articles, args.limit)
    from django.db import connection

    from warta.search import recent_index

    # Replicas in SQL (PostgreSQL): only the real stories are rows here; the measurement
    # needs no replica's text (it samples real headlines), and a million padded rows in
    # memory would be gigabytes.
    in_sql = bool(args.stories) and connection.vendor == "postgresql" and not args.slow_load
    if args.stories and not (in_sql or args.reuse_db):
        rows = padded_back(rows, args.stories)
    elif args.stories:
        rows = rows[: args.stories]
    load_seconds = index_seconds = 0.0
    stories = len(rows)
    replica_seconds: dict[str, float] = {}
    recent_name: str | None = None  # PostgreSQL's index over the newest rows, if any
    if args.reuse_db:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the database may predate newer migrations
        if args.no_recent_index:  # the before of a before/after: the candidate step without it
            recent_index.drop_all()
            recent = None
        else:  # as the worker's nightly job would have (PostgreSQL, a large index): if due
            recent = recent_index.refresh()
        recent_name = recent.name if recent else None
        say(f"recent index: {recent_name or 'none'}")
        ids = corpus.loaded_ids()
        stories = len(ids)
        rows = [r for r in rows if r["id"] in ids]
    elif in_sql:
        say(f"bulk loading {len(rows)} articles, then SQL replicas up to {args.stories}")
        started = time.monotonic()
        corpus.bulk_load(rows, log=say)
        replica_seconds = replicate.replicate(args.stories, log=say)
        # Replicas are dated before the real stories but were inserted after them: put the
        # index in publication order, as `warta reorder_search_index` does after an archive
        # import (the ranking's candidate step takes the newest-indexed matches).
        from warta.search.services import reorder_index

        moment = time.monotonic()
        reorder_index()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE wagtailsearch_indexentry")
        replica_seconds["reorder_index"] = round(time.monotonic() - moment, 1)
        moment = time.monotonic()
        recent = recent_index.refresh(force=True)  # as `warta reorder_search_index` does
        replica_seconds["recent_index"] = round(time.monotonic() - moment, 1)
        recent_name = recent.name if recent else None
        say(f"recent index: {recent_name or 'none'}")
        load_seconds = time.monotonic() - started
        ids = corpus.loaded_ids()
        stories = len(ids)
    elif args.stories:
        say(f"bulk loading {len(rows)} articles")
        started = time.monotonic()
        # Oldest first, as a newsroom publishes: the index's row order is then publication
        # order, which the ranking's candidate step relies on (after a real archive import,
        # `warta reorder_search_index` restores it).
        ids = corpus.bulk_load(
            sorted(rows, key=lambda r: (r["date"], r.get("time") or "")), log=say
        )
        load_seconds = time.monotonic() - started
    else:
        say(f"loading {len(rows)} articles")
        started = time.monotonic()
        ids = corpus.load(rows, log=say)
        load_seconds = time.monotonic() - started
        index_seconds = corpus.index_all(log=say)
    if args.load_only:
        loaded = {"benchmark": "search_eval", "loaded": len(ids), "load_s": load_seconds}
        print(json.dumps({**loaded, "replicas_s": replica_seconds}))
        return

    from django.db import reset_queries
    from wagtail.models import Site

    from warta.search import queries
    from warta.search.parsing import parse_query
    from warta.search.queries import SearchFilters, ranked_ids, search_articles

    if args.candidates is not None:
        queries.CANDIDATES = args.candidates
    if args.enough is not None:
        queries.ENOUGH = args.enough

    site = Site.objects.get(is_default_site=True)
    # The corpus ends in October 2019: "now" is its newest story, so freshness means
    # something (the default half-life, as a site that never changed it).
    newest = max(datetime.fromisoformat(r["date"]) for r in rows[: min(len(rows), 30000)])
    now = newest.replace(tzinfo=corpus.WIB) + timedelta(days=1)

    def search(text: str) -> list[int]:
        # Known-item lookups read the headline as any of its words, not all of them.
        query = parse_query(text)
        return (ranked_ids(query, limit=11, match_any=True) or []) if query else []

    def reader(text: str) -> tuple[float, int, bool]:
        """Seconds for /cari/'s first page, results found, whether the fallback answered."""
        query = parse_query(text)
        start = time.perf_counter()
        fallback = False
        count = 0
        if query:
            results = search_articles(site, query, SearchFilters(), "Asia/Jakarta", now=now)
            count = len(results)
            if not count:
                fallback = True
                results = search_articles(
                    site, query, SearchFilters(), "Asia/Jakarta", match_any=True, now=now
                )
                count = len(results)
            list(results[:20])
        return time.perf_counter() - start, count, fallback

    for warm in ("indonesia", "jakarta"):  # first query pays for connection and caches
        reader(warm)
    titles = [r["title"] for r in rows if "-r" not in r["id"]]
    step = max(1, len(titles) // args.queries)
    sample = [" ".join(t.split()[:3]) for t in titles[::step]][: args.queries]
    judged = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    # Pass 1 reads each query's rows from disk (a fresh database, or one another process
    # just pushed out of memory); later passes are the steady state of a server whose
    # index is in memory. The figures are the last pass's; the first pass is printed too.
    first: dict[str, float] = {}
    for n in range(args.passes):
        latencies = [reader(q)[0] for q in sample]
        reader_runs = [(q, *reader(q)) for q in judged]
        reader_latencies = [r[1] for r in reader_runs]
        if n == 0:
            first = {
                "first_pass_p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
                "first_pass_reader_p95_ms": round(percentile(reader_latencies, 0.95) * 1000, 2),
            }
    zero = [q for q, _, count, _ in reader_runs if not count]
    fallbacks = [q for q, _, count, fell in reader_runs if fell and count]
    timed = reader_runs + [(q, s, 0, False) for q, s in zip(sample, latencies, strict=True)]
    slowest = sorted(timed, key=lambda r: -r[1])[:5]
    say("slowest: " + ", ".join(f"{q!r} {s * 1000:.0f} ms" for q, s, *_ in slowest))
    say(f"zero results: {zero}")
    say(f"answered by the any-word fallback: {fallbacks}")
    reset_queries()

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
        "database": connection.vendor,
        "stories": stories,
        "articles": stories,
        "load_seconds": round(load_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "queries": len(latencies),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "reader_queries": len(reader_runs),
        "reader_p50_ms": round(statistics.median(reader_latencies) * 1000, 2),
        "reader_p95_ms": round(percentile(reader_latencies, 0.95) * 1000, 2),
        **first,
        "passes": args.passes,
        "candidates": queries.CANDIDATES,
        "recent_index": recent_name,
        "enough": queries.ENOUGH,
        "zero_result_rate": round(len(zero) / len(reader_runs), 4),
        "fallback_rate": round(len(fallbacks) / len(reader_runs), 4),
        "known_item_pairs": len(pairs),
        "mrr_at_10": round(sum(reciprocal) / len(reciprocal), 4) if reciprocal else None,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

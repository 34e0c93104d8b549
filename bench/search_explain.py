"""Where a reader's search spends its time, on a database bench/search_eval.py loaded: runs
/cari/'s path as search_eval times it (`search_articles`, the any-word fallback when every
word finds nothing, the first page of 20 loaded) for each reader query of
bench/judged/search_queries.json (or `--query`), takes the slowest, and for each prints its
time per step and `EXPLAIN (ANALYZE, BUFFERS)` of its slowest SQL statements (PostgreSQL).

Steps: `candidates` (`queries._scored_ids`: the full-text index query), `ranking` (the rest
of `search_articles`: the page filter query, freshness, sorting), `collapse`
(`queries.collapsed`: profiles read, stories compared), `pages` (loading the page shown),
each with the SQL time inside it. JSON last line.

    .venv/bin/python bench/search_explain.py --database-url URL [--slowest 5] [--query TEXT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "judged" / "search_queries.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--query", action="append", help="explain these (default: the slowest)")
    parser.add_argument("--slowest", type=int, default=5, help="reader queries explained")
    parser.add_argument("--statements", type=int, default=2, help="SQL explained per query")
    args = parser.parse_args()
    corpus.setup_django(args.database_url, reuse=True)

    from django.db import connection
    from django.db.models import Max
    from wagtail.models import Site

    from warta.articles.models import ArticlePage
    from warta.search import queries
    from warta.search.parsing import parse_query
    from warta.search.queries import RankedResults, SearchFilters, search_articles

    site = Site.objects.get(is_default_site=True)
    newest = ArticlePage.objects.aggregate(m=Max("first_published_at"))["m"]
    now = newest + timedelta(days=1)  # as search_eval: "now" is the corpus's newest story
    statements: list[tuple[float, str, tuple]] = []
    spent: dict[str, list[float]] = {}

    def log_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql, params))

    @contextmanager
    def timed(step: str):
        sql_before = sum(s for s, *_ in statements)
        started = time.perf_counter()
        try:
            yield
        finally:
            total = time.perf_counter() - started
            sql = sum(s for s, *_ in statements) - sql_before
            spent.setdefault(step, [0.0, 0.0])
            spent[step][0] += total
            spent[step][1] += sql

    def wrap(owner, name: str, step: str) -> None:
        original: Callable = getattr(owner, name)

        def wrapped(*a, **kw):
            with timed(step):
                return original(*a, **kw)

        setattr(owner, name, wrapped)

    wrap(queries, "_scored_ids", "candidates")
    wrap(queries, "collapsed", "collapse")
    wrap(RankedResults, "__getitem__", "pages")

    def reader(text: str) -> float:
        query = parse_query(text)
        start = time.perf_counter()
        if query:
            with timed("search_articles"):
                results = search_articles(site, query, SearchFilters(), "Asia/Jakarta", now=now)
            if not len(results):
                with timed("search_articles"):
                    results = search_articles(
                        site, query, SearchFilters(), "Asia/Jakarta", match_any=True, now=now
                    )
            list(results[:20])
        return time.perf_counter() - start

    for warm in ("indonesia", "jakarta"):
        reader(warm)
    texts = args.query or json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    if not args.query:
        timings = sorted(((reader(t), t) for t in texts), reverse=True)
        texts = [t for _, t in timings[: args.slowest]]
    report = []
    with connection.execute_wrapper(log_sql):
        for text in texts:
            statements.clear()
            spent.clear()
            seconds = reader(text)
            ms = lambda s: round(s * 1000, 1)  # noqa: E731
            candidates, collapse, pages = (
                spent.get(k, [0.0, 0.0]) for k in ("candidates", "collapse", "pages")
            )
            whole = spent.get("search_articles", [0.0, 0.0])
            steps = {
                "candidates": [ms(candidates[0]), ms(candidates[1])],
                "ranking": [
                    ms(whole[0] - candidates[0] - collapse[0]),
                    ms(whole[1] - candidates[1] - collapse[1]),
                ],
                "collapse": [ms(collapse[0]), ms(collapse[1])],
                "pages": [ms(pages[0]), ms(pages[1])],
            }
            print(f"\n=== {text!r}: {ms(seconds)} ms; step: [total ms, SQL ms] {steps}")
            slow = sorted(statements, key=lambda s: -s[0])[: args.statements]
            for taken, sql, params in slow:
                print(f"\n--- {ms(taken)} ms: {sql[:300]}{'…' if len(sql) > 300 else ''}")
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                        print("\n".join(row[0] for row in cursor.fetchall()))
            report.append({"query": text, "ms": ms(seconds), "steps": steps})
    print(json.dumps({"benchmark": "search_explain", "queries": report}))


if __name__ == "__main__":
    main()

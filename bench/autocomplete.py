"""Server time of the search box's suggestions (/cari/saran/?q=…) with N stories on one site.

Loads `--real` click-id stories as real pages (with topics drawn from their headlines) and
builds the prefix index from them with the real rebuild (`warta rebuild_autocomplete`'s
function); then pads the index to `--stories` headlines with related_scale's hybrids
(headline "<title> (k)", dated k months later), written by the same row builders, and counts
topics over all of them. The suggestions read only the index, so the answer at N indexed
headlines is what a site with N stories gets. Then it asks the view directly (RequestFactory:
the view's own time, every answer computed, no page cache) for keystroke prefixes of random
headlines ("k", "ko", "kor", … "korea u", "korea ut", at least two characters, as the script
asks), and prints p50/p95; JSON last.

    .venv/bin/python bench/autocomplete.py [--stories 100000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from related_scale import padded  # noqa: E402

DEFAULT_ARTICLES = corpus.ROOT.parent / "shared/data/click-id/articles.dev.jsonl.gz"
NAME = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)+)")


def topics_of(row: dict) -> list[str]:
    """Up to two topics for a story: a capitalised name in its headline ("Korea Utara",
    "Jokowi Widodo"), and its category."""
    found = [m.group(1) for m in NAME.finditer(row["title"])][:1]
    category = (row.get("category") or "").strip()
    if category and category != "None":
        found.append(category[:60])
    return found


def keystrokes(title: str, rng: random.Random) -> list[str]:
    """What a reader types on the way to one of the first three words of a headline."""
    words = re.findall(r"\w+", title.lower())[: rng.randint(1, 3)]
    typed = " ".join(words)
    return [typed[:n] for n in range(2, len(typed) + 1) if not typed[:n].endswith(" ")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--stories", type=int, default=100_000, help="headlines indexed")
    parser.add_argument("--real", type=int, default=2000, help="of which real pages")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=23)
    args = parser.parse_args()
    say = lambda m: print(m, file=sys.stderr)  # noqa: E731

    corpus.setup_django(args.database_url)
    rows = padded(corpus.read_articles(args.articles), args.stories)
    real, pad = rows[: args.real], rows[args.real :]
    started = time.monotonic()
    ids = corpus.load(real, log=say)
    from django.db import connection, transaction
    from taggit.models import Tag
    from wagtail.models import Site

    from warta.articles.models import ArticlePageTag
    from warta.search.autocomplete import index_text
    from warta.search.autocomplete_index import (
        bulk_insert,
        rebuild,
        topic_suggestion,
        topic_url,
    )
    from warta.search.autocomplete_models import Suggestion

    tags: dict[str, Tag] = {}
    with transaction.atomic():
        for row in real:
            for name in topics_of(row):
                if name not in tags:
                    tags[name] = Tag.objects.get_or_create(name=name, defaults={"slug": None})[0]
        ArticlePageTag.objects.bulk_create(
            [
                ArticlePageTag(content_object_id=ids[row["id"]], tag=tags[name])
                for row in real
                for name in dict.fromkeys(topics_of(row))
            ]
        )
    load_seconds = time.monotonic() - started
    started = time.monotonic()
    totals = rebuild(log=say)
    rebuild_seconds = time.monotonic() - started
    say(f"  rebuilt from {args.real} real stories in {rebuild_seconds:.1f}s: {totals}")

    site = Site.objects.get(is_default_site=True)
    started = time.monotonic()
    with transaction.atomic():
        bulk_insert(
            [
                Suggestion(
                    site_id=site.pk,
                    kind=Suggestion.STORY,
                    object_id=10_000_000 + n,
                    label=row["title"][:255],
                    url=f"/{row['channel'] or 'umum'}/{row['id']}/",
                    text=index_text(row["title"])[:600],
                    weight=int(corpus._published(row).timestamp()),
                )
                for n, row in enumerate(pad)
            ]
        )
        counts = Counter(name for row in rows for name in dict.fromkeys(topics_of(row)))
        Suggestion.objects.filter(kind=Suggestion.TOPIC).delete()
        bulk_insert(
            [
                topic_suggestion(10_000_000 + n, name, f"t{n}", site.pk, count)
                for n, (name, count) in enumerate(counts.items())
            ]
        )
    if connection.vendor == "postgresql":
        # What autovacuum does on a live site: statistics, and the visibility map that lets
        # the word index answer without visiting the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_suggestion")
            cursor.execute("VACUUM ANALYZE search_suggestionword")
    pad_seconds = time.monotonic() - started
    stories = Suggestion.objects.filter(kind=Suggestion.STORY).count()
    topics = Suggestion.objects.filter(kind=Suggestion.TOPIC).count()
    say(f"  padded to {stories} headlines, {topics} topics in {pad_seconds:.0f}s")
    assert topic_url("x") == "/tag/x/"

    from django.test import RequestFactory

    from warta.search.autocomplete_views import suggest

    rng = random.Random(args.seed)
    queries: list[str] = []
    while len(queries) < args.queries:
        queries += keystrokes(rng.choice(rows)["title"], rng)
    queries = queries[: args.queries]
    factory = RequestFactory()

    def ask(q: str) -> tuple[float, int]:
        request = factory.get("/cari/saran/", {"q": q}, HTTP_HOST="localhost")
        begun = time.perf_counter()
        response = suggest(request)
        elapsed = time.perf_counter() - begun
        assert response.status_code == 200, (q, response.content)
        return elapsed, len(json.loads(response.content)["headlines"])

    for q in queries[:50]:  # warm the connection and the site list
        ask(q)
    timings, empty = [], 0
    for q in queries:
        elapsed, found = ask(q)
        timings.append(elapsed * 1000)
        empty += found == 0
    timings.sort()
    worst = sorted(zip(timings, queries, strict=False))[-3:]
    say(f"  slowest: {[(round(t, 1), q) for t, q in worst]}")
    print(
        json.dumps(
            {
                "benchmark": "autocomplete",
                "database": connection.vendor,
                "stories": stories,
                "topics": topics,
                "real_stories": args.real,
                "queries": len(timings),
                "no_headline_share": round(empty / len(timings), 3),
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
                "max_ms": round(timings[-1], 2),
                "load_seconds": round(load_seconds),
                "rebuild_seconds": round(rebuild_seconds, 1),
                "pad_seconds": round(pad_seconds),
            }
        )
    )


if __name__ == "__main__":
    main()

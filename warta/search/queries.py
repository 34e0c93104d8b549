"""Search reads: published stories of a site matching a parsed query, with filters."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import FloatField, Func
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Phrase, PlainText

from warta.articles.models import ArticleAuthor
from warta.articles.queries import live_articles
from warta.channels.models import ChannelPage
from warta.core.indonesia.text import analyze
from warta.core.sites.lookup import site_holding, site_settings_for
from warta.core.sites.pages import story_content_type_ids
from warta.discovery import duplicates
from warta.search.parsing import ParsedQuery

SORTS = ("relevance", "newest")
SNIPPET_WORDS = 30


@dataclass
class SearchFilters:
    channel_id: int | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def search_articles(
    site: Site,
    query: ParsedQuery,
    filters: SearchFilters,
    zone: str,
    *,
    match_any: bool = False,
    now: datetime | None = None,
):
    """The site's published stories matching every word of `query` (`match_any`: any word:
    the fallback when every word finds nothing), best first: text relevance blended with
    freshness (`freshness`, the site's half-life), near-duplicates collapsed into the first of
    them (`RankedResults`). `now` is for benchmarks replaying an old corpus."""
    # A PageQuerySet (searchable), though live_articles() is declared a plain QuerySet.
    articles: PageQuerySet = (
        live_articles().prefetch_related(None).filter(path__startswith=site.root_page.path)
    )
    if filters.channel_id:
        channel = ChannelPage.objects.filter(pk=filters.channel_id).first()
        path = channel.path if channel else "-"
        articles = articles.filter(path__startswith=path)
    if filters.author_id:
        ids = ArticleAuthor.objects.filter(author_id=filters.author_id).values_list(
            "page_id", flat=True
        )
        articles = articles.filter(id__in=list(ids))
    if filters.date_from:
        articles = articles.filter(first_published_at__gte=_day_start(filters.date_from, zone))
    if filters.date_to:
        end = _day_start(filters.date_to, zone).replace(hour=23, minute=59, second=59)
        articles = articles.filter(first_published_at__lte=end)
    if filters.sort == "newest":
        articles = articles.order_by("-first_published_at")
    scored = _scored_ids(query, candidates=CANDIDATES, match_any=match_any)
    if scored is not None:
        relevance = dict(scored)
        published = _published_at(articles, list(relevance))
        if len(published) < ENOUGH <= len(relevance):
            # The network's newest matches are mostly other sites' (a regional site, a
            # common word) and may have left this site's older ones out: ask for the site's.
            scored = _scored_ids(
                query, candidates=CANDIDATES, match_any=match_any, within=site.root_page.path
            )
            relevance = dict(scored or [])
            published = _published_at(articles, list(relevance))
        if filters.sort == "newest":
            ids = sorted(published, key=lambda pk: (published[pk] or 0.0, pk), reverse=True)
        else:
            half_life = site_settings_for(site).search_half_life_days
            moment = (now or timezone.now()).timestamp()
            score = {
                pk: relevance[pk] * freshness(_age_days(moment, when), half_life)
                for pk, when in published.items()
            }
            ids = sorted(score, key=lambda pk: (-score[pk], -pk))
        return RankedResults(articles, collapsed(ids[:RANKED_LIMIT]))
    parts = []
    if query.terms:
        parts.append(PlainText(" ".join(query.terms), operator="or" if match_any else "and"))
    parts += [Phrase(" ".join(phrase)) for phrase in query.phrases]
    search_query = parts[0] if len(parts) == 1 else And(parts)
    # All indexed fields: the stems field carries every stem, and SQLite's backend cannot
    # restrict a query to one field.
    return articles.search(search_query, order_by_relevance=filters.sort == "relevance")


RANKED_LIMIT = 500  # results a query lists at most (25 pages)
# Matches the ranking looks at: the newest-indexed CANDIDATES of them (index order is
# publishing order), so a very common word ranks 500 rows, not 100,000. At 100,000 stories
# the first page of the 78 judged reader queries is 98.6% the same as with 1,000 (the
# newest 500 matches of even the commonest word span weeks), at half the ranking's cost.
CANDIDATES = 500
# Near-duplicates are looked for among the best COLLAPSE_WINDOW results (the first pages):
# the detector compares each story with every group before it.
COLLAPSE_WINDOW = 30
FRESHNESS_FLOOR = 0.2


def freshness(age_days: float, half_life_days: float) -> float:
    """The factor text relevance is multiplied by: 1.0 for a story published now, halving
    towards FRESHNESS_FLOOR every `half_life_days`:

        FLOOR + (1 - FLOOR) * 0.5 ** (age_days / half_life_days)

    so a much better text match still wins over a fresh story (by at most 1 / FLOOR = 5x).
    A half-life of 0 leaves relevance alone (1.0)."""
    if half_life_days <= 0:
        return 1.0
    return FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) * 0.5 ** (max(age_days, 0) / half_life_days)


def _age_days(now: float, when: float | None) -> float:
    """Days between two moments given as seconds since the epoch (`when` None: a year)."""
    return (now - when) / 86400 if when is not None else 365.0


class _Epoch(Func):
    """A datetime column as seconds since the epoch, computed by the database: the ranking
    reads 1,000 publication times per query, and converting each to a Python datetime was a
    measurable part of a search."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        # Django keeps SQLite datetimes as UTC text, which julianday() reads.
        template = "((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "EXTRACT(EPOCH FROM %(expressions)s)::float8"
        return self.as_sql(compiler, connection, template=template, **extra)


def _published_at(articles, ids: list[int]) -> dict[int, float | None]:
    """{id: first publication as epoch seconds} for those of `ids` that `articles` (the site's
    live stories and the reader's filters) holds. The ids travel as one parameter (a JSON
    array on SQLite, an int array on PostgreSQL), not 1,000 placeholders."""
    if connection.vendor == "postgresql":
        wanted = RawSQL("SELECT unnest(%s::int[])", [ids])
    else:
        wanted = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    found = (
        articles.filter(pk__in=wanted)
        .order_by()
        .annotate(published_epoch=_Epoch("first_published_at"))
        .values_list("pk", "published_epoch")
    )
    return dict(found)


def collapsed(ids: list[int]) -> list[tuple[int, list[int]]]:
    """`ids` as result groups: each story with the later ones that are the same story
    (`warta.discovery.duplicates.collapse`, which also knows a headline filed again)."""
    window = duplicates.collapse(ids[:COLLAPSE_WINDOW])
    return window + [(pk, []) for pk in ids[COLLAPSE_WINDOW:]]


class RankedResults(Sequence):
    """Ranked result groups (a story and its near-duplicates) that load only the stories of
    the slice asked for (the page shown), so a common word does not load 500 stories to show
    20. Each story loaded carries `similar_stories`: its near-duplicates, best first."""

    def __init__(self, queryset, groups: list[tuple[int, list[int]]]) -> None:
        self.queryset = queryset
        self.groups = groups

    @property
    def ids(self) -> list[int]:
        return [pk for pk, _ in self.groups]

    def __len__(self) -> int:
        return len(self.groups)

    def count(self) -> int:  # type: ignore[override]  # Paginator's count(), not Sequence's
        return len(self.groups)

    def __getitem__(self, index):
        if isinstance(index, slice):
            groups = self.groups[index]
            wanted = [pk for shown, copies in groups for pk in (shown, *copies)]
            stories = {
                a.pk: a
                for a in self.queryset.filter(pk__in=wanted).prefetch_related(
                    "hero_image__renditions"
                )
            }
            out = []
            for shown, copies in groups:
                if shown in stories:
                    story = stories[shown]
                    story.similar_stories = [stories[pk] for pk in copies if pk in stories]
                    out.append(story)
            return out
        return self[index : index + 1][0]


def ranked_ids(query: ParsedQuery, *, limit: int, match_any: bool = False) -> list[int] | None:
    """Best-matching story ids by text alone, any site; `match_any` for known-item lookups by
    headline."""
    scored = _scored_ids(query, limit=limit, match_any=match_any)
    return None if scored is None else [pk for pk, _ in scored]


def uses_database_index() -> bool:
    """Whether stories are indexed in the database (the default), which the direct ranked
    queries read; with OpenSearch (WARTA_SEARCH_BACKEND) modelsearch's own query is used."""
    return settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].endswith(".database")


def _scored_ids(
    query: ParsedQuery,
    *,
    limit: int | None = None,
    candidates: int | None = None,
    match_any: bool = False,
    within: str | None = None,
) -> list[tuple[int, float]] | None:
    """Ask the full-text index directly for matches and their text relevance (headline
    weighted; higher is better), then filter that short list. modelsearch's ORM query scores
    every page row in a correlated subquery: seconds per query at 20,000 stories.

    `limit`: the best `limit` matches of all. `candidates`: the newest-indexed `candidates`
    matches, unordered: found from the index's row order (cheap: FTS5 walks its rowids
    backwards; PostgreSQL sorts matching row ids, never reading their vectors), only they are
    scored. `within`: only stories under this tree path (a site's root), for a site whose
    stories the network's newest matches left out. SQLite (FTS5) and PostgreSQL (tsvector,
    GIN); elsewhere returns None and modelsearch's query is used."""
    if not uses_database_index():
        return None  # OpenSearch ranks through modelsearch (docs/scale/search.md)
    table = IndexEntry._meta.db_table
    # Each story type's rows are indexed under its own content type (a gallery's as a gallery).
    content_types = story_content_type_ids()
    in_types = ", ".join(["%s"] * len(content_types))
    # Terms and phrases are stems of word characters and hyphens, always quoted below: nothing
    # the reader typed reaches the full-text syntax unquoted.
    if connection.vendor == "sqlite":
        parts = [f'"{t}"' for t in query.terms] + ['"' + " ".join(p) + '"' for p in query.phrases]
        match = (" OR " if match_any else " AND ").join(parts)
        # Table names come from model metadata, never from input; values are parameters.
        found = (
            f"SELECT rowid AS rid, -bm25({table}_fts, 10.0, 1.0, 0.0) AS score "  # noqa: S608
            f"FROM {table}_fts WHERE {table}_fts MATCH %s"
        )
        params: list = [match]
        if within is not None:
            # The site's stories among the matches, newest first: each match's page is looked
            # up, so only for a site the network's newest matches left out.
            page = Page._meta.db_table
            found = (
                f"SELECT f.rid, f.score FROM ({found}) f JOIN {table} w ON w.id = f.rid "  # noqa: S608
                f"JOIN {page} p ON p.id = CAST(w.object_id AS INTEGER) "
                f"WHERE w.content_type_id IN ({in_types}) AND p.path LIKE %s"
            )
            params += [*content_types, within + "%"]
        if candidates:
            found += f" ORDER BY {'f.' if within is not None else ''}rid DESC LIMIT %s"
            params.append(candidates)
        sql = (
            f"SELECT e.object_id, f.score FROM ({found}) f "  # noqa: S608
            f"JOIN {table} e ON e.id = f.rid WHERE e.content_type_id IN ({in_types}) "
            "ORDER BY f.score DESC"
        )
        params += content_types
    elif connection.vendor == "postgresql":
        parts = [f"'{t}'" for t in query.terms] + [
            "(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in query.phrases
        ]
        tsquery = (" | " if match_any else " & ").join(parts)
        # Match on body alone: it holds the stems field (headline stems included) and has
        # a GIN index; Wagtail's table has none on title || body (seconds at 20k).
        matching = (
            f"FROM {table} c WHERE c.content_type_id IN ({in_types}) "  # noqa: S608
            "AND c.body @@ to_tsquery('simple', %s)"
        )
        match_params: list = [*content_types, tsquery]
        if within is not None:
            page = Page._meta.db_table
            matching += (
                f" AND c.object_id IN (SELECT p.id::text FROM {page} p "  # noqa: S608
                "WHERE p.path LIKE %s)"
            )
            match_params.append(within + "%")
        rank = "ts_rank(setweight(e.title, 'A') || e.body, to_tsquery('simple', %s))"
        if candidates:
            return _pg_newest_matches(matching, match_params, tsquery, candidates)
        else:
            sql = (
                f"SELECT c.object_id, {rank.replace('e.', 'c.')} AS score "  # noqa: S608
                f"{matching} ORDER BY score DESC"
            )
            params = [tsquery, *match_params]
    else:
        return None
    if limit:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


# The newest matches are looked for among the newest WINDOWS[0] x candidates index rows,
# then WINDOWS[1] x candidates, until `candidates` are found; then the rest of the archive,
# only if the windows held fewer than ENOUGH (below). Each slice
# reads the word's whole GIN posting list again (13 ms for a word in 65,000 of 1,000,000
# stories), so the first is wide enough for any common word: 20,000 rows.
WINDOWS = (40, 200)
# Matches the windows must hold for the rest of the archive to be left out: a query with at
# least this many matches among the newest WINDOWS[-1] x candidates rows (100,000: months of
# a large network's stories) is ranked among those, five pages of results, all fresher than
# the archive's (whose freshness factor is near FRESHNESS_FLOOR). First pages at 1,000,000
# stories: docs/subsystems/search.md.
ENOUGH = 100


def _pg_newest_matches(
    matching: str, params: list, tsquery: str, candidates: int
) -> list[tuple[int, float]]:
    """PostgreSQL's candidate step: the newest `candidates` matching rows (highest ids: the
    index's row order is publication order, `warta reorder_search_index` keeps it so), then
    their text relevance. These choices keep it fast at 1,000,000 stories:

    - The matches come from the GIN index as a bitmap, never from walking the primary key
      backwards and testing each row's vector (the plan PostgreSQL prefers for `ORDER BY id
      DESC LIMIT` and which detoasts thousands of vectors: 160-220 ms at 100,000): plain
      index scans are switched off for this transaction only.
    - First among the newest 40 x `candidates` rows only (a common word fills its quota
      there, so its older matches are never visited), then 200 x (`WINDOWS`), in one
      statement; PostgreSQL reads these windows from the index over the newest rows
      (`warta.search.recent_index`) once the network has one.
    - The rest of the archive, in a second statement, only when the windows held fewer than
      `ENOUGH` matches (there every match's row is visited).
    - Relevance is `ts_rank` of the headline (x10) plus `ts_rank` of the body, over those
      rows only (concatenating the two vectors first cost twice as much)."""
    table = IndexEntry._meta.db_table
    pick = f"SELECT c.id {matching} {{window}} ORDER BY c.id DESC LIMIT %s"
    rank = (
        "SELECT e.object_id, ts_rank(e.title, to_tsquery('simple', %s)) * 10 "  # noqa: S608
        f"+ ts_rank(e.body, to_tsquery('simple', %s)) FROM {table} e WHERE e.id = ANY(%s)"
    )
    # The setting below lasts to the end of the transaction: one of our own, or the caller's
    # (then no savepoint is needed: the setting is restored before returning).
    block = nullcontext() if connection.in_atomic_block else transaction.atomic()
    with block, connection.cursor() as cursor:
        cursor.execute(
            f"SELECT max(id), current_setting('enable_indexscan') FROM {table}"  # noqa: S608
        )
        newest, before = cursor.fetchone()
        newest = newest or 0
        # Newest window first, each older slice only if the ones before held fewer than
        # `candidates` (Append under Limit runs a branch only when the rows run short): one
        # statement for the windows.
        bounds = [newest - w * candidates for w in WINDOWS if newest > w * candidates]
        slices: list[tuple[str, list]] = []
        upper = None
        for lower in [*bounds, None]:
            where = "".join(
                [" AND c.id > %s" if lower is not None else "", " AND c.id <= %s" if upper else ""]
            )
            slices.append(
                (
                    pick.format(window=where),
                    [
                        *params,
                        *([lower] if lower is not None else []),
                        *([upper] if upper else []),
                    ],
                )
            )
            upper = lower
        *windows, archive = slices
        cursor.execute("SELECT set_config('enable_indexscan', 'off', true)")
        try:
            ids: list[int] = []
            if windows:
                union = " UNION ALL ".join(f"({sql})" for sql, _ in windows)
                cursor.execute(
                    f"SELECT id FROM ({union}) s LIMIT %s",  # noqa: S608
                    [value for _, values in windows for value in (*values, candidates)]
                    + [candidates],
                )
                ids = [row[0] for row in cursor.fetchall()]
            # The rest of the archive only when the windows hold fewer than ENOUGH matches:
            # there every match's row is visited (the tail at a million stories).
            if not windows or len(ids) < min(ENOUGH, candidates):
                sql, values = archive
                cursor.execute(sql, [*values, candidates - len(ids)])
                ids += [row[0] for row in cursor.fetchall()]
        finally:
            cursor.execute("SELECT set_config('enable_indexscan', %s, true)", [before])
        cursor.execute(rank, [tsquery, tsquery, ids])
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def result_region(article) -> str:
    """Where a result comes from: the regional site's name for a regional site's story,
    else the dateline place ("Surabaya"), else nothing."""
    site = site_holding(article.path)
    if site is not None and getattr(site, "region_slug", None):
        return site.site_name
    return (article.dateline_place or "").title()


def matches_terms(word: str, stems: set[str]) -> bool:
    """Whether a word of a story matches the query's terms: through the search analyzer, or as
    written (a query of stop words only)."""
    word = word.lower()
    return bool(word) and (word in stems or any(s in stems for s in analyze(word)))


def snippet(article, stems: set[str]) -> SafeString:
    """Highlighted text from the summary if the match is there, else from the story."""
    summary = article.summary or ""
    if any(matches_terms(w, stems) for w in re.findall(r"[\w-]+", summary)):
        return highlight(summary, stems)
    return highlight(article.plain_text(), stems)


def highlight(text: str, stems: set[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of `text` around the first matching word, matches wrapped in <mark>."""
    tokens = re.split(r"(\s+)", strip_tags(text))
    plain = [t for t in tokens if t.strip()]

    def matches(token: str) -> bool:
        return matches_terms(re.sub(r"[^\w-]", "", token), stems)

    first = next((i for i, t in enumerate(plain) if matches(t)), 0)
    start = max(0, first - 8)
    window = plain[start : start + words]
    out = ["…"] if start > 0 else []
    for token in window:
        out.append(f"<mark>{escape(token)}</mark>" if matches(token) else escape(token))
    if start + words < len(plain):
        out.append("…")
    return mark_safe(" ".join(out))  # noqa: S308 - every token escaped above

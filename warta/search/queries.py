"""Search reads: published stories of a site matching a parsed query, with filters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site
from wagtail.query import PageQuerySet
from wagtail.search.models import IndexEntry
from wagtail.search.query import And, Phrase, PlainText

from warta.articles.models import ArticleAuthor
from warta.articles.queries import live_articles
from warta.channels.models import ChannelPage
from warta.core.indonesia.text import analyze
from warta.core.sites.pages import story_content_type_ids
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
    site: Site, query: ParsedQuery, filters: SearchFilters, zone: str, *, match_any: bool = False
):
    """The site's published stories matching every word of `query` (`match_any`: any word,
    best-matching first: the fallback when every word finds nothing)."""
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
    ranked = _ranked_ids(
        query, limit=None if filters.sort == "newest" else RANKED_LIMIT, match_any=match_any
    )
    if ranked is not None:
        matches = articles.filter(pk__in=ranked)
        if filters.sort == "newest":
            return RankedResults(articles, distinct_headlines(matches.values_list("pk", "title")))
        titles = dict(matches.order_by().values_list("pk", "title"))
        return RankedResults(
            articles, distinct_headlines((pk, titles[pk]) for pk in ranked if pk in titles)
        )
    parts = []
    if query.terms:
        parts.append(PlainText(" ".join(query.terms), operator="or" if match_any else "and"))
    parts += [Phrase(" ".join(phrase)) for phrase in query.phrases]
    search_query = parts[0] if len(parts) == 1 else And(parts)
    # All indexed fields: the stems field carries every stem, and SQLite's backend cannot
    # restrict a query to one field.
    return articles.search(search_query, order_by_relevance=filters.sort == "relevance")


RANKED_LIMIT = 500


def headline_key(title: str) -> str:
    """Headlines that read the same to a reader: case, spacing and punctuation aside."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def distinct_headlines(rows: Iterable[tuple[int, str]]) -> list[int]:
    """Story ids in the order given, without a story whose headline reads the same as one
    before it. A desk that files the same headline again (a daily market close, a story
    re-filed after a fix) would otherwise fill a page of results with one headline: the
    reader sees the best-ranked (or, sorted by date, the newest) of them."""
    seen: set[str] = set()
    ids = []
    for pk, title in rows:
        key = headline_key(title)
        if key not in seen:
            seen.add(key)
            ids.append(pk)
    return ids


class RankedResults(Sequence):
    """Ranked story ids that load only the stories of the slice asked for (the page shown),
    so a common word does not load 500 stories to show 20."""

    def __init__(self, queryset, ids: list[int]) -> None:
        self.queryset = queryset
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:  # type: ignore[override]  # Paginator's count(), not Sequence's
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self.ids[index]
            stories = {
                a.pk: a
                for a in self.queryset.filter(pk__in=ids).prefetch_related("hero_image__renditions")
            }
            return [stories[pk] for pk in ids if pk in stories]
        return self[index : index + 1][0]


def ranked_ids(query: ParsedQuery, *, limit: int, match_any: bool = False) -> list[int] | None:
    """Best-matching story ids, any site; `match_any` for known-item lookups by headline."""
    return _ranked_ids(query, limit=limit, match_any=match_any)


def _ranked_ids(
    query: ParsedQuery, *, limit: int | None, match_any: bool = False
) -> list[int] | None:
    """Ask the full-text index directly for the best matches (headline weighted), then filter
    that short list. modelsearch's ORM query scores every page row in a correlated subquery:
    seconds per query at 20,000 stories. SQLite (FTS5) and PostgreSQL (tsvector, GIN);
    elsewhere returns None and modelsearch's query is used."""
    table = IndexEntry._meta.db_table
    # Each story type's rows are indexed under its own content type (a gallery's as a gallery).
    content_types = story_content_type_ids()
    in_types = ", ".join(["%s"] * len(content_types))
    # Terms and phrases are stems of word characters and hyphens, always quoted below: nothing
    # the reader typed reaches the full-text syntax unquoted.
    if connection.vendor == "sqlite":
        parts = [f'"{t}"' for t in query.terms] + ['"' + " ".join(p) + '"' for p in query.phrases]
        # Table names come from model metadata, never from input; values are parameters.
        sql = (
            f"SELECT e.object_id FROM {table}_fts f JOIN {table} e ON e.id = f.rowid "  # noqa: S608
            f"WHERE {table}_fts MATCH %s AND e.content_type_id IN ({in_types}) "
            f"ORDER BY bm25({table}_fts, 10.0, 1.0, 0.0)"
        )
        params: list = [(" OR " if match_any else " AND ").join(parts), *content_types]
    elif connection.vendor == "postgresql":
        parts = [f"'{t}'" for t in query.terms] + [
            "(" + " <-> ".join(f"'{w}'" for w in p) + ")" for p in query.phrases
        ]
        tsquery = (" | " if match_any else " & ").join(parts)
        sql = (
            f"SELECT e.object_id FROM {table} e "  # noqa: S608
            # Match on body alone: it holds the stems field (headline stems included) and has
            # a GIN index; Wagtail's table has none on title || body (seconds at 20k).
            f"WHERE e.content_type_id IN ({in_types}) AND e.body @@ to_tsquery('simple', %s) "
            f"ORDER BY ts_rank(setweight(e.title, 'A') || e.body, to_tsquery('simple', %s)) DESC"
        )
        params = [*content_types, tsquery, tsquery]
    else:
        return None
    if limit:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(row[0]) for row in cursor.fetchall()]


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

"""Search reads: published stories of a site matching a parsed query, with filters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site
from wagtail.search.query import And, Phrase, PlainText

from warta.articles.models import ArticleAuthor
from warta.articles.queries import live_articles
from warta.core.indonesian import stem_word
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


def search_articles(site: Site, query: ParsedQuery, filters: SearchFilters, zone: str):
    articles = live_articles().prefetch_related(None).filter(path__startswith=site.root_page.path)
    if filters.channel_id:
        from warta.channels.models import ChannelPage

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
    parts = []
    if query.terms:
        parts.append(PlainText(" ".join(query.terms), operator="and"))
    parts += [Phrase(" ".join(phrase)) for phrase in query.phrases]
    search_query = parts[0] if len(parts) == 1 else And(parts)
    # All indexed fields: the stems field carries every stem, and SQLite's backend cannot
    # restrict a query to one field.
    return articles.search(search_query, order_by_relevance=filters.sort == "relevance")


def snippet(article, stems: set[str]) -> SafeString:
    """Highlighted text from the summary if the match is there, else from the story."""
    summary = article.summary or ""
    if any(stem_word(w.lower()) in stems for w in re.findall(r"[\w-]+", summary)):
        return highlight(summary, stems)
    return highlight(article.plain_text(), stems)


def highlight(text: str, stems: set[str], *, words: int = SNIPPET_WORDS) -> SafeString:
    """A window of `text` around the first matching word, matches wrapped in <mark>."""
    tokens = re.split(r"(\s+)", strip_tags(text))
    plain = [t for t in tokens if t.strip()]

    def matches(token: str) -> bool:
        word = re.sub(r"[^\w-]", "", token).lower()
        return bool(word) and stem_word(word) in stems

    first = next((i for i, t in enumerate(plain) if matches(t)), 0)
    start = max(0, first - 8)
    window = plain[start : start + words]
    out = ["…"] if start > 0 else []
    for token in window:
        out.append(f"<mark>{escape(token)}</mark>" if matches(token) else escape(token))
    if start + words < len(plain):
        out.append("…")
    return mark_safe(" ".join(out))  # noqa: S308 - every token escaped above

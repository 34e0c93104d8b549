"""The "Untuk Anda" feed: stories from the reader's region, channels, topics and authors,
ranked with freshness and popularity, kept varied (no more than two in a row on one topic),
without stories already read when history is on, each with the reasons it is there."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from warta.accounts.preferences import Preferences
from warta.analytics.queries import views_last_day
from warta.articles.models import ArticleAuthor, ArticlePageTag, Author
from warta.articles.queries import live_articles
from warta.core.sites.lookup import regional_sites

WINDOW = timedelta(days=14)
CANDIDATES = 400
MAX_IN_A_ROW = 2
WEIGHTS = {"region": 3.0, "channel": 2.0, "topic": 2.5, "author": 2.5, "popular": 1.0}
HALF_LIFE_HOURS = 36  # a strong match from last week must not bury today's news


@dataclass
class FeedItem:
    article: object
    score: float
    reasons: list[str] = field(default_factory=list)
    group: str = ""  # what "the same topic" means for variety: first tag, else channel


def region_roots(prefs: Preferences) -> list[tuple[str, str]]:
    """(root path, site name) of the active regional sites in the reader's province."""
    if not prefs.province_code:
        return []
    return [
        (site.root_page.path, site.site_name)
        for site in regional_sites()
        if site.warta_settings.province_code == prefs.province_code
    ]


def for_you(prefs: Preferences, *, read_ids: set[int] = frozenset(), limit: int = 20) -> list:
    if prefs.is_empty:
        return []
    now = timezone.now()
    regions = region_roots(prefs)
    match = Q()
    for root, _ in regions:
        match |= Q(path__startswith=root)
    if prefs.channels:
        match |= Q(channel__slug__in=prefs.channels)
    tagged = ArticlePageTag.objects.filter(tag__slug__in=prefs.topics)
    if prefs.topics:
        match |= Q(pk__in=tagged.values("content_object_id"))
    authored = ArticleAuthor.objects.filter(author__slug__in=prefs.authors)
    if prefs.authors:
        match |= Q(pk__in=authored.values("page_id"))
    if not match:
        return []
    stories = list(
        live_articles()
        .filter(match, first_published_at__gte=now - WINDOW)
        .exclude(pk__in=list(read_ids))
        .prefetch_related("tagged_items__tag")[:CANDIDATES]
    )
    if not stories:
        return []
    ids = [s.pk for s in stories]
    by_author = {}
    for page_id, slug, name in authored.filter(page_id__in=ids).values_list(
        "page_id", "author__slug", "author__name"
    ):
        by_author.setdefault(page_id, (slug, name))
    views = _views(ids, now)
    top_views = max(views.values(), default=0) or 1
    author_names = dict(Author.objects.filter(slug__in=prefs.authors).values_list("slug", "name"))
    items = []
    for story in stories:
        score, reasons = 0.0, []
        region = next((name for root, name in regions if story.path.startswith(root)), None)
        if region:
            score += WEIGHTS["region"]
            reasons.append(f"Daerah: {prefs.province.name if prefs.province else region}")
        if story.channel_id and story.channel.slug in prefs.channels:
            score += WEIGHTS["channel"]
            reasons.append(f"Kanal: {story.channel.title}")
        tags = [t.tag for t in story.tagged_items.all()]
        followed = [t for t in tags if t.slug in prefs.topics]
        if followed:
            score += WEIGHTS["topic"] * min(len(followed), 2)
            reasons.append(f"Topik: {followed[0].name}")
        if story.pk in by_author:
            score += WEIGHTS["author"]
            slug, name = by_author[story.pk]
            reasons.append(f"Penulis: {author_names.get(slug, name)}")
        hours = max((now - story.first_published_at).total_seconds() / 3600, 0)
        score *= 0.25 + 0.75 * math.exp(-hours * math.log(2) / HALF_LIFE_HOURS)
        if views.get(story.pk):
            share = views[story.pk] / top_views
            score += WEIGHTS["popular"] * share
            if share > 0.5:
                reasons.append("Populer hari ini")
        group = tags[0].slug if tags else (story.channel.slug if story.channel_id else "")
        items.append(FeedItem(story, score, reasons, group))
    items.sort(key=lambda i: (-i.score, -i.article.first_published_at.timestamp()))
    return varied(items, limit)


def varied(items: list[FeedItem], limit: int) -> list[FeedItem]:
    """Best first, but never more than MAX_IN_A_ROW items of one group in a row while another
    group is still waiting."""
    pool, out = list(items), []
    while pool and len(out) < limit:
        recent = [i.group for i in out[-MAX_IN_A_ROW:]]
        blocked = len(recent) == MAX_IN_A_ROW and len(set(recent)) == 1 and recent[0]
        pick = next((i for i in pool if not blocked or i.group != recent[0]), pool[0])
        pool.remove(pick)
        out.append(pick)
    return out


def _views(ids: list[int], now) -> dict[int, int]:
    return views_last_day(ids)


def regional_stories(prefs: Preferences, *, limit: int = 5) -> list:
    """ "Berita daerah Anda": the newest stories of the reader's province's sites."""
    roots = region_roots(prefs)
    if not roots:
        return []
    match = Q()
    for root, _ in roots:
        match |= Q(path__startswith=root)
    stories, seen = [], set()
    for story in live_articles().prefetch_related(None).filter(match)[: limit * 3]:
        if story.title.strip().lower() not in seen:  # two desks, one headline: show it once
            seen.add(story.title.strip().lower())
            stories.append(story)
    return stories[:limit]

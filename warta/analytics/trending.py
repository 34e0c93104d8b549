"""Sedang tren: the topics (tags) of the stories most read on a site in the last six hours,
weighted by their views, shown as a strip on the site's home and channel pages.

Computed from the hourly story roll-ups of the reading site (one query), kept in the cache
and recomputed by the worker each tick (`refresh_trending`, warta.analytics.jobs). When a
site's set changes, the pages showing it are purged through their `trending:<site>` key; a
tick that finds the same set purges nothing, so the page cache keeps its pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from warta.analytics.models import HOUR, STORY, Stat
from warta.articles.models import ArticlePage, ArticlePageTag
from warta.articles.queries import without_suspended
from warta.core.pagecache import depends_on, keys, purge_keys
from warta.core.sites.lookup import all_sites

WINDOW = timedelta(hours=6)
LIMIT = 6
KEEP_SECONDS = 24 * 3600  # the worker rewrites it each tick; this only bounds a dead worker
CACHE_PREFIX = "warta:trending:v1:"


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    slug: str
    weight: int  # views in the window of the stories carrying it

    @property
    def path(self) -> str:
        return f"/tag/{self.slug}/"


def _cache_key(site_id: int) -> str:
    return f"{CACHE_PREFIX}{site_id}"


def compute_trending(site_id: int, *, now: datetime | None = None, limit: int = LIMIT):
    """The site's trending topics from the roll-ups, heaviest first (one query): each tag of a
    published story read on this site in the window (the current hour and the six before it
    began, whole hours) weighs the views of its stories."""
    now = now or timezone.now()
    since = (now - WINDOW).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    read = Stat.objects.filter(grain=HOUR, dimension=STORY, site_id=site_id, bucket__gte=since)
    views = (
        read.filter(key=OuterRef("content_object_id"))
        .values("key")
        .annotate(total=Sum("views"))
        .values("total")
    )
    rows = ArticlePageTag.objects.filter(
        content_object_id__in=read.filter(views__gt=0).values("key")
    ).filter(content_object_id__in=without_suspended(ArticlePage.objects.live()).values("pk"))
    ranked = (
        rows.annotate(story_views=Subquery(views))
        .values("tag_id", "tag__name", "tag__slug")
        .annotate(weight=Sum("story_views"))
        .order_by("-weight", "tag__name")[:limit]
    )
    return [Topic(r["tag__name"], r["tag__slug"], int(r["weight"] or 0)) for r in ranked]


def trending_topics(site) -> list[Topic]:
    """What the strip shows for this site: the cached set (computed here when the cache has
    none yet). Registers the `trending:<site>` key on the page being rendered."""
    depends_on(keys.trending(site.pk))
    found = cache.get(_cache_key(site.pk))
    if found is None:
        found = compute_trending(site.pk)
        cache.set(_cache_key(site.pk), found, KEEP_SECONDS)
    return found


def _shown(topics: list[Topic]) -> list[tuple[str, str]]:
    return [(t.name, t.slug) for t in topics]


def refresh_trending(*, now: datetime | None = None) -> list[int]:
    """Recompute every site's set; purge the pages of the sites whose set changed (their
    names or order; the weights alone do not show). Returns those sites' ids."""
    changed = []
    for site in all_sites():
        fresh = compute_trending(site.pk, now=now)
        before = cache.get(_cache_key(site.pk))
        cache.set(_cache_key(site.pk), fresh, KEEP_SECONDS)
        if before is None or _shown(before) != _shown(fresh):
            changed.append(site.pk)
    if changed:
        purge_keys([keys.trending(pk) for pk in changed])
    return changed

"""Reads of the roll-ups shared by public pages and the newsroom: Terpopuler, trending, a
story's readers now. (The dashboards' own reads are in `dashboards.py`.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import Case, Count, F, Q, Sum, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from warta.analytics.models import HOUR, STORY, ActiveReader, Stat
from warta.analytics.rollup import ACTIVE_SECONDS
from warta.articles.models import ArticlePage
from warta.articles.queries import live_articles
from warta.newsroom.isolation import own_pages

MOST_READ_TTL = 60
MAX_BADGES = 100  # stories asked for at once by the admin's badges (a listing shows 50)


def _hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def most_read(site, *, hours: int = 24, limit: int = 5) -> list:
    """The most read published stories on a site in the last 24 hours or 7 days."""
    return most_read_periods(site, limit=limit)["day" if hours <= 24 else "week"]


def most_read_periods(site, *, limit: int = 5) -> dict[str, list]:
    """Terpopuler for the last 24 hours and the last 7 days: views on this site (its own
    stories and those circulated to it), from the hourly roll-ups, in two queries (one ranks
    both periods with window functions, one loads the stories); cached for a minute."""
    key = f"warta:most-read:v3:{site.pk}:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    now = timezone.now()
    day_start = _hour(now - timedelta(hours=24))
    ranked = list(
        Stat.objects.filter(
            grain=HOUR, dimension=STORY, site_id=site.pk, bucket__gte=_hour(now - timedelta(days=7))
        )
        .values("key")
        .annotate(
            week=Sum("views"),
            day=Sum(Case(When(bucket__gte=day_start, then=F("views")), default=0)),
        )
        .annotate(
            rank_week=Window(RowNumber(), order_by=[F("week").desc(), F("key")]),
            rank_day=Window(RowNumber(), order_by=[F("day").desc(), F("key")]),
        )
        .filter(Q(rank_week__lte=limit * 2) | Q(rank_day__lte=limit * 2))
    )
    ids = [row["key"] for row in ranked]
    stories = {a.pk: a for a in live_articles().prefetch_related(None).filter(pk__in=ids)}
    found = {}
    for period in ("day", "week"):
        rows = sorted(
            (r for r in ranked if r[period] > 0 and r["key"] in stories),
            key=lambda r: r[f"rank_{period}"],
        )
        found[period] = [stories[r["key"]] for r in rows[:limit]]
    cache.set(key, found, MOST_READ_TTL)
    return found


def views_last_day(ids: list[int]) -> dict[int, int]:
    """Views of each story in the last 24 hours, on every site."""
    since = _hour(timezone.now() - timedelta(hours=24))
    rows = (
        Stat.objects.filter(grain=HOUR, dimension=STORY, key__in=ids, bucket__gte=since)
        .values("key")
        .annotate(total=Sum("views"))
    )
    return {r["key"]: r["total"] for r in rows}


def readers_now(*, site_ids: list[int] | None = None, story_ids: list[int] | None = None):
    """Visitors with an event in the last five minutes: the total, per site, per channel and
    per story (one query)."""
    since = timezone.now() - timedelta(seconds=ACTIVE_SECONDS)
    rows = ActiveReader.objects.filter(last_seen__gte=since)
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    if story_ids is not None:
        rows = rows.filter(story_id__in=story_ids)
    return rows


def readers_now_of_stories(story_ids: list[int]) -> dict[int, int]:
    """Readers now of each story (all sites), for the page explorer and the editor."""
    if not story_ids:
        return {}
    counted = (
        readers_now(story_ids=story_ids).values("story_id").annotate(n=Count("visitor")).order_by()
    )
    return {row["story_id"]: row["n"] for row in counted}


def readers_now_in_admin(user, story_ids: list[int]) -> dict[int, int]:
    """Readers now of the published stories among `story_ids` that the user may see in the
    admin (the tenant rule: their own sites' stories, every site's for network admins), 0
    for one nobody reads now; other ids are left out. Counts only; two queries besides the
    user's sites."""
    live = own_pages(user, ArticlePage.objects.live().filter(pk__in=story_ids[:MAX_BADGES]))
    shown = list(live.values_list("pk", flat=True))
    counted = readers_now_of_stories(shown)
    return {pk: counted.get(pk, 0) for pk in shown}

"""Reads of the newsroom's dashboards (warta.analytics.admin_views): who may see which site's
numbers, and each view's figures, from the roll-ups (`Stat`) and "readers now"
(`ActiveReader`) only, never the event log. Every read costs a fixed number of queries
whatever the number of stories (titles and names come in one query per kind).

Days are the site's local days (WIB/WITA/WIT): "today" starts at the site's midnight."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Sum, When
from django.utils import timezone
from wagtail.models import Page, Site

from warta.analytics.models import (
    AUTHOR,
    CHANNEL,
    DAY,
    HOUR,
    MINUTE,
    REFERRER_CLASSES,
    SITE,
    STORY,
    ActiveReader,
    Stat,
)
from warta.analytics.rollup import ACTIVE_SECONDS
from warta.articles.models import ArticleAuthor, ArticlePage, Author
from warta.core.sites.lookup import all_sites, site_settings_for
from warta.newsroom.roles import sites_user_may_edit

TOP = 10
RISING_MINUTES = 30  # a story rises when its last 30 minutes beat the 30 before
MEDIAN_DAYS = 30  # the site's median story: stories published in the last 30 days
STORY_HOURS = 72  # the per-story chart: the first three days, hour by hour
MEDIAN_TTL = 600
SUMMED = ("views", "visitors", "engaged_seconds", "pings", "recirculated", "lite_views") + tuple(
    f"ref_{c}" for c in REFERRER_CLASSES
)


# ---- who sees what --------------------------------------------------------------------------


def dashboard_sites(user) -> list[Site]:
    """The sites whose numbers the user may read: those they write for (`sites_user_may_edit`:
    a regional editor or reporter their own site, network admins and superusers every site).
    Reporters read their site's numbers like its editors; nothing here changes anything."""
    return sites_user_may_edit(user)


def sees_network(user, sites: list[Site] | None = None) -> bool:
    """The network view (every site side by side) is for those who may read every site."""
    sites = dashboard_sites(user) if sites is None else sites
    return bool(sites) and {s.pk for s in sites} == {s.pk for s in all_sites()}


def site_or_none(sites: list[Site], site_id: int) -> Site | None:
    return next((s for s in sites if s.pk == site_id), None)


def story_or_none(site: Site, story_id: int) -> ArticlePage | None:
    """A published story the site's numbers may show: one of its own, or another site's
    story read on it (circulated; it has rows there). Drafts and unknown ids: None."""
    if not 0 < story_id < 2**31:
        return None
    story = ArticlePage.objects.filter(pk=story_id, live=True).first()
    if story is None:
        return None
    if story.path.startswith(site.root_page.path):
        return story
    read_here = Stat.objects.filter(grain=DAY, dimension=STORY, key=story_id, site_id=site.pk)
    return story if read_here.exists() else None


# ---- numbers ------------------------------------------------------------------------------


@dataclass
class Totals:
    """Summed counters of some rows, with the ratios the dashboards show."""

    views: int = 0
    visitors: int = 0
    engaged_seconds: int = 0
    pings: int = 0
    recirculated: int = 0
    lite_views: int = 0
    story_views: int = 0  # the views of stories among `views` (recirculation's denominator)
    refs: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, row: dict | None, *, story_views: int | None = None) -> Totals:
        row = row or {}
        views = row.get("views") or 0
        return cls(
            views=views,
            visitors=row.get("visitors") or 0,
            engaged_seconds=row.get("engaged_seconds") or 0,
            pings=row.get("pings") or 0,
            recirculated=row.get("recirculated") or 0,
            lite_views=row.get("lite_views") or 0,
            story_views=views if story_views is None else story_views,
            refs={c: row.get(f"ref_{c}") or 0 for c in REFERRER_CLASSES},
        )

    @property
    def engaged_per_view(self) -> float:
        """Average engaged seconds per view (lite views send no pings but are views)."""
        return self.engaged_seconds / self.views if self.views else 0.0

    @property
    def recirculation(self) -> float:
        """Percentage of story views that came from a Warta link."""
        return 100 * self.recirculated / self.story_views if self.story_views else 0.0


def _sums(prefix: str = "") -> dict:
    return {name: Sum(f"{prefix}{name}") for name in SUMMED}


def local_day_start(site: Site, day: date) -> datetime:
    zone = ZoneInfo(site_settings_for(site).time_zone)
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def local_today(site: Site, now: datetime | None = None) -> date:
    zone = ZoneInfo(site_settings_for(site).time_zone)
    return (now or timezone.now()).astimezone(zone).date()


def titles(ids) -> dict[int, str]:
    """Titles of published pages (stories and desks) by id, in one query. Only published
    ones: a beacon may name any page id (a draft's, another site's), and counting it is
    harmless, but its title must never show; lists leave such pages out."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(Page.objects.filter(pk__in=ids, live=True).values_list("pk", "title"))


@dataclass
class Ranked:
    """One story, desk or author in a list."""

    key: int
    name: str
    value: int
    trend: str = ""  # "up", "down" or "" (steady or too few views to say)
    totals: Totals | None = None


def _ranked(key: int, names: dict, value: int, marks: dict | None = None) -> Ranked:
    return Ranked(key, names.get(key, f"#{key}"), value, (marks or {}).get(key, ""))


@dataclass
class LiveNow:
    total: int
    desks: list[Ranked]
    stories: list[Ranked]


def _live_counts(site: Site, now: datetime | None, limit: int) -> tuple[int, list, list]:
    """Readers now: the total, (desk, readers) and the top (story, readers) pairs; one query."""
    since = (now or timezone.now()) - timedelta(seconds=ACTIVE_SECONDS)
    rows = (
        ActiveReader.objects.filter(site_id=site.pk, last_seen__gte=since)
        .values("story_id", "channel_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    desks: dict[int, int] = defaultdict(int)
    stories: dict[int, int] = defaultdict(int)
    total = 0
    for row in rows:
        total += row["n"]
        if row["channel_id"]:
            desks[row["channel_id"]] += row["n"]
        if row["story_id"]:
            stories[row["story_id"]] += row["n"]

    def ranked(counts: dict[int, int]) -> list[tuple[int, int]]:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    return total, ranked(desks), ranked(stories)[:limit]


def _live(counts: tuple[int, list, list], names: dict[int, str]) -> LiveNow:
    total, desks, stories = counts
    return LiveNow(
        total=total,
        desks=[_ranked(k, names, n) for k, n in desks if k in names],
        stories=[_ranked(k, names, n) for k, n in stories if k in names],
    )


def readers_now_of_site(site: Site, *, now: datetime | None = None, limit: int = TOP) -> LiveNow:
    """Readers now on a site: the total, per desk (channel) and the stories they read. Two
    queries: the counts, then the titles."""
    counts = _live_counts(site, now, limit)
    return _live(counts, titles(k for k, _ in counts[1] + counts[2]))


def trends(site: Site, ids: list[int], *, now: datetime | None = None) -> dict[int, str]:
    """Rising or falling: a story's views in the last 30 minutes against the 30 before, from
    the minute rows (one query). A change of at least a fifth and of at least 3 views."""
    if not ids:
        return {}
    now = now or timezone.now()
    middle = now - timedelta(minutes=RISING_MINUTES)
    rows = (
        Stat.objects.filter(
            grain=MINUTE,
            dimension=STORY,
            site_id=site.pk,
            key__in=ids,
            bucket__gte=now - timedelta(minutes=2 * RISING_MINUTES),
        )
        .values("key")
        .annotate(
            recent=Sum(Case(When(bucket__gte=middle, then=F("views")), default=0)),
            before=Sum(
                Case(When(bucket__lt=middle, then=F("views")), default=0),
                output_field=IntegerField(),
            ),
        )
        .order_by()
    )
    found = {}
    for row in rows:
        recent, before = row["recent"] or 0, row["before"] or 0
        change = recent - before
        if abs(change) >= max(3, before / 5):
            found[row["key"]] = "up" if change > 0 else "down"
    return found


@dataclass
class HourSeries:
    today: list[int]  # 24 local hours
    yesterday: list[int]
    hour_now: int  # the local hour now (today's series ends there)


def hours_today_and_yesterday(site: Site, *, now: datetime | None = None) -> HourSeries:
    """Views per local hour today and yesterday, from the site's hour rows (one query)."""
    now = now or timezone.now()
    today = local_today(site, now)
    start = local_day_start(site, today)
    before = local_day_start(site, today - timedelta(days=1))
    series = {"today": [0] * 24, "yesterday": [0] * 24}
    rows = Stat.objects.filter(
        grain=HOUR, dimension=SITE, key=site.pk, site_id=site.pk, bucket__gte=before
    ).values_list("bucket", "views")
    for bucket, views in rows:
        which, origin = ("today", start) if bucket >= start else ("yesterday", before)
        index = int((bucket - origin).total_seconds() // 3600)
        if 0 <= index < 24:
            series[which][index] += views
    hour_now = int((now - start).total_seconds() // 3600)
    return HourSeries(series["today"], series["yesterday"], min(max(hour_now, 0), 23))


@dataclass
class Overview:
    site: Site
    day: date
    now: LiveNow
    totals: Totals
    top_today: list[Ranked]
    hours: HourSeries


def overview(site: Site, *, now: datetime | None = None) -> Overview:
    """The site's dashboard: readers now, today's totals and top stories with their trend,
    views per hour today and yesterday. Seven queries whatever the traffic or the number of
    stories (one of them the titles)."""
    now = now or timezone.now()
    day = local_today(site, now)
    start = local_day_start(site, day)
    counts = _live_counts(site, now, TOP)
    site_row = (
        Stat.objects.filter(grain=DAY, dimension=SITE, key=site.pk, site_id=site.pk, bucket=start)
        .values(*SUMMED)
        .first()
    )
    stories_today = Stat.objects.filter(grain=DAY, dimension=STORY, site_id=site.pk, bucket=start)
    story_views = stories_today.aggregate(n=Sum("views"))["n"] or 0
    top = list(stories_today.order_by("-views", "key").values("key", "views")[:TOP])
    marks = trends(site, [r["key"] for r in top] + [k for k, _ in counts[2]], now=now)
    names = titles([r["key"] for r in top] + [k for k, _ in counts[1] + counts[2]])
    live = _live(counts, names)
    for ranked in live.stories:
        ranked.trend = marks.get(ranked.key, "")
    return Overview(
        site=site,
        day=day,
        now=live,
        totals=Totals.of(site_row, story_views=story_views),
        top_today=[_ranked(r["key"], names, r["views"], marks) for r in top if r["key"] in names],
        hours=hours_today_and_yesterday(site, now=now),
    )


# ---- one story ------------------------------------------------------------------------------


def _hour_floor(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def median_story_curve(site: Site, *, hours: int = STORY_HOURS) -> list[float]:
    """Views of the site's median story at each hour since publishing: for hour h, the median
    over the site's stories published in the last 30 days (and at least h hours ago) of their
    views on this site in that hour (an hour without a row counts 0). Two queries, cached for
    ten minutes."""
    key = f"warta:analytics:median:v1:{site.pk}:{hours}"
    found = cache.get(key)
    if found is not None:
        return found
    now = timezone.now()
    published = dict(
        ArticlePage.objects.filter(
            path__startswith=site.root_page.path,
            live=True,
            first_published_at__gte=now - timedelta(days=MEDIAN_DAYS),
        ).values_list("pk", "first_published_at")
    )
    starts = {pk: _hour_floor(at) for pk, at in published.items() if at}
    views: dict[int, list[int]] = {pk: [0] * hours for pk in starts}
    if starts:
        rows = Stat.objects.filter(
            grain=HOUR,
            dimension=STORY,
            site_id=site.pk,
            key__in=list(starts),
            bucket__gte=min(starts.values()),
        ).values_list("key", "bucket", "views")
        for story_id, bucket, count in rows:
            offset = int((bucket - starts[story_id]).total_seconds() // 3600)
            if 0 <= offset < hours:
                views[story_id][offset] += count
    curve = []
    current = _hour_floor(now)
    for offset in range(hours):
        old_enough = current - timedelta(hours=offset)
        seen = [views[pk][offset] for pk, s in starts.items() if s <= old_enough]
        curve.append(float(statistics.median(seen)) if seen else 0.0)
    cache.set(key, curve, MEDIAN_TTL)
    return curve


@dataclass
class StoryNumbers:
    story: ArticlePage
    totals: Totals
    readers_now: int
    hours: list[int]  # views per hour since publishing (the first STORY_HOURS)
    median: list[float]


def story_numbers(site: Site, story: ArticlePage, *, now: datetime | None = None) -> StoryNumbers:
    """One story on one site: totals of all its days, readers now, views hour by hour since
    publishing, and the site's median story for comparison."""
    now = now or timezone.now()
    rows = Stat.objects.filter(dimension=STORY, key=story.pk, site_id=site.pk)
    totals = Totals.of(rows.filter(grain=DAY).aggregate(**_sums()))
    start = _hour_floor(story.first_published_at or now)
    elapsed = int((_hour_floor(now) - start).total_seconds() // 3600) + 1
    shown = max(1, min(STORY_HOURS, elapsed))
    hours = [0] * shown
    for bucket, views in rows.filter(
        grain=HOUR, bucket__gte=start, bucket__lt=start + timedelta(hours=shown)
    ).values_list("bucket", "views"):
        hours[int((bucket - start).total_seconds() // 3600)] += views
    since = now - timedelta(seconds=ACTIVE_SECONDS)
    active = ActiveReader.objects.filter(site_id=site.pk, story_id=story.pk, last_seen__gte=since)
    return StoryNumbers(
        story=story,
        totals=totals,
        readers_now=active.count(),
        hours=hours,
        median=median_story_curve(site)[:shown],
    )


# ---- desks, authors, regions, export ---------------------------------------------------------


def day_range(site: Site, first: date, last: date) -> tuple[datetime, datetime]:
    """UTC bounds of the site's local days first..last (inclusive)."""
    return local_day_start(site, first), local_day_start(site, last + timedelta(days=1))


def _ranked_in_range(
    site: Site,
    dimension: str,
    first: date,
    last: date,
    limit: int | None,
    keys_in: QuerySet | None = None,
) -> list[Ranked]:
    start, end = day_range(site, first, last)
    in_range = Stat.objects.filter(
        grain=DAY, dimension=dimension, site_id=site.pk, bucket__gte=start, bucket__lt=end
    )
    if keys_in is not None:
        in_range = in_range.filter(key__in=keys_in)
    summed = in_range.values("key").annotate(**_sums()).order_by("-views", "key")
    rows = list(summed if limit is None else summed[:limit])
    keys = [r["key"] for r in rows]
    if dimension == AUTHOR:
        names = dict(Author.objects.filter(pk__in=keys).values_list("pk", "name"))
    else:
        names = titles(keys)
    # Channel and author rows count story views only: all of them are recirculation's base.
    return [
        Ranked(r["key"], names[r["key"]], r["views"] or 0, totals=Totals.of(r))
        for r in rows
        if r["key"] in names
    ]


def desks_in_range(site: Site, first: date, last: date) -> list[Ranked]:
    """Each desk (channel) of the site's stories read on the site, with its totals."""
    return _ranked_in_range(site, CHANNEL, first, last, None)


def authors_in_range(site: Site, first: date, last: date, *, limit: int = 50) -> list[Ranked]:
    return _ranked_in_range(site, AUTHOR, first, last, limit)


def stories_in_range(
    site: Site,
    first: date,
    last: date,
    *,
    limit: int | None = None,
    author_id: int | None = None,
    channel_id: int | None = None,
) -> list[Ranked]:
    """The stories read on the site in the range, most read first (all of them: the CSV);
    only one author's or one desk's when asked (a subquery: still one query)."""
    keys_in = None
    if author_id is not None:
        keys_in = ArticleAuthor.objects.filter(author_id=author_id).values("page_id")
    elif channel_id is not None:
        keys_in = ArticlePage.objects.filter(channel_id=channel_id).values("pk")
    return _ranked_in_range(site, STORY, first, last, limit, keys_in)


def counted_here(
    site: Site, *, author_id: int | None = None, channel_id: int | None = None
) -> bool:
    """The author or desk has numbers on this site (so its name may be shown there): a name
    from elsewhere in the network is not this site's to see."""
    dimension, key = (AUTHOR, author_id) if author_id is not None else (CHANNEL, channel_id)
    if key is None:
        return False
    return Stat.objects.filter(grain=DAY, dimension=dimension, key=key, site_id=site.pk).exists()


def author_name(author_id: int) -> str | None:
    return Author.objects.filter(pk=author_id).values_list("name", flat=True).first()


@dataclass
class Region:
    site: Site
    readers_now: int
    views_today: int
    visitors_today: int


def network_regions(sites: list[Site], *, now: datetime | None = None) -> list[Region]:
    """Every site with its readers now and today's views (each site's own local day): two
    queries whatever the number of sites."""
    now = now or timezone.now()
    if not sites:
        return []
    since = now - timedelta(seconds=ACTIVE_SECONDS)
    active = dict(
        ActiveReader.objects.filter(site_id__in=[s.pk for s in sites], last_seen__gte=since)
        .values("site_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("site_id", "n")
    )
    # Sites share a few local midnights (one per time zone): one condition per midnight,
    # not one per site (500 ORed conditions took longer to build than to run).
    by_start: dict[datetime, list[int]] = {}
    wanted: set[tuple[int, datetime]] = set()
    for site in sites:
        start = local_day_start(site, local_today(site, now))
        by_start.setdefault(start, []).append(site.pk)
        wanted.add((site.pk, start))
    today = Q()
    for start, pks in by_start.items():
        today |= Q(bucket=start, key__in=pks, site_id__in=pks)
    rows = {
        key: (views, visitors)
        for key, site_id, bucket, views, visitors in Stat.objects.filter(
            today, grain=DAY, dimension=SITE
        ).values_list("key", "site_id", "bucket", "views", "visitors")
        if key == site_id and (key, bucket) in wanted
    }
    regions = [Region(s, active.get(s.pk, 0), *rows.get(s.pk, (0, 0))) for s in sites]
    return sorted(regions, key=lambda r: (-r.readers_now, -r.views_today, r.site.site_name))

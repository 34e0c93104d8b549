"""The roll-up: reads new lines of the event log and adds them to the per-minute, hour and
day counters (`Stat`) of each site, story, channel and author, to the day's visitors and to
"readers now" (`ActiveReader`).

A batch costs a handful of statements whatever its size (one upsert per table, executemany),
and the counters and the log cursor move in one transaction guarded by the cursor's version:
a batch is added once, even when two processes roll at the same moment or one dies midway.
Run by every serving process's flusher (about every ROLL_SECONDS) and by the worker each tick,
so "readers now" moves within seconds.

The log is split by site into WARTA_ANALYTICS_PARTITIONS partitions (warta.analytics.store),
each with its own cursor; `roll_all` claims each partition in the cache for a short while
(CLAIM_SECONDS, renewed per batch) and skips those another process holds, so processes that
roll at once take different partitions. Every row a partition writes is one of its own
sites' (`Stat`, `ActiveReader` by site; `SeenVisitor` by visitor hash, which holds the site),
so partitions never wait for each other's rows."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from warta.analytics.ingest import LITE, PING, VIEW
from warta.analytics.models import (
    AUTHOR,
    CHANNEL,
    DAY,
    HOUR,
    MINUTE,
    SITE,
    STORY,
    ActiveReader,
    RollCursor,
    SeenVisitor,
    Stat,
)
from warta.analytics.store import WHOLE, Cursor, Partition, event_log, in_order, partitions
from warta.articles.models import ArticleAuthor, ArticlePage, Listing
from warta.core.sites.lookup import all_sites, site_settings_for

logger = logging.getLogger(__name__)
ACTIVE_SECONDS = 300  # "readers now": a visitor with an event in the last five minutes
BATCH = 50_000
CLAIM_SECONDS = 60  # a partition's claim; renewed after each batch, so a dead roller frees it
CLAIM_PREFIX = "warta:analytics:rolling:"
KEEP_MINUTES = timedelta(hours=48)
# One visitor in one minute: more than this is a script, not a reader.
MAX_VIEWS_PER_MINUTE = 20
MAX_ENGAGED_PER_MINUTE = 60
COUNTERS = (
    "views",
    "visitors",
    "engaged_seconds",
    "pings",
    "scroll_total",
    "scroll_views",
    "recirculated",
    "lite_views",
    "ref_search",
    "ref_social",
    "ref_apps",
    "ref_direct",
    "ref_internal",
    "ref_network",
    "ref_other",
)


class Conflict(Exception):
    """Another process rolled this batch first."""


@dataclass(frozen=True, slots=True)
class Line:
    at: float
    kind: str
    site_id: int
    story_id: int
    visitor: str
    engaged: int
    scroll: int
    referrer: str


def parse_line(text: str) -> Line | None:
    parts = text.rstrip("\n").split("\t")
    if len(parts) != 8:
        return None
    try:
        return Line(
            float(parts[0]),
            parts[1],
            int(parts[2]),
            int(parts[3]),
            parts[4],
            int(parts[5]),
            int(parts[6]),
            parts[7],
        )
    except ValueError:
        return None


@dataclass
class StoryFacts:
    channel_id: int | None
    author_ids: tuple[int, ...]
    sites: frozenset[int] = frozenset()  # the sites whose lists show it (own, circulated)


def story_facts(ids: set[int]) -> dict[int, StoryFacts]:
    """The channel, authors and listing sites of each published story (three queries). Ids
    that are no published story (a draft, a deleted page, anything a forged beacon names) are
    left out: such a view counts for the site alone."""
    ids.discard(0)
    if not ids:
        return {}
    published = ArticlePage.objects.filter(pk__in=ids, live=True)
    facts = {
        pk: StoryFacts(channel_id, ())
        for pk, channel_id in published.values_list("pk", "channel_id")
    }
    authors: dict[int, list[int]] = defaultdict(list)
    for page_id, author_id in ArticleAuthor.objects.filter(page_id__in=facts).values_list(
        "page_id", "author_id"
    ):
        authors[page_id].append(author_id)
    sites: dict[int, set[int]] = defaultdict(set)
    for article_id, site_id in Listing.objects.filter(article_id__in=facts).values_list(
        "article_id", "site_id"
    ):
        sites[article_id].add(site_id)
    for pk, found in facts.items():
        found.author_ids = tuple(authors.get(pk, ()))
        found.sites = frozenset(sites.get(pk, ()))
    return facts


def site_zones() -> dict[int, ZoneInfo]:
    return {site.pk: ZoneInfo(site_settings_for(site).time_zone) for site in all_sites()}


def _minute(at: float) -> datetime:
    return datetime.fromtimestamp(at - at % 60, UTC)


def _hour(at: float) -> datetime:
    return datetime.fromtimestamp(at - at % 3600, UTC)


def _local_day(at: float, zone: ZoneInfo) -> tuple[date, datetime]:
    local = datetime.fromtimestamp(at, zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return local.date(), start.astimezone(UTC)


@dataclass
class Batch:
    """What one batch adds."""

    stats: dict[tuple, list[int]]  # key -> the COUNTERS, in order
    new_visitors: dict[tuple[date, int, str], list[tuple]]  # (day, scope, visitor) -> stat keys
    active: dict[tuple[int, str], tuple[float, int | None, int | None]]
    events: int = 0
    dropped: int = 0


INDEX = {name: n for n, name in enumerate(COUNTERS)}
REFERRER_INDEX = {name[4:]: n for name, n in INDEX.items() if name.startswith("ref_")}
VISITORS = INDEX["visitors"]


def aggregate(lines: list[Line], *, now: float) -> Batch:
    """Counters per (site, story, minute) first, then spread to every dimension and grain
    once per such key rather than once per event."""
    zones = site_zones()
    facts = story_facts({line.story_id for line in lines})
    batch = Batch(stats={}, new_visitors=defaultdict(list), active={})
    per_minute: Counter = Counter()
    engaged_minute: Counter = Counter()
    base: dict[tuple[int, int, int], list[int]] = {}
    width = len(COUNTERS)
    views, pings, engaged_at, scroll_total = (
        INDEX["views"],
        INDEX["pings"],
        INDEX["engaged_seconds"],
        INDEX["scroll_total"],
    )
    lite_views, scroll_views, recirculated = (
        INDEX["lite_views"],
        INDEX["scroll_views"],
        INDEX["recirculated"],
    )
    day_starts: dict[tuple[int, int], tuple[date, datetime]] = {}
    active_since = now - ACTIVE_SECONDS
    for line in lines:
        zone = zones.get(line.site_id)
        if zone is None or line.kind not in (VIEW, PING, LITE):
            batch.dropped += 1
            continue
        minute = int(line.at // 60)
        story = facts.get(line.story_id)
        if story is not None and line.site_id not in story.sites:
            story = None  # not a story of this site, nor circulated to it: the site alone
        story_id = line.story_id if story is not None else 0
        key = (line.site_id, story_id, minute)
        counters = base.get(key)
        if counters is None:
            counters = base[key] = [0] * width
        if line.kind == PING:
            allowed = MAX_ENGAGED_PER_MINUTE - engaged_minute[line.visitor, minute]
            engaged = max(0, min(line.engaged, allowed))
            engaged_minute[line.visitor, minute] += engaged
            counters[pings] += 1
            counters[engaged_at] += engaged
            counters[scroll_total] += line.scroll
        else:
            per_minute[line.visitor, minute] += 1
            if per_minute[line.visitor, minute] > MAX_VIEWS_PER_MINUTE:
                batch.dropped += 1
                continue
            referrer = REFERRER_INDEX.get(line.referrer, REFERRER_INDEX["other"])
            counters[views] += 1
            counters[referrer] += 1
            counters[lite_views if line.kind == LITE else scroll_views] += 1
            if story_id and line.referrer in ("internal", "network"):
                counters[recirculated] += 1
            hour_key = (line.site_id, minute // 60)
            if hour_key not in day_starts:
                day_starts[hour_key] = _local_day(line.at, zone)
            day, day_start = day_starts[hour_key]
            site_key = (DAY, SITE, line.site_id, line.site_id, day_start)
            batch.new_visitors[day, line.site_id, line.visitor].append(site_key)
            if story_id:
                story_key = (DAY, STORY, story_id, line.site_id, day_start)
                batch.new_visitors[day, -story_id, line.visitor].append(story_key)
        batch.events += 1
        if line.at >= active_since:
            seen = batch.active.get((line.site_id, line.visitor))
            if seen is None or seen[0] <= line.at:
                channel = story.channel_id if story is not None else None
                batch.active[line.site_id, line.visitor] = (line.at, story_id or None, channel)
    stats = batch.stats
    for (site_id, story_id, minute), counters in base.items():
        at = minute * 60.0
        hour_key = (site_id, minute // 60)
        if hour_key not in day_starts:
            day_starts[hour_key] = _local_day(at, zones[site_id])
        buckets = (
            (MINUTE, _minute(at)),
            (HOUR, _hour(at)),
            (DAY, day_starts[hour_key][1]),
        )
        things = [(SITE, site_id)]
        story = facts.get(story_id)
        if story is not None:
            things.append((STORY, story_id))
            if story.channel_id:
                things.append((CHANNEL, story.channel_id))
            things.extend((AUTHOR, author) for author in story.author_ids)
        # Plain lists, added in place (Counter.update was a third of aggregate's time).
        nonzero = [(n, value) for n, value in enumerate(counters) if value]
        for dimension, thing in things:
            for grain, bucket in buckets:
                row = stats.get((grain, dimension, thing, site_id, bucket))
                if row is None:
                    stats[grain, dimension, thing, site_id, bucket] = counters[:]
                else:
                    for n, value in nonzero:
                        row[n] += value
    return batch


SEEN_CHUNK = 2000  # (scope, visitor) pairs looked up by one statement


def _already_seen(day: date, pairs: list[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of these (scope, visitor) pairs the day has seen: the pairs are joined to the
    table, so each is one lookup in its unique index (day, scope, visitor). Filtering on the
    visitors alone would read every row of the day once per statement, a cost that grows all
    day (bench/analytics.py: 4,000 events/s rolled with 800,000 rows in the day)."""
    table = SeenVisitor._meta.db_table
    found: set[tuple[int, str]] = set()
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), SEEN_CHUNK):
            chunk = pairs[start : start + SEEN_CHUNK]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            # VALUES columns are column1, column2 on SQLite and PostgreSQL alike; the table
            # name is the model's, every value a parameter.
            cursor.execute(
                f"SELECT s.scope, s.visitor FROM {table} s JOIN (VALUES {values}) AS k "  # noqa: S608
                "ON s.scope = k.column1 AND s.visitor = k.column2 WHERE s.day = %s",
                [*(x for pair in chunk for x in pair), adapt(day)],
            )
            found.update((scope, visitor) for scope, visitor in cursor.fetchall())
    return found


def _count_new_visitors(batch: Batch) -> list[SeenVisitor]:
    """Visitors not yet seen today by each site and story add one to that day's row."""
    if not batch.new_visitors:
        return []
    by_day: dict[date, list[tuple[int, str]]] = defaultdict(list)
    for day, scope, visitor in batch.new_visitors:
        by_day[day].append((scope, visitor))
    seen = {
        (day, scope, visitor)
        for day, pairs in by_day.items()
        for scope, visitor in _already_seen(day, pairs)
    }
    fresh = []
    for (day, scope, visitor), stat_keys in batch.new_visitors.items():
        if (day, scope, visitor) in seen:
            continue
        fresh.append(SeenVisitor(day=day, scope=scope, visitor=visitor))
        batch.stats.setdefault(stat_keys[0], [0] * len(COUNTERS))[VISITORS] += 1
    return fresh


STAT_TYPES = ("varchar", "varchar", "bigint", "integer", "timestamptz")  # the key's columns


def _pg_array(values: list) -> str:
    """A PostgreSQL array literal of numbers, NULL, one-letter codes, visitor hashes (hex) or
    ISO times: none needs quoting, so it is built at C speed (psycopg's own list adapter took
    half the upsert's time)."""
    first = values[0] if values else 0
    if isinstance(first, datetime):
        return "{" + ",".join(value.isoformat() for value in values) + "}"
    return "{" + ",".join(map(str, values)) + "}"


def _upsert_stats(stats: dict[tuple, list[int]]) -> None:
    """One statement for the batch's rows. On PostgreSQL the rows go as one array per column
    (`unnest`), executed once: an executemany of the same upsert is one execution per row and
    took three quarters of a roll's time there (bench/analytics.py --rollup-only). Rows in key
    order, so two transactions touching the same rows (a claim that ran out) wait for each
    other instead of deadlocking."""
    if not stats:
        return
    table = Stat._meta.db_table
    columns = ", ".join(COUNTERS)
    adds = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    postgres = connection.vendor == "postgresql"
    if postgres:
        types = (*STAT_TYPES, *(["bigint"] * len(COUNTERS)))
        values = "SELECT * FROM unnest({})".format(", ".join(f"%s::{t}[]" for t in types))  # noqa: S608
    else:
        values = "VALUES ({})".format(", ".join(["%s"] * (5 + len(COUNTERS))))
    # Names and types are this module's constants; values are parameters.
    sql = (
        f"INSERT INTO {table} (grain, dimension, key, site_id, bucket, {columns}) "  # noqa: S608
        f"{values} ON CONFLICT (grain, dimension, key, site_id, bucket) DO UPDATE SET {adds}"
    )
    ordered = sorted(stats.items())
    with connection.cursor() as cursor:
        if postgres:
            keys = list(zip(*(key for key, _ in ordered), strict=True))
            counts = list(zip(*(row for _, row in ordered), strict=True))
            cursor.execute(sql, [_pg_array(list(column)) for column in (*keys, *counts)])
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                sql,
                [
                    (grain, dimension, key, site_id, adapt(bucket), *row)
                    for (grain, dimension, key, site_id, bucket), row in ordered
                ],
            )


def _upsert_active(active: dict, now: float, part: Partition = WHOLE) -> None:
    """Each visitor's latest story, one statement (arrays on PostgreSQL, as the counters: in a
    spike nearly every event is recent, so a batch has about one row per visitor)."""
    table = ActiveReader._meta.db_table
    if active:
        rows = [
            (site, visitor, story, channel, datetime.fromtimestamp(at, UTC))
            for (site, visitor), (at, story, channel) in sorted(active.items())
        ]
        postgres = connection.vendor == "postgresql"
        values = (
            "SELECT * FROM unnest(%s::integer[], %s::varchar[], %s::integer[], %s::integer[], "
            "%s::timestamptz[])"
            if postgres
            else "VALUES (%s, %s, %s, %s, %s)"
        )
        sql = (
            f"INSERT INTO {table} (site_id, visitor, story_id, channel_id, last_seen) "  # noqa: S608
            f"{values} ON CONFLICT (site_id, visitor) DO UPDATE SET "
            "story_id = excluded.story_id, channel_id = excluded.channel_id, "
            f"last_seen = excluded.last_seen WHERE excluded.last_seen >= {table}.last_seen"
        )
        with connection.cursor() as cursor:
            if postgres:
                sites, visitors, stories, channels, times = zip(*rows, strict=True)
                cursor.execute(
                    sql,
                    [
                        _pg_array(list(sites)),
                        _pg_array(list(visitors)),
                        _pg_array(["NULL" if s is None else s for s in stories]),
                        _pg_array(["NULL" if c is None else c for c in channels]),
                        _pg_array(list(times)),
                    ],
                )
            else:
                adapt = connection.ops.adapt_datetimefield_value
                cursor.executemany(sql, [(*row[:4], adapt(row[4])) for row in rows])
    _forget_left(now, part)


def _forget_left(now: float, part: Partition = WHOLE) -> None:
    """Readers who left, of this partition's sites only: two partitions' transactions never
    delete each other's rows (which could deadlock)."""
    left = ActiveReader.objects.filter(
        last_seen__lt=datetime.fromtimestamp(now - ACTIVE_SECONDS, UTC)
    )
    if part.count > 1:
        left = left.alias(part=F("site_id") % part.count).filter(part=part.index)
    left.delete()


@dataclass
class RollResult:
    lines: int
    events: int
    dropped: int
    statements: int


def roll(part: Partition = WHOLE, *, limit: int = BATCH, now: float | None = None) -> RollResult:
    """Add the partition's next batch to the counters. Raises nothing when another process
    took the batch first: that process counted it."""
    now = time.time() if now is None else now
    cursor_row, _ = RollCursor.objects.get_or_create(name=part.name)
    cursor = Cursor.load(cursor_row.position)
    texts, moved = event_log().read(cursor, limit=limit, part=part)
    if not texts and moved == cursor:  # nothing new: only readers who left are forgotten
        _forget_left(now, part)
        return RollResult(0, 0, 0, 1)
    lines = [line for line in map(parse_line, texts) if line is not None]
    batch = aggregate(lines, now=now)
    statements = 0
    try:
        with transaction.atomic():
            fresh = _count_new_visitors(batch)
            SeenVisitor.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
            _upsert_stats(batch.stats)
            _upsert_active(batch.active, now, part)
            claimed = RollCursor.objects.filter(pk=cursor_row.pk, version=cursor_row.version)
            if not claimed.update(
                position=moved.dump(), version=cursor_row.version + 1, rolled_at=timezone.now()
            ):
                raise Conflict
            lookups = -(-len(batch.new_visitors) // SEEN_CHUNK)  # per day, at most one more
            statements = 5 + -(-len(fresh) // 2000) + lookups
    except Conflict:
        return RollResult(0, 0, 0, 0)
    dropped = batch.dropped + len(texts) - len(lines)
    return RollResult(len(texts), batch.events, dropped, statements)


def partitions_to_roll() -> list[Partition]:
    """The configured partitions, and any other the log still holds lines in (written before
    WARTA_ANALYTICS_PARTITIONS changed: read by their own cursors until they are dropped)."""
    wanted = set(partitions(settings.WARTA_ANALYTICS_PARTITIONS))
    return in_order(wanted | set(event_log().partitions()))


def claim(part: Partition) -> bool:
    """Take the partition for CLAIM_SECONDS unless another process holds it (cache add: Redis
    SET NX in production). Only spreads the work: the cursor's version is what keeps a batch
    from counting twice when a claim runs out mid-roll."""
    return bool(cache.add(CLAIM_PREFIX + part.name, os.getpid(), CLAIM_SECONDS))


def release(part: Partition) -> None:
    cache.delete(CLAIM_PREFIX + part.name)


def roll_partition(
    part: Partition, *, now: float | None = None, max_batches: int = 20
) -> int | None:
    """Claim the partition and roll it to the end of its log (or max_batches); None when
    another process holds it, else the events added."""
    if not claim(part):
        return None
    added = 0
    try:
        for _ in range(max_batches):
            result = roll(part, now=now)
            added += result.events
            if result.lines < BATCH:
                break
            cache.touch(CLAIM_PREFIX + part.name, CLAIM_SECONDS)
    finally:
        release(part)
    return added


def roll_all(*, now: float | None = None, max_batches: int = 20) -> int:
    """Roll every partition nobody else is rolling, each until its log is read to the end (or
    max_batches); returns the events added. Processes start at different partitions (by
    process id), so a few rolling at once mostly claim different ones straight away."""
    parts = partitions_to_roll()
    start = os.getpid() % len(parts)
    added = 0
    for part in parts[start:] + parts[:start]:
        added += roll_partition(part, now=now, max_batches=max_batches) or 0
    return added


def prune(*, now: float | None = None) -> dict[str, int]:
    """Raw events and minute rows older than 48 hours, seen visitors of days before
    yesterday; the log's old hours."""
    now = time.time() if now is None else now
    moment = datetime.fromtimestamp(now, UTC)
    minutes, _ = Stat.objects.filter(grain=MINUTE, bucket__lt=moment - KEEP_MINUTES).delete()
    seen, _ = SeenVisitor.objects.filter(day__lt=(moment - timedelta(hours=48)).date()).delete()
    hours = event_log().prune(now)
    return {"minute_rows": minutes, "seen_visitors": seen, "log_hours": hours}

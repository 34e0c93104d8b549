"""Counting reads for "Terpopuler" without a database write per request.

Reads are added to an in-process buffer (no I/O on the request path, which matters for page
cache hits), then flushed in batches into hourly `ArticleViews` rows by each server process
every 10 seconds, whenever its buffer holds 500 entries, and at exit. Counts an older
version left in Redis are drained by the same flush.
Obvious bots and prefetches are not counted."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.db.models import Case, F, Q, Sum, When, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.utils import timezone

from warta.articles.queries import live_articles
from warta.discovery.models import ArticleViews

BOTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|curl|wget|python-requests|"
    r"httpclient|headless|lighthouse|monitor|uptime",
    re.IGNORECASE,
)
logger = logging.getLogger(__name__)
PENDING_KEY = "warta:views:pending"
FLUSH_SECONDS = 10
FLUSH_SIZE = 500

_lock = threading.Lock()
_buffer: Counter = Counter()
_buffer_started = time.monotonic()


def is_counted(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    if request.headers.get("Purpose") == "prefetch" or request.headers.get("Sec-Purpose"):
        return False
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and not _is_bot(agent)


@lru_cache(maxsize=512)
def _is_bot(agent: str) -> bool:
    return BOTS.search(agent) is not None  # browsers repeat a handful of strings


def _hour(moment: datetime) -> str:
    return moment.replace(minute=0, second=0, microsecond=0).isoformat()


_current_hour = {"start": 0.0, "label": ""}


def _this_hour() -> str:
    """The hour label of now, formatted once an hour rather than on every read."""
    now = time.time()
    if not _current_hour["start"] <= now < _current_hour["start"] + 3600:
        moment = timezone.now()
        _current_hour["label"] = _hour(moment)
        _current_hour["start"] = moment.replace(minute=0, second=0, microsecond=0).timestamp()
    return _current_hour["label"]


def _redis():
    if not settings.REDIS_URL:
        return None
    try:
        from django_redis import get_redis_connection

        return get_redis_connection("default")
    except Exception:  # noqa: BLE001 - no Redis: fall back to the in-process buffer
        return None


def record_view(article_id: int) -> None:
    """Count one read in this process's buffer (no I/O on the request path); the buffer is
    written to the hourly rows every FLUSH_SECONDS."""
    field = f"{article_id}|{_this_hour()}"
    global _buffer_started
    _ensure_flusher()
    with _lock:
        _buffer[field] += 1
        due = len(_buffer) >= FLUSH_SIZE or time.monotonic() - _buffer_started > FLUSH_SECONDS
    if due:
        flush_views()


_flusher: threading.Thread | None = None


def _ensure_flusher() -> None:
    """One daemon thread per server process writes the buffer every FLUSH_SECONDS, and the
    buffer is written at exit too, so buffered reads reach the database without waiting for
    the next request."""
    global _flusher
    if _flusher is not None or not getattr(settings, "WARTA_VIEW_FLUSH_THREAD", True):
        return
    with _lock:
        if _flusher is not None:
            return

        def loop() -> None:
            while True:
                time.sleep(FLUSH_SECONDS)
                try:
                    flush_views()
                except Exception:  # noqa: BLE001 - keep the thread alive; retried next time
                    logger.warning("flushing view counts failed", exc_info=True)
                finally:
                    close_old_connections()

        import atexit

        atexit.register(flush_views)
        _flusher = threading.Thread(target=loop, name="warta-view-flusher", daemon=True)
        _flusher.start()


def _take_pending() -> Counter:
    global _buffer, _buffer_started
    with _lock:
        taken, _buffer = _buffer, Counter()
        _buffer_started = time.monotonic()
    redis = _redis()
    if redis is not None:
        try:
            moving = f"{PENDING_KEY}:{time.time_ns()}"
            if redis.exists(PENDING_KEY):
                redis.rename(PENDING_KEY, moving)  # atomic: new reads go to a fresh hash
                for field, count in redis.hgetall(moving).items():
                    taken[field.decode()] += int(count)
                redis.delete(moving)
        except Exception:  # noqa: BLE001 - keep what we have; Redis counts wait for next time
            logger.warning("could not read view counts from Redis; will retry", exc_info=True)
    return taken


def flush_views() -> int:
    """Add buffered reads to the hourly rows. Returns how many rows were touched."""
    pending = _take_pending()
    if not pending:
        return 0
    with transaction.atomic():
        for field, count in pending.items():
            article_id, hour = field.split("|")
            updated = ArticleViews.objects.filter(article_id=article_id, hour=hour).update(
                count=F("count") + count
            )
            if not updated:
                ArticleViews.objects.create(article_id=article_id, hour=hour, count=count)
    return len(pending)


def most_read(site, *, hours: int = 24, limit: int = 5) -> list:
    """The site's most read published stories in the last 24 hours or 7 days."""
    periods = most_read_periods(site, limit=limit)
    return periods["day" if hours <= 24 else "week"]


def most_read_periods(site, *, limit: int = 5) -> dict[str, list]:
    """Terpopuler for the last 24 hours and the last 7 days, in two queries (one ranks both
    periods with window functions, one loads the stories); cached for a minute."""
    key = f"warta:most-read:v2:{site.pk}:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    now = timezone.now()
    day_start = _hour(now - timedelta(hours=24))
    ranked = list(
        ArticleViews.objects.filter(
            hour__gte=_hour(now - timedelta(days=7)),
            article__live=True,
            article__path__startswith=site.root_page.path,
        )
        .values("article_id")
        .annotate(
            week=Sum("count"), day=Sum(Case(When(hour__gte=day_start, then=F("count")), default=0))
        )
        .annotate(
            rank_week=Window(RowNumber(), order_by=[F("week").desc(), F("article_id")]),
            rank_day=Window(RowNumber(), order_by=[F("day").desc(), F("article_id")]),
        )
        .filter(Q(rank_week__lte=limit) | Q(rank_day__lte=limit))
    )
    ids = [row["article_id"] for row in ranked]
    stories = {a.pk: a for a in live_articles().prefetch_related(None).filter(pk__in=ids)}
    found = {}
    for period in ("day", "week"):
        rows = sorted(
            (r for r in ranked if r[period] > 0 and r[f"rank_{period}"] <= limit),
            key=lambda r: r[f"rank_{period}"],
        )
        found[period] = [stories[r["article_id"]] for r in rows if r["article_id"] in stories]
    cache.set(key, found, 60)
    return found

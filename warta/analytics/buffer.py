"""This process's buffer of events, written to the event log off the request path.

The request path only appends to a list under a lock. A daemon thread writes the buffer
every FLUSH_SECONDS (and whenever it holds FLUSH_SIZE events, and at exit): it drops bots,
turns address and browser into the day's visitor hash, classifies the referrer and writes
one line per event to the log (warta.analytics.store), into its site's partition. The address
and browser string never leave this process's memory."""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from warta.analytics import rollup, salts
from warta.analytics.ingest import LITE, PING, VIEW, Event, is_bot, referrer_class
from warta.analytics.store import event_log, partition_of
from warta.core.sites.lookup import all_sites, site_by_pk, site_settings_for

logger = logging.getLogger(__name__)
FLUSH_SECONDS = 1.0
FLUSH_SIZE = 2000
ROLL_SECONDS = 5.0  # how often one of the serving processes rolls the log up

_lock = threading.Lock()
_events: list[Event] = []
_flusher: threading.Thread | None = None
_flusher_pid = 0


def add(event: Event) -> None:
    """Keep one event for the next write (no I/O here)."""
    _ensure_flusher()
    with _lock:
        _events.append(event)
        full = len(_events) >= FLUSH_SIZE
    if full and not getattr(settings, "WARTA_ANALYTICS_FLUSH_THREAD", True):
        flush()


def visitor_hash(salt: str, site_id: int, address: str, agent: str) -> str:
    """A visitor within one day: nothing but this hash is kept, and once the day's salt is
    deleted it cannot be recomputed from an address and browser string (Plausible's scheme)."""
    data = f"{salt}|{site_id}|{address}|{agent}".encode()
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def to_line(event: Event, network_hosts: frozenset[str]) -> str | None:
    if is_bot(event.agent):
        return None
    zone = site_zone(event.site_id)
    salt = salts.salt_for(salts.day_of(event.at, zone), zone)
    visitor = visitor_hash(salt, event.site_id, event.address, event.agent)
    kind = event.kind
    referrer = (
        referrer_class(event.referrer, event.host, network_hosts) if kind in (VIEW, LITE) else "-"
    )
    if kind == PING and event.engaged <= 0 and event.scroll <= 0:
        return None
    return (
        f"{event.at:.3f}\t{kind}\t{event.site_id}\t{event.story_id}\t{visitor}\t"
        f"{event.engaged}\t{event.scroll}\t{referrer}\n"
    )


def site_zone(site_id: int) -> str:
    """The site's time zone (its day is the visitor's day), from the cached site list."""
    site = site_by_pk(site_id)
    return site_settings_for(site).time_zone if site is not None else settings.TIME_ZONE


def network_hosts() -> frozenset[str]:
    return frozenset(site.hostname.lower() for site in all_sites())


def take() -> list[Event]:
    global _events
    with _lock:
        taken, _events = _events, []
    return taken


def flush() -> int:
    """Write the buffered events to the log, each into its site's partition; returns how many
    lines were written. The events of a partition the log refused are kept for the next."""
    taken = take()
    if not taken:
        return 0
    hosts = network_hosts()
    count = settings.WARTA_ANALYTICS_PARTITIONS
    groups: dict[int, list[Event]] = {}
    for event in taken:
        groups.setdefault(event.site_id % count, []).append(event)
    written = 0
    unwritten: list[Event] = []
    for index, events in sorted(groups.items()):
        if unwritten:  # the log is down: do not try each partition
            unwritten += events
            continue
        lines = [line for line in (to_line(e, hosts) for e in events) if line is not None]
        try:
            event_log().append(lines, partition_of(index, count))
        except Exception:  # noqa: BLE001 - the log is down: keep the events for the next write
            unwritten = events
            continue
        written += len(lines)
    if unwritten:
        logger.warning("analytics: could not write %d events; kept for later", len(unwritten))
        with _lock:
            _events[:0] = unwritten[-50_000:]  # bounded, so an outage cannot fill the memory
    return written


def roll_if_free() -> int:
    """Roll the log up: every partition that no other process is rolling now (each is claimed
    in the cache; the cursor's version keeps the counts right even when two roll together)."""
    if not getattr(settings, "WARTA_ANALYTICS_ROLL_IN_SERVER", True):
        return 0
    return rollup.roll_all()


def _ensure_flusher() -> None:
    global _flusher, _flusher_pid
    if not getattr(settings, "WARTA_ANALYTICS_FLUSH_THREAD", True):
        return
    if _flusher is not None and _flusher_pid == os.getpid():
        return
    with _lock:
        if _flusher is not None and _flusher_pid == os.getpid():
            return

        def loop() -> None:
            rolled = time.monotonic()
            while True:
                time.sleep(FLUSH_SECONDS)
                try:
                    flush()
                    if time.monotonic() - rolled >= ROLL_SECONDS:
                        rolled = time.monotonic()
                        roll_if_free()
                except Exception:  # noqa: BLE001 - keep the thread alive; retried next time
                    logger.warning("analytics: flushing events failed", exc_info=True)
                finally:
                    close_old_connections()

        if _flusher is None:
            atexit.register(flush)
        _flusher_pid = os.getpid()
        _flusher = threading.Thread(target=loop, name="warta-analytics-flusher", daemon=True)
        _flusher.start()

"""May this request read the replica now? Read-your-writes and the lag limit.

After a change that purges cached pages (a publish, an edit, an unpublish: pagecache's
`purge_keys`) and after any unsafe request, the primary's WAL position is recorded in the
shared cache *before* the caches are purged. An anonymous request reads the replica only when
the replica has replayed at least that position, so the render that refills a purged page
never sees the rows before the change; otherwise it reads the primary. The replica's replay
position and lag are probed at most every CHECK_SECONDS per process; a replica that does not
answer, or lags more than WARTA_REPLICA_MAX_LAG_SECONDS, is left alone (a log line when that
starts and ends); one that does not answer is probed again after DOWN_SECONDS.

The lag is the age of the last transaction replayed while WAL waits to be replayed (zero when
everything received is replayed): the usual measure on a standby, which may overstate it for
the first milliseconds after a quiet spell; the position rule, not the lag, is what keeps
readers from a stale page."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

from warta.core.db.router import PRIMARY, REPLICA

log = logging.getLogger("warta.db")

POSITION_KEY = "warta:db:primary-position"
CHECK_SECONDS = 0.2  # how long a probe of the replica is trusted
BEHIND_RECHECK_SECONDS = 0.02  # behind the recorded position: probe again this soon
DOWN_SECONDS = 2.0  # after a failed probe, the replica is left alone this long

POSITION_SQL = "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"
PROBE_SQL = """
SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() - '0/0'::pg_lsn END,
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


def configured() -> bool:
    return REPLICA in settings.DATABASES


@dataclass
class Probe:
    at: float = -1e9  # time.monotonic() of the probe
    ok: bool = False
    replayed: int = 0  # bytes of WAL replayed
    lag_seconds: float = 0.0
    reason: str = ""
    kind: str = ""  # "down", "not a replica", "lagging": one log line when it changes
    answered: bool = False  # it answered (ok, or lagging): probed again as often as when ok


_probe = Probe()
_lock = threading.Lock()


def forget() -> None:
    """Drop this process's probe (tests, and after a failover)."""
    global _probe
    _probe = Probe()


def note_primary_position() -> None:
    """Record the primary's WAL position now: requests read the replica again only once it
    has replayed this far. Called after a commit, before caches are purged."""
    if not configured():
        return
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute(POSITION_SQL)
            position = int(cursor.fetchone()[0])
    except DatabaseError:
        log.warning("replica: the primary's WAL position could not be read", exc_info=True)
        return
    # Keep the highest position: a slower, older publish must not lower it. Checked again
    # after the write, so two publishes at once leave the higher of the two.
    for _ in range(3):
        stored = cache.get(POSITION_KEY)
        if stored is not None and int(stored) >= position:
            return
        cache.set(POSITION_KEY, position, None)


def required_position() -> int:
    stored = cache.get(POSITION_KEY)
    return int(stored) if stored is not None else 0


def _probe_replica() -> Probe:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(PROBE_SQL)
            replayed, lag = cursor.fetchone()
    except DatabaseError as exc:
        connections[REPLICA].close()  # a broken connection is not reused
        return Probe(
            time.monotonic(),
            False,
            0,
            0.0,
            f"does not answer ({exc.__class__.__name__})",
            kind="down",
        )
    if replayed is None:
        return Probe(
            time.monotonic(), False, 0, 0.0, "is not a replica (promoted?)", kind="not a replica"
        )
    probe = Probe(time.monotonic(), True, int(replayed), float(lag), answered=True)
    limit = settings.WARTA_REPLICA_MAX_LAG_SECONDS
    if probe.lag_seconds > limit:
        probe.ok, probe.reason = False, f"lags {probe.lag_seconds:.1f} s (limit {limit} s)"
        probe.kind = "lagging"
    return probe


def _refresh(now: float) -> Probe:
    global _probe
    with _lock:
        previous = _probe
        if now - previous.at < BEHIND_RECHECK_SECONDS:
            return previous  # another thread probed just now
        probe = _probe_replica()
        if not probe.ok and (previous.ok or previous.kind != probe.kind):
            log.warning("replica: reading from the primary, the replica %s", probe.reason)
        elif probe.ok and not previous.ok and previous.at >= 0:
            log.warning("replica: reading from the replica again")
        _probe = probe
        return probe


def mark_down(reason: str) -> None:
    """A query on the replica failed mid-request: leave it alone for DOWN_SECONDS."""
    global _probe
    if _probe.ok:
        log.warning("replica: reading from the primary, the replica %s", reason)
    connections[REPLICA].close()
    _probe = Probe(time.monotonic(), False, 0, 0.0, reason, kind="down")


def replica_usable() -> bool:
    """May a read-only, anonymous request read the replica now?"""
    if not configured():
        return False
    now = time.monotonic()
    probe = _probe
    age = now - probe.at
    if age > (CHECK_SECONDS if probe.answered else DOWN_SECONDS):
        probe = _refresh(now)
    if not probe.ok:
        return False
    required = required_position()
    if probe.replayed >= required:
        return True
    if now - probe.at > BEHIND_RECHECK_SECONDS:
        probe = _refresh(now)
    return probe.ok and probe.replayed >= required

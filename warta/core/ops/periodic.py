"""Jobs the worker runs, so no operator has to add cron entries. Apps register theirs here;
each must be quick and safe to run twice. A job runs every tick, or, registered with
`nightly_at=<hour>`, once a day: at the first tick after that hour (the network's time zone),
or at the first tick after a worker was down then. Its last start is kept in the database
(`core.PeriodicJobRun`), claimed atomically, so restarts and a second worker never run it
twice in a day."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)

PeriodicJob = Callable[[], object]
_JOBS: dict[str, PeriodicJob] = {}
_NIGHTLY: dict[str, int] = {}  # job name -> local hour it is due from, each day


def periodic(name: str, *, nightly_at: int | None = None) -> Callable[[PeriodicJob], PeriodicJob]:
    if nightly_at is not None and not 0 <= nightly_at <= 23:
        raise ValueError(f"nightly_at must be an hour, 0-23: {nightly_at}")

    def register(job: PeriodicJob) -> PeriodicJob:
        _JOBS[name] = job
        if nightly_at is None:
            _NIGHTLY.pop(name, None)
        else:
            _NIGHTLY[name] = nightly_at
        return job

    return register


def last_due_time(now: datetime, hour: int) -> datetime:
    """The latest moment at or before `now` when a job due daily at `hour` (local) fell due."""
    local = timezone.localtime(now)
    due = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if due > local:
        due -= timedelta(days=1)
    return due


def claim_nightly_run(name: str, hour: int, now: datetime) -> bool:
    """True when the job is due and this caller won it (its start time is stored); False when
    it already ran since it last fell due, or another worker claimed it first."""
    from warta.core.models import PeriodicJobRun  # the worker imports this before apps load

    run, _created = PeriodicJobRun.objects.get_or_create(name=name)
    if run.last_run_at is not None and run.last_run_at >= last_due_time(now, hour):
        return False
    claimed = PeriodicJobRun.objects.filter(name=name, last_run_at=run.last_run_at)
    if run.last_run_at is None:
        claimed = PeriodicJobRun.objects.filter(name=name, last_run_at__isnull=True)
    return claimed.update(last_run_at=now) == 1


@periodic("publish_scheduled")
def publish_scheduled() -> None:
    """Wagtail's go-live and expiry for scheduled pages."""
    call_command("publish_scheduled", verbosity=0)


def run_periodic_jobs(now: datetime | None = None) -> dict[str, str]:
    """Run every job that is due (every-tick jobs always); one failing job is logged and
    never stops the others. Jobs not due are left out of the outcome."""
    now = now or timezone.now()
    outcome = {}
    for name, job in _JOBS.items():
        try:
            if name in _NIGHTLY and not claim_nightly_run(name, _NIGHTLY[name], now):
                continue
            job()
            outcome[name] = "ok"
        except Exception:  # noqa: BLE001 - a worker must keep going
            logger.exception("periodic job %s failed", name)
            outcome[name] = "failed"
    return outcome


class TickLock(Protocol):
    def claim(self, number: int) -> bool: ...


def run_periodic_tick(number: int, lock: TickLock | None) -> dict[str, str] | None:
    """Tick `number`'s jobs, unless another worker or scheduler claimed the tick (None then).
    Without a lock (no Redis: the embedded default's one worker) every tick runs here. With
    Redis down the tick runs anyway: the jobs are safe to run twice, skipping them is not."""
    if lock is not None:
        try:
            if not lock.claim(number):
                return None
        except Exception:  # noqa: BLE001 - redis-py's connection errors and timeouts
            logger.warning("periodic tick %s: the lock is unreachable, running it here", number)
    return run_periodic_jobs()

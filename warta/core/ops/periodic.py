"""Jobs the worker runs every tick, so no operator has to add cron entries. Apps register
theirs here; each must be quick and safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.management import call_command

logger = logging.getLogger(__name__)

PeriodicJob = Callable[[], None]
_JOBS: dict[str, PeriodicJob] = {}


def periodic(name: str) -> Callable[[PeriodicJob], PeriodicJob]:
    def register(job: PeriodicJob) -> PeriodicJob:
        _JOBS[name] = job
        return job

    return register


@periodic("publish_scheduled")
def publish_scheduled() -> None:
    """Wagtail's go-live and expiry for scheduled pages."""
    call_command("publish_scheduled", verbosity=0)


def run_periodic_jobs() -> dict[str, str]:
    """Run every job; one failing job is logged and never stops the others."""
    outcome = {}
    for name, job in _JOBS.items():
        try:
            job()
            outcome[name] = "ok"
        except Exception:  # noqa: BLE001 - a worker must keep going
            logger.exception("periodic job %s failed", name)
            outcome[name] = "failed"
    return outcome

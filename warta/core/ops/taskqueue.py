"""Which task queue runs Warta's background tasks, and what keeps it honest across many
worker hosts. The embedded default is django-tasks-db (the `database` queue, one worker);
`WARTA_TASK_QUEUE=rq` puts the tasks on Redis through django-tasks-rq, worked by any number
of `warta worker` processes.

- `task_settings()` derives TASKS and django-rq's RQ_QUEUES from the environment (settings
  time, so nothing here imports Django models at module level).
- `PeriodicLock`: one Redis key per tick number (SET NX with an expiry), so a tick's periodic
  jobs run once however many workers and schedulers compete for it.
- `WartaRQWorker`: RQ's forking worker with Warta's heartbeat, abandonment and retry policy: a
  job whose worker died (no heartbeat for `abandon_after` seconds) is re-queued until it has
  been attempted `max_attempts` times, then recorded as failed with RQ's AbandonedJobError."""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from warta.core.env import ImproperlyConfiguredEnv

logger = logging.getLogger("warta.worker")

QUEUE_KINDS = ("database", "rq")
RQ_JOB_TIMEOUT = 3600  # seconds a task may run before RQ stops it (a newsletter send, a rebuild)
ATTEMPTS_META = "warta_attempts"


class TaskQueueConfigError(ImproperlyConfiguredEnv):
    pass


def task_settings(kind: str, redis_url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(TASKS, RQ_QUEUES) for `WARTA_TASK_QUEUE=kind`; the RQ queue lives on `redis_url`."""
    if kind == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, {}
    if kind != "rq":
        raise TaskQueueConfigError(
            f"WARTA_TASK_QUEUE={kind!r} is not a task queue Warta knows: use 'database' or 'rq'."
        )
    if not redis_url:
        raise TaskQueueConfigError(
            "WARTA_TASK_QUEUE=rq keeps the tasks in Redis, but REDIS_URL is not set "
            "(e.g. REDIS_URL=redis://127.0.0.1:6379/0, see .env.example)."
        )
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queues = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT}}
    return tasks, queues


def uses_rq() -> bool:
    from django.conf import settings

    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq")


def worker_id() -> str:
    """The id a database-queue worker claims tasks under: host and pid, so a worker on the
    same host can tell that the claimant is gone (warta.core.ops.taskrecovery)."""
    return f"warta-{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"


# --- periodic ticks -----------------------------------------------------------------------


def tick_number(tick_seconds: float, now: float | None = None) -> int:
    """Ticks are numbered from the epoch, so every host agrees which tick it is."""
    return int((time.time() if now is None else now) // tick_seconds)


class PeriodicLock:
    """Who runs tick `n`: the first process to SET its key. The key outlives the tick by a
    margin, so a host whose clock lags a little still finds it taken."""

    prefix = "warta:periodic:tick"

    def __init__(self, redis_url: str, tick_seconds: float) -> None:
        import redis

        self.redis = redis.Redis.from_url(redis_url, socket_timeout=5)
        self.tick_seconds = tick_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}"

    def key(self, number: int) -> str:
        return f"{self.prefix}:{self.tick_seconds:g}:{number}"

    def claim(self, number: int) -> bool:
        expiry = int(self.tick_seconds * 6) + 60
        return bool(self.redis.set(self.key(number), self.owner, nx=True, ex=expiry))


def periodic_lock() -> Any:
    """A factory for the lock when Redis is configured (None: the database path, one worker)."""
    from django.conf import settings

    url = getattr(settings, "WARTA_TASK_REDIS_URL", "") or settings.REDIS_URL
    return (lambda tick: PeriodicLock(url, tick)) if url else None


# --- the RQ worker -------------------------------------------------------------------------


def _rq_worker_class() -> type:
    from rq import Worker
    from rq.exceptions import AbandonedJobError

    class WartaRQWorker(Worker):
        """RQ's worker with a configurable heartbeat grace (RQ's own is 60 s on top of the
        monitoring interval) and a retry for jobs their worker abandoned."""

        abandon_after = 90
        max_attempts = 2

        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            grace = max(self.abandon_after - self.job_monitoring_interval, 1)
            if job.timeout and job.timeout > 0:
                remaining = job.timeout - working_time
                return int(min(remaining, self.job_monitoring_interval)) + grace
            return int(self.job_monitoring_interval + grace)

        def prepare_execution(self, job: Any) -> Any:
            job.meta[ATTEMPTS_META] = int(job.meta.get(ATTEMPTS_META, 0)) + 1
            job.save_meta()
            return super().prepare_execution(job)

        def retry_abandoned(self, job: Any, exc_type: type, exc_value: Any, tb: Any) -> bool:
            """An exception handler: RQ calls it for a job found abandoned in its
            StartedJobRegistry, just before deciding to retry or fail it."""
            if exc_type is AbandonedJobError:
                attempts = int(job.meta.get(ATTEMPTS_META, 1))
                if attempts < self.max_attempts:
                    job.retries_left = 1
                    job.retry_intervals = None
                    job.enqueue_at_front_on_retry = True  # it was due first, it goes first
                    logger.warning(
                        "task %s: its worker died on attempt %s of %s, queued again",
                        job.id,
                        attempts,
                        self.max_attempts,
                    )
                else:
                    logger.error(
                        "task %s: its worker died on attempt %s of %s, recorded as failed",
                        job.id,
                        attempts,
                        self.max_attempts,
                    )
            return True

    return WartaRQWorker


def rq_worker(
    *,
    heartbeat: int = 30,
    abandon_after: int = 90,
    maintenance: int = 60,
    max_attempts: int = 2,
    name: str | None = None,
) -> Any:
    """A worker on every configured queue: heartbeats every `heartbeat` seconds, a job with no
    heartbeat for `abandon_after` seconds is abandoned, the registries are checked for such
    jobs every `maintenance` seconds (by one worker at a time, RQ's maintenance lock)."""
    import django_rq
    from django.conf import settings
    from django_tasks_rq.backend import Job

    worker_class = _rq_worker_class()
    queues = django_rq.queues.get_queues(*settings.RQ_QUEUES.keys(), job_class=Job)
    worker = worker_class(
        queues,
        name=name,
        connection=queues[0].connection,
        job_class=Job,
        queue_class=type(queues[0]),
        job_monitoring_interval=heartbeat,
        maintenance_interval=maintenance,
        # The worker blocks on the queue this long at most, then does its maintenance.
        worker_ttl=max(maintenance, 1) + 15,
    )
    worker.abandon_after = max(abandon_after, heartbeat + 1)
    worker.max_attempts = max(max_attempts, 1)
    worker.push_exc_handler(worker.retry_abandoned)
    return worker

"""Tasks a dead worker left RUNNING in the database queue (django-tasks-db keeps no worker
heartbeat): `warta worker` calls `recover_abandoned_tasks()` every tick.

A RUNNING task is abandoned when the worker that claimed it is gone: its id names this host
and a process that no longer exists (`warta-<host>-<pid>-<suffix>`, see
`taskqueue.worker_id`), or it started more than the lease (`WARTA_TASK_LEASE_SECONDS`) ago,
which is how a task claimed on another host is judged. An abandoned task is queued again
(READY) until it has been claimed `WARTA_TASK_MAX_ATTEMPTS` times, then recorded FAILED with
`WorkerLost` and a sentence naming the worker. Each change is a conditional UPDATE on the row
as it was read, so two workers recovering at once change it once."""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("warta.worker")


class WorkerLost(Exception):  # noqa: N818 - the name the task's record shows
    """The worker running the task died (killed, out of memory, host lost)."""


WORKER_LOST_PATH = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


@dataclass
class Recovery:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def worker_is_gone(worker: str, *, host: str | None = None) -> bool:
    """True only when `worker` certainly ran on this host in a process that has ended."""
    parts = worker.split("-")
    if len(parts) < 4 or parts[0] != "warta" or not parts[-2].isdigit():
        return False
    worker_host = "-".join(parts[1:-2])
    if worker_host != (host or socket.gethostname()):
        return False
    return not _process_exists(int(parts[-2]))


def recover_abandoned_tasks(
    now: datetime | None = None,
    *,
    lease_seconds: int | None = None,
    max_attempts: int | None = None,
) -> Recovery:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = timedelta(
        seconds=settings.WARTA_TASK_LEASE_SECONDS if lease_seconds is None else lease_seconds
    )
    attempts_allowed = settings.WARTA_TASK_MAX_ATTEMPTS if max_attempts is None else max_attempts
    outcome = Recovery()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "started_at", "worker_ids", "task_path"
    )
    for row in running:
        worker = row.worker_ids[-1] if row.worker_ids else ""
        expired = row.started_at is None or row.started_at < now - lease
        if not (expired or worker_is_gone(worker)):
            continue
        same_row = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        attempts = len(row.worker_ids)
        why = "exceeded its lease" if expired and not worker_is_gone(worker) else "died"
        if attempts < attempts_allowed:
            if same_row.update(status=TaskResultStatus.READY, started_at=None) == 1:
                outcome.requeued.append(str(row.pk))
                logger.warning(
                    "task %s (%s): worker %s %s on attempt %s of %s, queued again",
                    row.pk,
                    row.task_path,
                    worker,
                    why,
                    attempts,
                    attempts_allowed,
                )
            continue
        record = (
            f"{WORKER_LOST_PATH}: worker {worker or '?'} {why} while running this task "
            f"(attempt {attempts} of {attempts_allowed}, started {row.started_at:%Y-%m-%d %H:%M:%S}"
            f" UTC); not retried again."
            if row.started_at
            else f"{WORKER_LOST_PATH}: worker {worker or '?'} {why}; not retried again."
        )
        updated = same_row.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_LOST_PATH,
            traceback=record,
            return_value=None,
        )
        if updated == 1:
            outcome.failed.append(str(row.pk))
            logger.error("task %s (%s): %s", row.pk, row.task_path, record)
    return outcome

"""The task queue with real worker processes: a worker SIGKILLed in the middle of a task
leaves nothing stuck and nothing done twice, on the database queue (the embedded default)
and on RQ with a real Redis; and periodic ticks run once however many schedulers compete.

The worker processes share the test's database: on PostgreSQL the test database itself
(transactional test: what it writes is committed), on SQLite a file copy of the in-memory
test database that the test's connection is switched to for the duration."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import django_rq
import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_rq.backend import Job

from warta.core.ops import periodic
from warta.core.ops.taskprobe import (
    enqueue_probes,
    ensure_probe_table,
    finished,
    probe_report,
    record_effect_task,
)
from warta.core.ops.taskqueue import (
    ATTEMPTS_META,
    PeriodicLock,
    TaskQueueConfigError,
    task_settings,
)
from warta.core.ops.taskrecovery import WORKER_LOST_PATH, recover_abandoned_tasks
from warta.core.ops.workers import running_workers, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

N_TASKS = 30


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """A DATABASE_URL for worker subprocesses that names the database this test uses."""
    if connection.vendor == "postgresql":
        params = connection.settings_dict
        auth = quote(params["USER"] or "postgres")
        if params.get("PASSWORD"):
            auth += ":" + quote(params["PASSWORD"])
        host = params.get("HOST") or "127.0.0.1"
        yield f"postgres://{auth}@{host}:{params.get('PORT') or 5432}/{params['NAME']}"
        return
    connection.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # the next query connects to the file
    connection.settings_dict["NAME"] = str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = in_memory


def rq_redis_url() -> str:
    """A Redis database per xdist worker for these tests (db 8 + n), emptied of RQ's keys."""
    import redis

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = f"redis://127.0.0.1:6379/{8 + worker}"
    try:
        client = redis.Redis.from_url(url, socket_timeout=2)
        client.ping()
    except redis.exceptions.RedisError as error:
        message = f"Redis is not reachable on 127.0.0.1:6379 ({error})"
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    for pattern in ("rq:*", "warta:periodic:*"):
        keys = list(client.scan_iter(pattern))
        if keys:
            client.delete(*keys)
    return url


def worker_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "warta.settings.dev",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "task-queue-test",
        "WARTA_DEBUG": "false",
        "WARTA_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": "",
        "WARTA_TASK_REDIS_URL": "",
        "WARTA_TASK_QUEUE": "database",
        **extra,
    }


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def rq_queue(settings):
    url = rq_redis_url()
    tasks, queues = task_settings("rq", url)
    settings.TASKS = tasks
    settings.RQ_QUEUES = queues
    return url


def kill_mid_task_and_finish(pool, gate: Path, ids: list[str]) -> dict:
    """Wait for the gated task to start, SIGKILL its worker, open the gate; the report once
    every task has finished."""
    started = Path(f"{gate}.started")
    wait_for(started.exists, timeout=90, what="the gated task to start", pool=pool)
    victim = pool.owner_of(int(started.read_text()))
    pool.kill(victim)
    gate.write_text("open")
    survivor = 1 - victim
    report: dict = {}

    def all_done() -> bool:
        nonlocal report
        report = probe_report(ids)
        return finished(report)

    try:
        wait_for(all_done, timeout=90, what="every task to finish", pool=pool)
    except AssertionError as timeout:
        raise AssertionError(f"{timeout}\nlast report: {report}") from None
    report["survivor_log"] = pool.log(survivor)
    return report


def test_database_queue_worker_killed_mid_task_runs_every_task_once(tmp_path, database_queue):
    with shared_database(tmp_path) as url:
        ensure_probe_table()
        gate = tmp_path / "gate"
        ids = enqueue_probes(N_TASKS, str(gate))
        env = worker_env(tmp_path, url)
        with running_workers(
            2, env, tmp_path / "logs", args=("--tick=0.5", "--no-periodic")
        ) as pool:
            report = kill_mid_task_and_finish(pool, gate, ids)
        from django_tasks_db.models import DBTaskResult

        victim = DBTaskResult.objects.get(id=ids[0])
        assert report["statuses"] == {"SUCCESSFUL": N_TASKS}, report
        assert report["tasks_lost"] == 0
        assert report["tasks_duplicated"] == 0
        # The gated task was claimed twice: by the killed worker, then by the survivor.
        assert len(victim.worker_ids) == 2
        assert not DBTaskResult.objects.filter(status="RUNNING").exists()


def test_rq_worker_killed_mid_task_runs_every_task_once(tmp_path, rq_queue):
    with shared_database(tmp_path) as url:
        ensure_probe_table()
        gate = tmp_path / "gate"
        ids = enqueue_probes(N_TASKS, str(gate))
        env = worker_env(
            tmp_path, url, WARTA_TASK_QUEUE="rq", REDIS_URL=rq_queue, WARTA_TASK_REDIS_URL=rq_queue
        )
        args = ("--no-periodic", "--heartbeat=1", "--abandon-after=3", "--maintenance=1")
        with running_workers(2, env, tmp_path / "logs", args=args) as pool:
            report = kill_mid_task_and_finish(pool, gate, ids)
        assert report["statuses"] == {"SUCCESSFUL": N_TASKS}, report
        assert report["tasks_lost"] == 0
        assert report["tasks_duplicated"] == 0
        # Two attempts: the killed worker's, then the survivor's after RQ found it abandoned.
        job = Job.fetch(ids[0], connection=django_rq.get_connection())
        assert job.meta[ATTEMPTS_META] == 2
        assert "queued again" in report["survivor_log"], report["survivor_log"]


def test_rq_task_of_a_dead_worker_is_failed_with_a_record_after_its_last_attempt(
    tmp_path, rq_queue, settings
):
    settings.WARTA_TASK_MAX_ATTEMPTS = 1
    with shared_database(tmp_path) as url:
        ensure_probe_table()
        gate = tmp_path / "gate"
        ids = enqueue_probes(1, str(gate))
        env = worker_env(
            tmp_path,
            url,
            WARTA_TASK_QUEUE="rq",
            REDIS_URL=rq_queue,
            WARTA_TASK_REDIS_URL=rq_queue,
            WARTA_TASK_MAX_ATTEMPTS="1",
        )
        args = ("--no-periodic", "--heartbeat=1", "--abandon-after=3", "--maintenance=1")
        with running_workers(2, env, tmp_path / "logs", args=args) as pool:
            report = kill_mid_task_and_finish(pool, gate, ids)
        result = record_effect_task.get_result(ids[0])
        assert report["statuses"] == {"FAILED": 1}
        assert report["tasks_lost"] == 1  # its transaction never committed
        assert result.errors[-1].exception_class_path == "rq.exceptions.AbandonedJobError"
        assert "AbandonedJobError" in result.errors[-1].traceback


def test_database_task_of_a_dead_worker_is_requeued_then_failed_with_a_record(database_queue):
    from django_tasks_db.models import DBTaskResult

    ensure_probe_table()
    result = record_effect_task.enqueue(key="probe-0")
    dead = f"warta-{os.uname().nodename}-{2**22 + 7}-abc123"  # no such pid
    alive = f"warta-{os.uname().nodename}-{os.getpid()}-abc123"
    row = DBTaskResult.objects.get(id=result.id)
    row.claim(dead)

    outcome = recover_abandoned_tasks(max_attempts=2, lease_seconds=3600)
    assert outcome.requeued == [str(result.id)]
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    row.refresh_from_db()
    row.claim(alive)  # a live worker of this host: left alone until its lease runs out
    assert recover_abandoned_tasks(max_attempts=2, lease_seconds=3600).requeued == []
    later = timezone.now() + timedelta(seconds=3601)
    outcome = recover_abandoned_tasks(later, max_attempts=2, lease_seconds=3600)
    assert outcome.failed == [str(result.id)]
    failed = record_effect_task.get_result(str(result.id))
    assert str(failed.status) == "FAILED"
    assert failed.errors[0].exception_class_path == WORKER_LOST_PATH
    assert f"worker {alive} exceeded its lease" in failed.errors[0].traceback
    assert "attempt 2 of 2" in failed.errors[0].traceback


def test_a_tick_is_claimed_once_however_many_schedulers_ask(monkeypatch):
    url = rq_redis_url()
    runs: list[int] = []
    monkeypatch.setattr(periodic, "run_periodic_jobs", lambda: runs.append(1) or {})
    locks = [PeriodicLock(url, tick_seconds=10) for _ in range(6)]
    barrier = threading.Barrier(len(locks))
    outcomes: list[object] = []

    def contend(lock: PeriodicLock) -> None:
        barrier.wait()
        for number in (1000, 1001, 1002):
            outcomes.append(periodic.run_periodic_tick(number, lock))

    threads = [threading.Thread(target=contend, args=(lock,)) for lock in locks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(runs) == 3  # one per tick
    assert sum(outcome is None for outcome in outcomes) == 3 * (len(locks) - 1)


def test_three_schedulers_run_each_tick_once(tmp_path):
    url = rq_redis_url()
    with shared_database(tmp_path) as database_url:
        env = worker_env(tmp_path, database_url, REDIS_URL=url, WARTA_TASK_REDIS_URL=url)
        with running_workers(
            3, env, tmp_path / "logs", args=("--tick=1", "--verbosity=2"), command="scheduler"
        ) as pool:

            def lines() -> list[str]:
                return "\n".join(pool.log(index) for index in range(3)).splitlines()

            def all_ticking() -> bool:
                return all(pool.log(index).count("periodic tick") >= 3 for index in range(3))

            wait_for(all_ticking, timeout=120, what="three schedulers ticking", pool=pool)
            seen = lines()
    ran = Counter(line.split(":")[0] for line in seen if line.endswith(": ran"))
    skipped = [line for line in seen if line.endswith("skipped (another worker)")]
    assert len(ran) >= 3 and skipped, seen
    assert max(ran.values()) == 1, ran


def test_rq_queue_needs_redis_and_unknown_queues_are_refused():
    with pytest.raises(TaskQueueConfigError, match="REDIS_URL is not set"):
        task_settings("rq", "")
    with pytest.raises(TaskQueueConfigError, match="'database' or 'rq'"):
        task_settings("celery", "redis://127.0.0.1:6379/0")
    tasks, queues = task_settings("rq", "redis://127.0.0.1:6379/4")
    assert tasks["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert queues["default"]["URL"] == "redis://127.0.0.1:6379/4"
    assert task_settings("database", "")[0]["default"]["BACKEND"] == (
        "django_tasks_db.DatabaseBackend"
    )

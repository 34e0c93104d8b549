"""Worker hosts: one worker SIGKILLed in the middle of a task, and periodic ticks with three
workers. For bench/cluster.py (`measure_worker_kill(env)`) and on its own:

    .venv/bin/python bench/cluster_parts/tasks.py [--queue rq|database] [--tasks 200]
        [--database-url postgres://…  (migrated)] [--redis redis://127.0.0.1:6379/3]

Without --database-url it migrates a throwaway SQLite database first (about a minute); the
database queue with three workers needs PostgreSQL (a migrated --database-url).

Three `warta worker` processes (tick 1 s, each with its scheduler on RQ) share one queue. Once
each has ticked a few times, N probe tasks are queued (warta.core.ops.taskprobe: each commits
one row in one transaction); the first stops inside its transaction until a gate file exists.
The worker running it is SIGKILLed with everything it started, the gate opened, and the
survivors must finish every task: `tasks_lost` (a task whose row is missing),
`tasks_duplicated` (a row committed twice), `recovery_s` (kill to the killed task's row
committed by another worker), `periodic_runs_per_tick` (the most runs any one tick got across
the workers' logs; target 1). Prints progress on stderr and JSON last."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from warta.core.ops.workers import running_workers, wait_for, worker_environment  # noqa: E402

say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

# Short heartbeats so the benchmark sees a recovery in seconds; production's defaults
# (--heartbeat 30 --abandon-after 90 --maintenance 60) take up to about 150 s.
RQ_ARGS = ("--heartbeat=1", "--abandon-after=3", "--maintenance=1")


def _probe(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    completed = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "warta.core.ops.taskprobe", *args],
        env=worker_environment(env),
        cwd=str(ROOT),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"taskprobe {args[0]} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def _ticks(logs: list[str]) -> Counter[str]:
    lines = "\n".join(logs).splitlines()
    return Counter(line.split(":")[0] for line in lines if line.endswith(": ran"))


def measure_worker_kill(env: dict[str, str], n_tasks: int = 200) -> dict:
    """`env`: the subprocess environment of the cluster's workers (DATABASE_URL of a migrated
    database, REDIS_URL, WARTA_TASK_QUEUE, DJANGO_SETTINGS_MODULE and its secrets …)."""
    workdir = Path(tempfile.mkdtemp(prefix="warta-tasks-"))
    gate = workdir / "gate"
    rq = env.get("WARTA_TASK_QUEUE") == "rq"
    args = ("--tick=1", "--verbosity=2", *(RQ_ARGS if rq else ()))
    _probe(env, "setup")
    with running_workers(3, env, workdir / "logs", args=args) as pool:
        say("tasks: three workers starting")

        def all_ticking() -> bool:
            return all(pool.log(index).count("periodic tick") >= 3 for index in range(3))

        wait_for(all_ticking, timeout=180, what="three workers ticking", pool=pool)
        ids_file = workdir / "ids.json"
        ids_file.write_text(_probe(env, "enqueue", str(n_tasks), str(gate)))
        say(f"tasks: {n_tasks} queued, waiting for the gated one to start")
        started = Path(f"{gate}.started")
        wait_for(started.exists, timeout=120, what="the gated task to start", pool=pool)
        victim = pool.owner_of(int(started.read_text()))
        killed_at = time.time()
        pool.kill(victim)
        gate.write_text("open")
        say(f"tasks: worker {victim} killed mid-task")
        done = Path(f"{gate}.done")
        wait_for(done.exists, timeout=300, what="the killed worker's task to run again", pool=pool)
        recovery_s = float(done.read_text()) - killed_at
        report = json.loads(_probe(env, "report", str(ids_file), "--wait", "300"))
        ran = _ticks([pool.log(index) for index in range(3)])  # the killed one's until it died
    return {
        "queue": env.get("WARTA_TASK_QUEUE", "database"),
        "tasks_total": report["tasks_total"],
        "tasks_lost": report["tasks_lost"],
        "tasks_duplicated": report["tasks_duplicated"],
        "task_statuses": report["statuses"],
        "recovery_s": round(recovery_s, 2),
        "worker_args": " ".join(args),
        "periodic_ticks_seen": len(ran),
        "periodic_runs_per_tick": max(ran.values(), default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queue", choices=["rq", "database"], default="rq")
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--database-url", help="a migrated database (default: a new SQLite)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    options = parser.parse_args()
    if options.queue == "database" and not options.database_url:
        # SQLite is the embedded default's one worker: three workers ticking every second
        # outrun its single writer ("database is locked").
        parser.error("--queue database runs three workers: give --database-url postgres://…")
    workdir = Path(tempfile.mkdtemp(prefix="warta-tasks-bench-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "warta.settings.dev",
        "SECRET_KEY": "bench-tasks",
        "WARTA_DEBUG": "false",
        "WARTA_VAR_DIR": str(workdir),
        "DATABASE_URL": options.database_url or f"sqlite:///{workdir / 'tasks.sqlite3'}",
        "REDIS_URL": options.redis,
        "WARTA_TASK_QUEUE": options.queue,
        "WARTA_LOG_LEVEL": "WARNING",
    }
    if not options.database_url:
        say("tasks: migrating a new SQLite database")
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "warta.manage", "migrate", "-v", "0"],
            env=worker_environment(env),
            cwd=str(ROOT),
            check=True,
        )
    import redis

    client = redis.Redis.from_url(options.redis)
    for pattern in ("rq:*", "warta:periodic:*"):  # this benchmark's own database
        keys = list(client.scan_iter(pattern))
        if keys:
            client.delete(*keys)
    started = time.monotonic()
    figures = measure_worker_kill(env, options.tasks)
    figures["measure_s"] = round(time.monotonic() - started, 1)
    for name, value in figures.items():
        say(f"{name:>24}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()

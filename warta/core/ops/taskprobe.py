"""A task that shows what a queue does with work when a worker dies, for the task-queue
integration test and bench/cluster_parts/tasks.py: each run inserts one row into
`warta_task_probe` and commits it in one transaction (like Warta's own tasks), and a gated run
stops inside that transaction until a file appears, so a test can kill its worker mid-task.

    python -m warta.core.ops.taskprobe setup|enqueue N GATE|report IDS_FILE [--wait S]

runs the same steps with the environment's settings (for a benchmark outside Django)."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django_tasks import task

TABLE = "warta_task_probe"
GATE_LIMIT = 120.0  # seconds a gated task waits for its gate at most


def ensure_probe_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "  # noqa: S608 - a constant
            "(key VARCHAR(64) NOT NULL, pid INTEGER NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


@task()
def record_effect_task(key: str, gate: str = "") -> str:
    """Insert this task's row; with `gate`, write `<gate>.started` (the pid) and wait inside
    the transaction until `gate` exists, then write `<gate>.done` once the row is committed."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (key, pid) VALUES (%s, %s)",  # noqa: S608
                [key, os.getpid()],
            )
        if gate:
            Path(f"{gate}.started").write_text(str(os.getpid()))
            deadline = time.monotonic() + GATE_LIMIT
            while not Path(gate).exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            transaction.on_commit(lambda: Path(f"{gate}.done").write_text(str(time.time())))
    return key


def enqueue_probes(n: int, gate: str) -> list[str]:
    """N probe tasks, the first gated; their result ids in order."""
    ids = []
    for index in range(n):
        result = record_effect_task.enqueue(key=f"probe-{index}", gate=gate if index == 0 else "")
        ids.append(result.id)
    return ids


def probe_report(ids: list[str]) -> dict[str, Any]:
    """Each task's status, and how many rows each key committed."""
    statuses: Counter[str] = Counter()
    for result_id in ids:
        try:
            statuses[str(record_effect_task.get_result(result_id).status)] += 1
        except Exception:  # noqa: BLE001 - a result the queue lost
            statuses["MISSING"] += 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, COUNT(*) FROM {TABLE} GROUP BY key")  # noqa: S608
        effects = dict(cursor.fetchall())
    keys = [f"probe-{index}" for index in range(len(ids))]
    return {
        "tasks_total": len(ids),
        "statuses": dict(statuses),
        "tasks_lost": sum(1 for key in keys if effects.get(key, 0) == 0),
        "tasks_duplicated": sum(1 for key in keys if effects.get(key, 0) > 1),
    }


def finished(report: dict[str, Any]) -> bool:
    statuses = report["statuses"]
    return statuses.get("SUCCESSFUL", 0) + statuses.get("FAILED", 0) == report["tasks_total"]


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.dev")
    django.setup()
    # Run as a script this module is __main__: tasks must be queued under their real path.
    from warta.core.ops import taskprobe as probe

    step = argv[0]
    if step == "setup":
        probe.ensure_probe_table()
    elif step == "enqueue":
        print(json.dumps(probe.enqueue_probes(int(argv[1]), argv[2])))
    elif step == "report":
        ids = json.loads(Path(argv[1]).read_text())
        wait = float(argv[3]) if len(argv) > 3 and argv[2] == "--wait" else 0.0
        deadline = time.monotonic() + wait
        report = probe.probe_report(ids)
        while not probe.finished(report) and time.monotonic() < deadline:
            time.sleep(0.2)
            report = probe.probe_report(ids)
        print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1:])

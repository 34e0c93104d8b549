"""Local starters for `warta worker` and `warta scheduler` processes, for the task-queue
integration test and the cluster benchmark: N processes with one environment, each in its
own process group (an RQ worker's forked work horse dies with it), output in a log file each,
and a way to kill one as a crashed host would (SIGKILL to the group)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[3]


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            children.setdefault(_parent(int(entry.name)), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class WorkerPool:
    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes]

    def owner_of(self, pid: int) -> int:
        """Which worker (index) runs process `pid`: the worker itself or a process it started
        (an RQ work horse runs in a session of its own, so this follows parents)."""
        while pid > 1:
            if pid in self.pids:
                return self.pids.index(pid)
            pid = _parent(pid)
        raise LookupError("not a process of these workers")

    def kill(self, index: int) -> None:
        """SIGKILL worker `index` and everything it started, at once, as a lost host."""
        process = self.processes[index]
        doomed = [process.pid, *_descendants(process.pid)]
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def log(self, index: int) -> str:
        return self.logs[index].read_text(errors="replace")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 20
        for process in self.processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def worker_environment(base: dict[str, str], **extra: str) -> dict[str, str]:
    """The environment a worker subprocess needs on top of `base` (DATABASE_URL, REDIS_URL,
    WARTA_TASK_QUEUE …): this checkout importable, unbuffered output."""
    env = {**os.environ, **base, **extra}
    env.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.dev")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextmanager
def running_workers(
    count: int,
    env: dict[str, str],
    workdir: Path,
    *,
    args: tuple[str, ...] = (),
    command: str = "worker",
    niceness: int = 0,
) -> Iterator[WorkerPool]:
    """`count` × `warta <command> <args>` with `env`, logs in `workdir`; stopped on exit.
    `niceness` lowers their CPU priority, as deploy/systemd's worker unit does (`Nice=`) where
    workers share cores with the app: a reader's page before a background task."""
    pool = WorkerPool()
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for index in range(count):
            log = workdir / f"{command}-{index}.log"
            with log.open("wb") as out:
                pool.processes.append(
                    subprocess.Popen(  # noqa: S603 - our own command
                        [
                            *(["nice", "-n", str(niceness)] if niceness else []),
                            sys.executable,
                            "-m",
                            "warta.manage",
                            command,
                            *args,
                        ],
                        env=worker_environment(env),
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        cwd=str(CHECKOUT),
                        start_new_session=True,
                    )
                )
            pool.logs.append(log)
        yield pool
    finally:
        pool.stop()


def wait_for(
    predicate: Callable[[], object], *, timeout: float, what: str, pool: WorkerPool | None = None
) -> float:
    """Poll `predicate` until it is true; the seconds it took. On time-out: an AssertionError
    with the workers' logs."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            logs = ""
            if pool is not None:
                logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in pool.logs)
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}\n{logs}")
        time.sleep(0.05)
    return time.monotonic() - start

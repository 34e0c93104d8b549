"""`warta worker`: runs queued background tasks and, every tick, the periodic jobs (scheduled
publishing and expiry, and those apps register: wire pulls, read counts). `warta serve` starts
one; production runs it as its own service, on as many hosts as it likes.

On the database queue (the default) it works the queue itself between ticks and, each tick,
gives back the tasks of workers that died (warta.core.ops.taskrecovery). On RQ
(`WARTA_TASK_QUEUE=rq`) it is an RQ worker on every queue, with a `warta scheduler` beside it
for the periodic jobs; RQ itself finds the jobs of dead workers (warta.core.ops.taskqueue).
Whatever the number of workers, a tick's periodic jobs run once when Redis is configured
(the tick lock); `--no-periodic` leaves them to others (a `warta scheduler` unit)."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection, connections

from warta.core.ops.periodic import run_periodic_jobs, run_periodic_tick
from warta.core.ops.taskqueue import periodic_lock, rq_worker, tick_number, uses_rq, worker_id
from warta.core.ops.taskrecovery import recover_abandoned_tasks


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs (scheduled publishing) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=10.0, help="seconds between jobs")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="run tasks only; periodic jobs are left to `warta scheduler` or other workers",
        )
        rq = parser.add_argument_group("RQ (WARTA_TASK_QUEUE=rq)")
        rq.add_argument("--heartbeat", type=int, default=30, help="seconds between heartbeats")
        rq.add_argument(
            "--abandon-after",
            type=int,
            default=90,
            help="seconds without a heartbeat after which a running task's worker is dead",
        )
        rq.add_argument(
            "--maintenance",
            type=int,
            default=60,
            help="seconds between checks for tasks of dead workers",
        )

    def handle(self, *args, **options):
        tick = max(options["tick"], 0.5)
        if uses_rq() and not options["once"]:
            return self._work_rq(tick, options)
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        uses_db_queue = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
        periodic = not options["no_periodic"]
        self.stdout.write(
            f"Worker started: tick {tick:g}s, task queue {'on' if uses_db_queue else 'off'}"
            f"{'' if periodic else ', periodic jobs off'}"
        )
        make_lock = periodic_lock()
        lock = make_lock(tick) if make_lock else None
        last_tick = None
        while self.running:
            if not connection.in_atomic_block:
                # Drop stale connections between ticks, never one a caller's transaction uses.
                close_old_connections()
            number = tick_number(tick)
            if number != last_tick:
                last_tick = number
                if uses_db_queue:
                    recover_abandoned_tasks()
                if options["once"]:
                    if periodic:
                        run_periodic_jobs()  # asked for by hand: no tick to share
                elif periodic:
                    self._report(number, run_periodic_tick(number, lock), options)
            if uses_db_queue:
                self._drain_queue()
            if options["once"]:
                break
            time.sleep(0.5)
        self.stdout.write("Worker stopped.")

    def _report(self, number, outcome, options) -> None:
        if options["verbosity"] >= 2:
            said = "skipped (another worker)" if outcome is None else "ran"
            self.stdout.write(f"periodic tick {number}: {said}")
            self.stdout.flush()

    def _drain_queue(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=100,
            worker_id=worker_id(),
            excluded_queue_names=[],
        ).run()

    def _work_rq(self, tick: float, options) -> None:
        scheduler = None
        if not options["no_periodic"]:
            command = [sys.executable, "-m", "warta.manage", "scheduler", f"--tick={tick:g}"]
            command += [f"--verbosity={options['verbosity']}", f"--parent={os.getpid()}"]
            scheduler = subprocess.Popen(command)  # noqa: S603 - our own command
        worker = rq_worker(
            heartbeat=options["heartbeat"],
            abandon_after=options["abandon_after"],
            maintenance=options["maintenance"],
            max_attempts=settings.WARTA_TASK_MAX_ATTEMPTS,
        )
        periodic = f"in a scheduler, tick {tick:g}s" if scheduler else "off"
        self.stdout.write(
            f"Worker started: RQ worker {worker.name} on {', '.join(worker.queue_names())}, "
            f"periodic jobs {periodic}"
        )
        self.stdout.flush()
        connections.close_all()  # the work horses fork: none may share a connection
        try:
            worker.work(
                with_scheduler=True,  # tasks with a run_after; one worker schedules at a time
                logging_level="INFO" if options["verbosity"] >= 2 else "WARNING",
            )
        finally:
            if scheduler is not None:
                scheduler.terminate()
                scheduler.wait(timeout=30)
        self.stdout.write("Worker stopped.")

    def _stop(self, signum, frame):
        self.running = False

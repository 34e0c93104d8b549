"""`warta worker`: runs queued background tasks and, every tick, the periodic jobs (scheduled
publishing and expiry, and those apps register: wire pulls, read counts). `warta serve` starts
one; production runs it as its own service."""

import logging
import signal
import time
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from warta.core.ops.periodic import run_periodic_jobs

logger = logging.getLogger("warta.worker")


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs (scheduled publishing) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=10.0, help="seconds between jobs")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        tick = max(options["tick"], 0.5)
        uses_db_queue = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
        self.stdout.write(
            f"Worker started: tick {tick:g}s, task queue {'on' if uses_db_queue else 'off'}"
        )
        next_tick = 0.0
        while self.running:
            if not connection.in_atomic_block:
                # Drop stale connections between ticks, never one a caller's transaction uses.
                close_old_connections()
            if time.monotonic() >= next_tick:
                run_periodic_jobs()
                next_tick = time.monotonic() + tick
            if uses_db_queue:
                self._drain_queue()
            if options["once"]:
                break
            time.sleep(0.5)
        self.stdout.write("Worker stopped.")

    def _drain_queue(self) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=100,
            worker_id=f"warta-{uuid.uuid4().hex[:8]}",
            excluded_queue_names=[],
        ).run()

    def _stop(self, signum, frame):
        self.running = False

"""`warta scheduler`: runs only the periodic jobs (scheduled publishing, wire pulls,
newsletters, analytics roll-ups), every tick, for the systemd "scheduler" unit beside
`warta worker --no-periodic`, or started by an RQ `warta worker`. Any number may run: with
Redis configured, each tick is claimed by one of them (warta.core.ops.taskqueue.PeriodicLock)."""

import os
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from warta.core.ops.periodic import run_periodic_tick
from warta.core.ops.taskqueue import periodic_lock, tick_number


class Command(BaseCommand):
    help = "Run the periodic jobs every tick (once per tick across every scheduler and worker)."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=10.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="one tick, then exit")
        parser.add_argument(
            "--parent", type=int, default=0, help="exit when this process (the worker) is gone"
        )

    def handle(self, *args, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        tick = max(options["tick"], 0.5)
        make_lock = periodic_lock()
        lock = make_lock(tick) if make_lock else None
        self.stdout.write(
            f"Scheduler started: tick {tick:g}s, "
            f"{'one run per tick across hosts (Redis lock)' if lock else 'no lock: run it once'}"
        )
        self.stdout.flush()
        last_tick = None
        while self.running:
            if options["parent"] and os.getppid() != options["parent"]:
                break  # the worker that started us is gone
            number = tick_number(tick)
            if number != last_tick:
                last_tick = number
                close_old_connections()
                outcome = run_periodic_tick(number, lock)
                if options["verbosity"] >= 2:
                    said = "skipped (another worker)" if outcome is None else "ran"
                    self.stdout.write(f"periodic tick {number}: {said}")
                    self.stdout.flush()
            if options["once"]:
                break
            time.sleep(min(0.25, tick / 4))
        self.stdout.write("Scheduler stopped.")

    def _stop(self, signum, frame):
        self.running = False

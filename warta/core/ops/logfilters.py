"""Logging filters."""

from __future__ import annotations

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Lets one record through per `seconds` for each logger and message, and counts the rest
    into the next one: a Redis outage under load is one line every ten seconds per worker,
    not a traceback per request."""

    def __init__(self, seconds: float = 10.0):
        super().__init__()
        self.seconds = seconds
        self.lock = threading.Lock()
        self.last: dict[tuple[str, str], float] = {}
        self.held: dict[tuple[str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self.lock:
            if now - self.last.get(key, -self.seconds) < self.seconds:
                self.held[key] = self.held.get(key, 0) + 1
                return False
            self.last[key] = now
            skipped = self.held.pop(key, 0)
        if skipped:
            record.msg = f"{record.msg} (and {skipped} more like it)"
        if record.exc_info and skipped:
            record.exc_info = None  # the first of the run had the traceback
        return True

"""The event log between the serving processes and the roll-up: Redis lists in production,
append-only files under var/analytics/log/ in the embedded default. Never the database.

Both are split by hour (`YYYYMMDDHH`, UTC, of the moment a batch was written), so the roll-up
reads each hour's new lines from where it stopped (the cursor: an offset per file or list)
and whole hours can be dropped after 48 hours."""

from __future__ import annotations

import os
import shutil
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings

KEEP_SECONDS = 48 * 3600
REDIS_PREFIX = "warta:analytics:log:"


def hour_label(at: float) -> str:
    return time.strftime("%Y%m%d%H", time.gmtime(at))


def hour_start(label: str) -> float:
    return time.mktime(time.strptime(label + "UTC", "%Y%m%d%H%Z")) - time.timezone


@dataclass
class Cursor:
    """Where reading stopped: an offset per part (file or list); hours before `done` are read
    to the end and no longer looked at."""

    offsets: dict[str, int] = field(default_factory=dict)
    done: str = ""

    @classmethod
    def load(cls, data: dict) -> Cursor:
        return cls(offsets=dict(data.get("offsets", {})), done=data.get("done", ""))

    def dump(self) -> dict:
        return {"offsets": self.offsets, "done": self.done}


class EventLog(Protocol):
    def append(self, lines: list[str]) -> None: ...

    def read(self, cursor: Cursor, *, limit: int) -> tuple[list[str], Cursor]: ...

    def prune(self, now: float) -> int: ...


def _settle(cursor: Cursor, hours: list[str], now: float) -> Cursor:
    """After a read that reached the end of every part: hours that ended two minutes ago
    (no writer adds to them any more) are done, and their offsets are dropped."""
    closed = [hour for hour in hours if hour < hour_label(now - 120)]
    if not closed:
        return cursor
    done = max(cursor.done, closed[-1])
    return Cursor({k: v for k, v in cursor.offsets.items() if k[:10] > done}, done)


def _own_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}.log"


class FileLog:
    """var/analytics/log/<hour>/<host>-<pid>.log, one writer per file (this process)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = _own_name()

    def append(self, lines: list[str]) -> None:
        if not lines:
            return
        folder = self.root / hour_label(time.time())
        folder.mkdir(parents=True, exist_ok=True)
        data = "".join(lines).encode()
        fd = os.open(folder / self.name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, data)  # whole lines in one write; the reader stops at the last newline
        finally:
            os.close(fd)

    def hours(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.isdigit())

    def read(self, cursor: Cursor, *, limit: int) -> tuple[list[str], Cursor]:
        lines: list[str] = []
        offsets = dict(cursor.offsets)
        hours = [h for h in self.hours() if h > cursor.done]
        for hour in hours:
            for path in sorted((self.root / hour).glob("*.log")):
                key = f"{hour}/{path.name}"
                start = offsets.get(key, 0)
                with path.open("rb") as handle:
                    handle.seek(start)
                    chunk = handle.read(max(limit - len(lines), 0) * 200 + 65536)
                end = chunk.rfind(b"\n") + 1
                if end == 0:
                    offsets.setdefault(key, start)
                    continue
                taken = chunk[:end].decode().splitlines(keepends=True)
                room = limit - len(lines)
                if len(taken) > room:
                    taken = taken[:room]
                    end = sum(len(line.encode()) for line in taken)
                lines.extend(taken)
                offsets[key] = start + end
                if len(lines) >= limit:
                    return lines, Cursor(offsets, cursor.done)
        return lines, _settle(Cursor(offsets, cursor.done), hours, time.time())

    def prune(self, now: float) -> int:
        oldest = hour_label(now - KEEP_SECONDS)
        dropped = 0
        for hour in self.hours():
            if hour < oldest:
                shutil.rmtree(self.root / hour, ignore_errors=True)
                dropped += 1
        return dropped


class RedisLog:
    """One Redis list per hour; each batch is one RPUSH."""

    def __init__(self, connection, prefix: str = REDIS_PREFIX) -> None:
        self.redis = connection
        self.prefix = prefix

    def append(self, lines: list[str]) -> None:
        if not lines:
            return
        key = self.prefix + hour_label(time.time())
        pipe = self.redis.pipeline(transaction=False)
        pipe.rpush(key, *lines)
        pipe.expire(key, KEEP_SECONDS + 3600)
        pipe.execute()

    def hours(self) -> list[str]:
        found = self.redis.scan_iter(match=self.prefix + "*", count=1000)
        return sorted(k.decode()[len(self.prefix) :] for k in found)

    def read(self, cursor: Cursor, *, limit: int) -> tuple[list[str], Cursor]:
        lines: list[str] = []
        offsets = dict(cursor.offsets)
        hours = [h for h in self.hours() if h > cursor.done]
        for hour in hours:
            key = f"{hour}/list"
            start = offsets.get(key, 0)
            taken = self.redis.lrange(self.prefix + hour, start, start + limit - len(lines) - 1)
            lines.extend(item.decode() for item in taken)
            offsets[key] = start + len(taken)
            if len(lines) >= limit:
                return lines, Cursor(offsets, cursor.done)
        return lines, _settle(Cursor(offsets, cursor.done), hours, time.time())

    def prune(self, now: float) -> int:
        oldest = hour_label(now - KEEP_SECONDS)
        old = [self.prefix + h for h in self.hours() if h < oldest]
        if old:
            self.redis.delete(*old)
        return len(old)


_log: EventLog | None = None


def event_log() -> EventLog:
    """Redis when the site runs with Redis, else the files under var/ (the embedded default)."""
    global _log
    if _log is None or (isinstance(_log, FileLog) and _log.name != _own_name()):
        if settings.REDIS_URL:
            from django_redis import get_redis_connection  # only with Redis configured

            _log = RedisLog(get_redis_connection("default"))
        else:
            _log = FileLog(Path(settings.VAR_DIR) / "analytics" / "log")
    return _log


def use_log(log: EventLog | None) -> None:
    """Tests and benchmarks choose the log; None goes back to the configured one."""
    global _log
    _log = log

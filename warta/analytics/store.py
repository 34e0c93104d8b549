"""The event log between the serving processes and the roll-up: Redis lists in production,
append-only files under var/analytics/log/ in the embedded default. Never the database.

Both are split by hour (`YYYYMMDDHH`, UTC, of the moment a batch was written), so the roll-up
reads each hour's new lines from where it stopped (the cursor: an offset per file or list)
and whole hours can be dropped after 48 hours.

And by site: with WARTA_ANALYTICS_PARTITIONS = n above 1, a site's events go to partition
`site id % n` (`Partition`), each with its own files or lists and its own roll-up cursor, so n
processes roll at once without sharing a row. With n = 1 (the default) the one partition is
the log as it always was: `var/analytics/log/<hour>/`, `warta:analytics:log:<hour>`, cursor
"log". A partition is named with its n ("3 of 8"): after n changes, the old partitions' lines
stay where they are and are still read by their own cursors until they are dropped."""

from __future__ import annotations

import os
import re
import shutil
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings

KEEP_SECONDS = 48 * 3600
REDIS_PREFIX = "warta:analytics:log:"
LOOK_BACK_HOURS = 72  # how far back a Redis log's hours are looked for (they expire after 49)


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


@dataclass(frozen=True)
class Partition:
    """Part `index` of the log split `count` ways by site (`site id % count`)."""

    index: int = 0
    count: int = 1

    @property
    def name(self) -> str:
        """The roll-up cursor's name: "log" for the whole log (the name it always had)."""
        return "log" if self.count == 1 else f"log:{self.index}/{self.count}"

    @property
    def label(self) -> str:
        """The folder or key part of a split log: "p3of8"."""
        return f"p{self.index}of{self.count}"

    def holds(self, site_id: int) -> bool:
        return site_id % self.count == self.index


def in_order(parts: set[Partition]) -> list[Partition]:
    """The whole log first, then each split by its number of partitions, index."""
    return sorted(parts, key=lambda part: (part.count, part.index))


WHOLE = Partition()
_LABEL = re.compile(r"p(\d+)of(\d+)")


def partitions(count: int) -> list[Partition]:
    return [Partition(index, count) for index in range(count)]


def partition_of(site_id: int, count: int) -> Partition:
    return Partition(site_id % count, count)


def _from_label(label: str) -> Partition | None:
    found = _LABEL.fullmatch(label)
    if found is None:
        return None
    index, count = int(found[1]), int(found[2])
    return Partition(index, count) if 0 <= index < count else None


class EventLog(Protocol):
    def append(self, lines: list[str], part: Partition = WHOLE) -> None: ...

    def read(
        self, cursor: Cursor, *, limit: int, part: Partition = WHOLE
    ) -> tuple[list[str], Cursor]: ...

    def partitions(self) -> list[Partition]: ...

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
    """var/analytics/log/<hour>/<host>-<pid>.log, one writer per file (this process); a split
    log's partition in var/analytics/log/p<index>of<count>/<hour>/<host>-<pid>.log."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = _own_name()

    def folder(self, part: Partition = WHOLE) -> Path:
        return self.root if part.count == 1 else self.root / part.label

    def append(self, lines: list[str], part: Partition = WHOLE) -> None:
        if not lines:
            return
        folder = self.folder(part) / hour_label(time.time())
        folder.mkdir(parents=True, exist_ok=True)
        data = "".join(lines).encode()
        fd = os.open(folder / self.name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, data)  # whole lines in one write; the reader stops at the last newline
        finally:
            os.close(fd)

    def hours(self, part: Partition = WHOLE) -> list[str]:
        root = self.folder(part)
        if not root.is_dir():
            return []
        return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.isdigit())

    def partitions(self) -> list[Partition]:
        """The partitions with lines in the log (the whole log's when it has hours)."""
        found = {WHOLE} if self.hours() else set()
        if self.root.is_dir():
            found.update(
                part
                for part in map(_from_label, (p.name for p in self.root.iterdir()))
                if part is not None
            )
        return in_order(found)

    def read(
        self, cursor: Cursor, *, limit: int, part: Partition = WHOLE
    ) -> tuple[list[str], Cursor]:
        lines: list[str] = []
        offsets = dict(cursor.offsets)
        root = self.folder(part)
        hours = [h for h in self.hours(part) if h > cursor.done]
        for hour in hours:
            for path in sorted((root / hour).glob("*.log")):
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
        """Hours older than KEEP_SECONDS, in every partition; returns how many were dropped."""
        oldest = hour_label(now - KEEP_SECONDS)
        dropped = 0
        for part in self.partitions():
            for hour in self.hours(part):
                if hour < oldest:
                    shutil.rmtree(self.folder(part) / hour, ignore_errors=True)
                    dropped += 1
        return dropped


class RedisLog:
    """One Redis list per hour (`<prefix><hour>`) and partition of a split log
    (`<prefix without its colon>@p<index>of<count>:<hour>`, which the whole log's pattern does
    not match); each batch is one RPUSH."""

    def __init__(self, connection, prefix: str = REDIS_PREFIX) -> None:
        self.redis = connection
        self.prefix = prefix

    def key_prefix(self, part: Partition = WHOLE) -> str:
        if part.count == 1:
            return self.prefix
        return f"{self.prefix.rstrip(':')}@{part.label}:"

    def append(self, lines: list[str], part: Partition = WHOLE) -> None:
        if not lines:
            return
        key = self.key_prefix(part) + hour_label(time.time())
        pipe = self.redis.pipeline(transaction=False)
        pipe.rpush(key, *lines)
        pipe.expire(key, KEEP_SECONDS + 3600)
        pipe.execute()

    def hours(self, part: Partition = WHOLE) -> list[str]:
        """The hours with a list, looked up by name (one pipelined EXISTS per hour of the
        last LOOK_BACK_HOURS, lists expiring after 49): a SCAN would walk every key of the
        database (the cache's too), once per partition and roll."""
        prefix = self.key_prefix(part)
        now = time.time()
        labels = [hour_label(now - 3600 * back) for back in range(LOOK_BACK_HOURS, -2, -1)]
        pipe = self.redis.pipeline(transaction=False)
        for label in labels:
            pipe.exists(prefix + label)
        return [label for label, found in zip(labels, pipe.execute(), strict=True) if found]

    def partitions(self) -> list[Partition]:
        """The partitions with lines in the log (the whole log's when it has hours)."""
        found = {WHOLE} if self.hours() else set()
        start = f"{self.prefix.rstrip(':')}@"
        for key in self.redis.scan_iter(match=start + "*", count=1000):
            part = _from_label(key.decode()[len(start) :].split(":", 1)[0])
            if part is not None:
                found.add(part)
        return in_order(found)

    def read(
        self, cursor: Cursor, *, limit: int, part: Partition = WHOLE
    ) -> tuple[list[str], Cursor]:
        lines: list[str] = []
        offsets = dict(cursor.offsets)
        prefix = self.key_prefix(part)
        hours = [h for h in self.hours(part) if h > cursor.done]
        for hour in hours:
            key = f"{hour}/list"
            start = offsets.get(key, 0)
            taken = self.redis.lrange(prefix + hour, start, start + limit - len(lines) - 1)
            lines.extend(item.decode() for item in taken)
            offsets[key] = start + len(taken)
            if len(lines) >= limit:
                return lines, Cursor(offsets, cursor.done)
        return lines, _settle(Cursor(offsets, cursor.done), hours, time.time())

    def prune(self, now: float) -> int:
        """Hours older than KEEP_SECONDS, in every partition (they also expire by themselves)."""
        oldest = hour_label(now - KEEP_SECONDS)
        old = [
            self.key_prefix(part) + hour
            for part in self.partitions()
            for hour in self.hours(part)
            if hour < oldest
        ]
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

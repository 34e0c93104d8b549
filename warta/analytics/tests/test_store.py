"""The event log: both kinds read from where they stopped, never return half a line, close
finished hours and drop hours past 48 hours. Redis is the real server (.ci/run starts it)."""

from __future__ import annotations

import os
import time
import uuid

import pytest
import redis

from warta.analytics.store import KEEP_SECONDS, Cursor, FileLog, Partition, RedisLog, hour_label


@pytest.fixture
def redis_log():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    connection = redis.Redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("WARTA_REQUIRE_BROWSER"):  # .ci/run: every real component is here
            raise
        pytest.skip("no Redis on this laptop (CI always has one)")
    prefix = f"warta:test:{uuid.uuid4().hex}:"
    yield RedisLog(connection, prefix=prefix)
    for key in connection.scan_iter(match=prefix + "*"):
        connection.delete(key)


@pytest.fixture(params=["file", "redis"])
def log(request, tmp_path):
    if request.param == "file":
        return FileLog(tmp_path)
    return request.getfixturevalue("redis_log")


def test_reading_resumes_where_it_stopped(log):
    log.append([f"line {n}\n" for n in range(5)])
    first, cursor = log.read(Cursor(), limit=3)
    assert first == ["line 0\n", "line 1\n", "line 2\n"]
    log.append(["line 5\n"])
    rest, cursor = log.read(cursor, limit=100)
    assert rest == ["line 3\n", "line 4\n", "line 5\n"]
    again, _ = log.read(Cursor.load(cursor.dump()), limit=100)
    assert again == []


def test_a_half_written_line_waits_for_its_end(tmp_path):
    log = FileLog(tmp_path)
    log.append(["whole\n"])
    folder = tmp_path / hour_label(time.time())
    with (folder / log.name).open("ab") as handle:
        handle.write(b"half")
    lines, cursor = log.read(Cursor(), limit=10)
    assert lines == ["whole\n"]
    with (folder / log.name).open("ab") as handle:
        handle.write(b" done\n")
    assert log.read(cursor, limit=10)[0] == ["half done\n"]


def test_finished_hours_are_closed_and_old_ones_dropped(tmp_path):
    log = FileLog(tmp_path)
    old = hour_label(time.time() - KEEP_SECONDS - 7200)
    earlier = hour_label(time.time() - 7200)
    for hour in (old, earlier):
        (tmp_path / hour).mkdir()
        (tmp_path / hour / "other-1.log").write_text("x\n")
    lines, cursor = log.read(Cursor(), limit=10)
    assert lines == ["x\n", "x\n"]
    assert cursor.done == earlier and cursor.offsets == {}
    assert log.prune(time.time()) == 1
    assert log.hours() == [earlier]


def test_redis_hours_are_closed_and_old_ones_dropped(redis_log):
    old = hour_label(time.time() - KEEP_SECONDS - 7200)
    redis_log.redis.rpush(redis_log.prefix + old, "x\n")
    lines, cursor = redis_log.read(Cursor(), limit=10)
    assert lines == ["x\n"] and cursor.done == old
    assert redis_log.prune(time.time()) == 1
    assert redis_log.hours() == []


def test_a_split_logs_partitions_have_their_own_lists_and_offsets(redis_log):
    part = Partition(1, 4)
    redis_log.append(["whole\n"])
    redis_log.append(["one\n", "two\n"], part)
    hour = hour_label(time.time())
    assert redis_log.redis.llen(redis_log.prefix + hour) == 1  # the whole log's key as before
    assert redis_log.redis.llen(f"{redis_log.prefix.rstrip(':')}@p1of4:{hour}") == 2
    assert redis_log.hours() == [hour]  # the whole log's pattern does not take the partition's
    assert redis_log.partitions() == [Partition(0, 1), part]
    assert redis_log.read(Cursor(), limit=10)[0] == ["whole\n"]
    first, cursor = redis_log.read(Cursor(), limit=1, part=part)
    assert first == ["one\n"]
    assert redis_log.read(cursor, limit=10, part=part)[0] == ["two\n"]
    assert redis_log.read(Cursor(), limit=10, part=Partition(2, 4))[0] == []

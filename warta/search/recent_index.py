"""PostgreSQL: a second full-text index over the newest index rows only, so the ranking's
candidate step (`queries._pg_newest_matches`: the newest 500 matches, looked for in the newest
20,000 rows, then the newest 100,000) reads short posting lists and visits only recent rows.

Why: at 1,000,000 stories a word pair that is common but estimated rare together ("sah ruu")
made PostgreSQL take the whole body index's bitmap and visit every match's row (19,675 rows,
11,145 blocks, 90 ms) instead of narrowing it to the window. A partial GIN index
`WHERE id > boundary` holds only the rows the windows look at, so the same bitmap is the
window's matches alone. Nothing in the query names it: the windows' bounds are literals (client-
side binding), and the planner uses the partial index whenever a window lies above its
boundary, the full index (Wagtail's) otherwise. SQLite's FTS5 walks its rowids from the newest
and needs none.

The index is built `CONCURRENTLY` (readers and publishing go on) and rebuilt with a later
boundary when the rows above it have doubled (`refresh`: the worker's nightly job, and
`warta refresh_recent_search_index`); the old one is dropped after the new one is valid. A
network under `MIN_TABLE_ROWS` index rows has none: the whole index is short enough."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from wagtail.search.models import IndexEntry

PREFIX = "warta_search_recent_"
# Rows the index covers when built: the candidate step's widest window (queries.WINDOWS[-1] x
# queries.CANDIDATES = 100,000 rows) with room for new stories until the next build.
ROWS = 120_000
TABLE_FACTOR = 3  # a table under TABLE_FACTOR x the rows covered gets none
MIN_TABLE_ROWS = TABLE_FACTOR * ROWS
GROWTH = 2.0  # rebuilt once the rows above the boundary reach GROWTH x ROWS


@dataclass(frozen=True)
class RecentIndex:
    name: str
    boundary: int  # the index holds rows with id > boundary
    valid: bool


def existing() -> list[RecentIndex]:
    """The recent indexes on the search table (normally one; two while a new one is built,
    or a build that failed, left invalid)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND c.relname LIKE %s",
            [IndexEntry._meta.db_table, PREFIX + "%"],
        )
        found = []
        for name, valid in cursor.fetchall():
            match = re.fullmatch(re.escape(PREFIX) + r"(\d+)", name)
            if match:
                found.append(RecentIndex(name, int(match.group(1)), bool(valid)))
    return sorted(found, key=lambda index: index.boundary)


def _rows_above(boundary: int) -> int:
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        # Table names come from model metadata, never from input.
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE id > %s", [boundary])  # noqa: S608
        return int(cursor.fetchone()[0])


def _boundary(rows: int) -> int | None:
    """The id just below the newest `rows` index rows, or None when the table holds fewer
    than TABLE_FACTOR x `rows` (MIN_TABLE_ROWS for the default): the whole index is short
    enough then."""
    table = IndexEntry._meta.db_table
    # Table names come from model metadata, never from input.
    newest = f"SELECT id FROM {table} ORDER BY id DESC OFFSET %s LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(newest, [TABLE_FACTOR * rows - 1])
        if cursor.fetchone() is None:
            return None
        cursor.execute(newest, [rows])
        return int(cursor.fetchone()[0])


def due(rows: int | None = None) -> bool:
    """Whether `refresh` would build a new index: none valid yet on a table large enough, or
    the rows above the current one's boundary have reached GROWTH x `rows`; or one to drop
    (the table shrank below the minimum, or a failed build left an invalid index)."""
    if connection.vendor != "postgresql":
        return False
    rows = rows or ROWS
    indexes = existing()
    valid = [index for index in indexes if index.valid]
    if len(valid) != len(indexes) or len(valid) > 1:
        return True
    if _boundary(rows) is None:
        return bool(valid)
    return not valid or _rows_above(valid[-1].boundary) >= GROWTH * rows


def refresh(rows: int | None = None, *, force: bool = False) -> RecentIndex | None:
    """Build the recent index when `due` (or `force`), then drop the others. Returns the index
    in use afterwards (None: none, on SQLite or a small table). `CONCURRENTLY` outside a
    transaction; inside one (tests, a caller's atomic block) a plain build."""
    if connection.vendor != "postgresql":
        return None
    rows = rows or ROWS
    if not (force or due(rows)):
        current = [index for index in existing() if index.valid]
        return current[-1] if current else None
    boundary = _boundary(rows)
    table = IndexEntry._meta.db_table
    concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
    built = None
    with connection.cursor() as cursor:
        if boundary is not None:
            name = f"{PREFIX}{boundary}"
            if any(index.name == name for index in existing()):
                cursor.execute(f"DROP INDEX{concurrently} IF EXISTS {name}")
            # The name is the prefix and a number; the boundary is an int from the table.
            cursor.execute(
                f"CREATE INDEX{concurrently} {name} ON {table} "
                f"USING gin (body) WHERE id > {int(boundary)}"
            )
            built = RecentIndex(name, boundary, True)
    _drop([index for index in existing() if built is None or index.name != built.name])
    return built


def _drop(indexes: list[RecentIndex]) -> None:
    concurrently = "" if connection.in_atomic_block else " CONCURRENTLY"
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(f"DROP INDEX{concurrently} IF EXISTS {index.name}")


def drop_all() -> int:
    """Drop every recent index (a benchmark's "without"; never needed in operation)."""
    indexes = existing()
    _drop(indexes)
    return len(indexes)

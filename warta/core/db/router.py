"""The database router, installed only when DATABASE_REPLICA_URL is set (settings/base.py).

Every query goes to the primary ("default") unless the request's decision (middleware.py:
an anonymous GET whose replica is fresh enough) allows the replica, and then only reads
outside a transaction. Writes, the admin, signed-in readers, the worker, management commands
and migrations never leave the primary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_reads_from_replica: ContextVar[bool] = ContextVar("warta_reads_from_replica", default=False)


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Within it, reads outside a transaction may go to the replica (when `allowed`)."""
    token = _reads_from_replica.set(allowed)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


def reading_replica() -> bool:
    return _reads_from_replica.get()


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if not _reads_from_replica.get():
            return PRIMARY
        # A transaction on the primary sees its own writes: its reads stay with it.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA  # the replica gets the schema by replication

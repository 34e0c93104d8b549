"""Transactional tests empty PostgreSQL with DELETE, not TRUNCATE.

After each transactional test (live-server, browser and integration tests) Django's test case
empties every table with `flush`, which on PostgreSQL is one `TRUNCATE` of all ~120 tables. A
TRUNCATE gives each table (and each of its indexes) a new file and drops the old ones: measured
here at 0.35-0.75 s on a quiet machine and 3.3-3.9 s while other work kept the disk busy, after
every such test, where SQLite takes a few milliseconds. The DELETEs below take 0.03-0.05 s.

`DELETE FROM` each table leaves the same database behind: every table empty, sequences where
they were (Django's flush keeps them too, unless `reset_sequences`), and nothing else fires:
Warta's schema has no triggers of its own, and Django makes its foreign keys DEFERRABLE
INITIALLY DEFERRED on PostgreSQL, so they are checked once, when the flush's transaction
commits with every table empty (SET CONSTRAINTS ALL DEFERRED says so again, in case a table
ever has one that is not). The few rows a test leaves are deleted in milliseconds.

A flush that asks to restart the sequences or to cascade (`reset_sequences`, `available_apps`,
which no test here uses) is left to Django's TRUNCATE."""

from django.db.backends.postgresql.operations import DatabaseOperations

_truncate = DatabaseOperations.sql_flush


def _sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    if reset_sequences or allow_cascade or not tables:
        return _truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
    deletes = [
        f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables
    ]
    return [style.SQL_KEYWORD("SET CONSTRAINTS ALL DEFERRED;"), *deletes]


DatabaseOperations.sql_flush = _sql_flush  # type: ignore[method-assign]

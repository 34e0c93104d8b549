"""PostgreSQL's index over the newest search rows (`warta.search.recent_index`): built over the
newest rows once the table is large enough, rebuilt when the rows above it doubled, used by
the candidate step's windows without changing a single result; nothing on SQLite."""

from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.search import queries, recent_index
from warta.search.parsing import parse_query

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL index (SQLite's FTS5 needs none)"
)


@pytest.fixture(autouse=True)
def checks_at_once():
    """The test's transaction stands for committed rows: PostgreSQL builds no index on a
    table with foreign-key checks still pending in the same transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def stories(parent, count, start=0):
    return [
        ArticlePageFactory(
            parent=parent,
            title=f"{'Gempa' if n % 3 == 0 else 'Rapat'} Daerah Nomor {n}",
            body=paragraph_body(f"Warga membahas gempa dan rapat ke-{n}."),
        )
        for n in range(start, start + count)
    ]


def index_ids():
    from wagtail.search.models import IndexEntry

    return list(IndexEntry.objects.order_by("id").values_list("id", flat=True))


def definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [name])
        return cursor.fetchone()[0]


def test_nothing_on_sqlite_or_a_small_index(national_channel):
    stories(national_channel, 4)
    rows = len(index_ids()) // 3 + 1  # the table holds fewer than 3 x rows
    assert recent_index.refresh(rows=rows) is None
    assert not recent_index.due(rows=rows)
    assert recent_index.existing() == []


@postgres_only
def test_built_over_the_newest_rows(national_channel):
    """Whether the planner reads it for a window is seen on a large table (the benchmark's
    EXPLAIN, docs/subsystems/search.md): an index built in the test's own transaction, over
    rows it updated, is never planned with before that transaction ends."""
    stories(national_channel, 12)
    ids = index_ids()
    assert recent_index.due(rows=3)

    built = recent_index.refresh(rows=3)

    assert built is not None and built.boundary == ids[-4]  # the newest 3 rows are above it
    assert [i.name for i in recent_index.existing()] == [built.name]
    assert not recent_index.due(rows=3)
    assert definition(built.name).endswith(f"USING gin (body) WHERE (id > {ids[-4]})")


@postgres_only
def test_rebuilt_once_the_rows_above_it_doubled_and_the_old_one_dropped(national_channel):
    stories(national_channel, 12)
    first = recent_index.refresh(rows=6)
    assert first is not None
    seen = []
    for n in range(12, 24):
        stories(national_channel, 1, start=n)  # a story and the rows its factory indexes
        above = len([pk for pk in index_ids() if pk > first.boundary])
        seen.append(above)
        assert recent_index.due(rows=6) == (above >= 12), above
        if above >= 12:
            break
    assert seen[0] < 12 <= seen[-1]  # due only once the rows above doubled

    second = recent_index.refresh(rows=6)

    assert second is not None and second.boundary > first.boundary
    assert [i.name for i in recent_index.existing()] == [second.name]


@postgres_only
def test_results_are_the_same_with_it(monkeypatch, national_channel):
    stories(national_channel, 15)
    monkeypatch.setattr(queries, "WINDOWS", (1, 2))  # 1 x 2 and 2 x 2 candidates: above it

    def found(n):
        return {pk for pk, _ in queries._scored_ids(parse_query("gempa"), candidates=n)}

    before = {n: found(n) for n in (1, 2, 3, 5)}
    assert recent_index.refresh(rows=4) is not None
    assert {n: found(n) for n in (1, 2, 3, 5)} == before


@postgres_only
def test_reordering_the_index_builds_it_again_over_the_new_ids(monkeypatch, national_channel):
    monkeypatch.setattr(recent_index, "ROWS", 3)
    stories(national_channel, 12)
    first = recent_index.refresh()
    assert first is not None

    call_command("reorder_search_index", "--rewrite", verbosity=0)

    ids = index_ids()
    assert ids[0] > first.boundary  # every row was written again, with a new id
    [again] = recent_index.existing()
    assert again.boundary == ids[-4] and again.valid


def test_the_command_reports_and_refuses_a_bad_size(national_channel, capsys):
    call_command("refresh_recent_search_index")
    assert "no recent index" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("refresh_recent_search_index", "--rows", "0")


def test_the_worker_checks_each_night_and_queues_a_build_only_when_due(monkeypatch):
    from warta.core.ops import periodic
    from warta.search import tasks

    assert periodic._JOBS["refresh_recent_search_index"] is tasks.queue_recent_index_refresh
    assert periodic._NIGHTLY["refresh_recent_search_index"] == 3
    queued = []
    monkeypatch.setattr(
        tasks, "refresh_recent_index_task", SimpleNamespace(enqueue=lambda: queued.append(1))
    )
    monkeypatch.setattr(recent_index, "due", lambda rows=None: False)
    tasks.queue_recent_index_refresh()
    assert queued == []
    monkeypatch.setattr(recent_index, "due", lambda rows=None: True)
    tasks.queue_recent_index_refresh()
    assert queued == [1]

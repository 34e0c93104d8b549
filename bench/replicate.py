"""Pads a PostgreSQL bench database to N stories in SQL, from stories already loaded through
the real path (`corpus.bulk_load`: real pages, index rows written by the search backend's own
`add_bulk`, real duplicate-detector profiles). Indexing a million stories through the backend
(Sastrawi stems in Python) takes about 6 hours here; copying rows with `INSERT … SELECT` takes
minutes, so a search benchmark can run at 1,000,000 stories. Run bench/search_eval.py, not
this module.

What a replica is (the shape of `related_scale.padded` / `search_eval.padded_back`, rebuilt
from the base story's stored rows rather than from recombined text):

- replica k of base story i (base stories in page-id order, i from 0) is paired with the
  "other" story (i + 7919 k) mod B, as `padded` pairs them, and added in `padded`'s order
  (k = 1 for every story, then k = 2, …), so page ids and index-row ids grow in that order;
- its page: the base story's row under the same channel, headline and slug numbered
  ("… (k)", "<slug>-r<k>"), published 30 k days earlier (`padded_back`), a new path, url_path
  and translation key;
- its search index row: the headline vectors of the base story plus the number; the body
  vector is the base story's body vector `||` the other story's (PostgreSQL shifts the second
  vector's positions past the first, so phrases stay inside one story's text) plus the number.
  The slow path indexes *interleaved* paragraphs, cut to the shorter body (`zip`); here both
  bodies are whole, so a replica matches a little more than the slow path's (every word of
  both stories, the base story's summary and the other's): real words, real stems and real
  term frequencies, recombined two stories at a time;
- its StreamField body: the base story's blocks then the other's (loading a result page reads
  two stories' worth of JSON, as the slow path's interleaved body does);
- its duplicate profile: the base headline key numbered; the body sketch is the bottom-64 of
  both stories' sketches (exactly the bottom-k MinHash of the union of their shingles, bar
  the few shingles across the join); stems: the base story's headline and lead, both bodies'
  stem hashes, the date moved back.

Every table the reader's search path reads per story is in REPLICAS, one line each; a
column not named there is copied from the base story's row, so a new column comes along
unchanged (e.g. a profile field added later) and a new search table keyed by story id is one
line. Columns the database fills itself (identity ids) are left to it.

Loading: the map of replicas is one unlogged table; the replicated tables' secondary indexes
(those not backing a constraint: GIN, btree) are dropped, the rows inserted, the indexes built
again, foreign-key triggers skipped (`session_replication_role = replica`: every reference is
copied from a base row that passed them), channels' `numchild` counted, then VACUUM ANALYZE,
as a long-lived database would have been vacuumed. Page tree invariants hold: unique paths
numbered after each channel's last child, depth, numchild, url_path under the channel.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

DAYS_BACK = 30  # replica k is dated 30 k days before its base story (search_eval.padded_back)
STRIDE = 7919  # the other story of replica k of story i: (i + STRIDE k) mod B (related_scale)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet, 4 per level


@dataclass(frozen=True)
class Replica:
    """A table with one row per story: `key` holds the story's page id (`cast` for a text
    key). `set`: SQL for the columns a replica changes, over `b` (the base story's row), `o`
    (the other story's row in the same table, may be NULL) and `m` (`bench_replica`: k,
    new_id, title, slug, url_path, path, days)."""

    table: str
    key: str
    set: dict[str, str] = field(default_factory=dict)
    cast: str = ""
    same: str = ""  # a column both rows must share with the base page (an index's type)


def _vector_number() -> str:
    return "to_tsvector('simple', m.k::text)"


def _sketch_union() -> str:
    return (
        "COALESCE((SELECT jsonb_agg(v ORDER BY v) FROM (SELECT v FROM ("
        "SELECT jsonb_array_elements(b.sketch) v UNION "
        "SELECT jsonb_array_elements(COALESCE(o.sketch, '[]'))) u ORDER BY v LIMIT 64) s), '[]')"
    )


def _story_terms() -> str:
    # {"t": headline stems, "l": lead stems, "h": body stem hashes, "p": days since epoch}
    return (
        "CASE WHEN b.story_terms ? 'h' THEN b.story_terms"
        " || jsonb_build_object('h', (b.story_terms->'h')"
        " || COALESCE(o.story_terms->'h', '[]'::jsonb))"
        " || CASE WHEN b.story_terms ? 'p' THEN jsonb_build_object('p',"
        " round((b.story_terms->>'p')::numeric - m.days, 3)) ELSE '{}'::jsonb END"
        " ELSE b.story_terms END"
    )


# Every per-story table the reader's search path reads (warta/search/queries.py: candidates
# from the index, pages and articles to filter and load, profiles to collapse), in insert order
# (referenced tables first). A new table keyed by story id: one line; columns not in `set`
# are the base story's.
REPLICAS: list[Replica] = [
    # the page: numbered headline and slug, new path/url_path/translation key, dated earlier
    Replica(
        "wagtailcore_page",
        "id",
        {
            "path": "m.path",
            "title": "m.title",
            "draft_title": "m.title",
            "slug": "m.slug",
            "url_path": "m.url_path",
            "translation_key": "gen_random_uuid()",
            "first_published_at": "b.first_published_at - m.days * interval '1 day'",
            "last_published_at": "b.last_published_at - m.days * interval '1 day'",
            "latest_revision_created_at": (
                "b.latest_revision_created_at - m.days * interval '1 day'"
            ),
        },
    ),
    # the article: same channel and summary; body blocks = base story's, then the other's
    Replica("articles_articlepage", "page_ptr_id", {"body": "b.body || COALESCE(o.body, '[]')"}),
    # the search index row: headline vectors + the number, body vector = base || other
    Replica(
        "wagtailsearch_indexentry",
        "object_id",
        {
            "title": f"b.title || setweight({_vector_number()}, 'B')",
            "autocomplete": f"b.autocomplete || {_vector_number()}",
            "title_text": "m.title",
            "body": f"b.body || COALESCE(o.body, ''::tsvector) || {_vector_number()}",
            "body_text": "b.body_text || ' ' || COALESCE(o.body_text, '')",
        },
        cast="::text",
        same="content_type_id",
    ),
    # the duplicate detector's profile: numbered headline key, union sketch, both bodies' stems
    Replica(
        "discovery_articleprofile",
        "article_id",
        {
            "title_key": "left(b.title_key || ' ' || m.k, 255)",
            "sketch": _sketch_union(),
            "story_terms": _story_terms(),
        },
    ),
    # words a published story added to its site's vocabulary (bulk_load writes none)
    Replica("search_storywords", "page_id", {"words": "b.words || COALESCE(o.words, '{}')"}),
]


def replicate(total: int, *, log: Callable[[str], object] = print) -> dict[str, float]:
    """Pad the loaded stories to `total` with replicas (module docstring). Returns seconds
    per step."""
    from django.db import connection, transaction

    timings: dict[str, float] = {}

    def step(name: str, sql: str, params: list | None = None) -> int:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            count = cursor.rowcount
        timings[name] = round(time.monotonic() - started, 1)
        log(f"  {name}: {count} rows, {timings[name]}s")
        return count

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_articlepage")
        base = cursor.fetchone()[0]
    wanted = total - base
    if wanted <= 0:
        return timings
    rounds = -(-wanted // base)
    with connection.cursor() as cursor:
        # The base rows' dead versions (bulk_load's title-norm update) go first: an index
        # built over them is marked `indcheckxmin` and unusable (the planner scans instead)
        # until every transaction older than the build has ended.
        for table in _tables(cursor) & {r.table for r in REPLICAS}:
            cursor.execute(f"VACUUM {table}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        step("map", _MAP_SQL, [base, rounds, wanted, STRIDE, base, DAYS_BACK])
        existing = _tables(cursor)
        replicas = [r for r in REPLICAS if r.table in existing]
        for skipped in {r.table for r in REPLICAS} - existing:
            log(f"  {skipped}: no such table, skipped")
        dropped = _drop_secondary_indexes(cursor, [r.table for r in replicas])
        for replica in replicas:
            step(replica.table, _insert_sql(cursor, replica))
        started = time.monotonic()
        for definition in dropped:
            cursor.execute(definition)
        timings["indexes"] = round(time.monotonic() - started, 1)
        log(f"  {len(dropped)} secondary indexes built again: {timings['indexes']}s")
        step(
            "numchild",
            "UPDATE wagtailcore_page p SET numchild = c.n FROM (SELECT parent, count(*) n "
            "FROM (SELECT substr(path, 1, length(path) - 4) parent FROM wagtailcore_page) x "
            "GROUP BY parent) c WHERE p.path = c.parent AND p.numchild <> c.n",
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('wagtailcore_page', 'id'), "
            "(SELECT max(id) FROM wagtailcore_page))"
        )
        cursor.execute("DROP TABLE bench_replica")
    started = time.monotonic()
    with connection.cursor() as cursor:
        for replica in replicas:
            cursor.execute(f"VACUUM ANALYZE {replica.table}")
    timings["vacuum_analyze"] = round(time.monotonic() - started, 1)
    log(f"  vacuum analyze: {timings['vacuum_analyze']}s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE i.indcheckxmin AND t.relname = ANY(%s)",
            [[r.table for r in replicas]],
        )
        waiting = cursor.fetchone()[0]
    if waiting:
        log(f"  {waiting} indexes usable only once older transactions end (indcheckxmin)")
    broken = tree_faults()
    log(f"  page tree faults: {broken}")
    if any(broken.values()):
        raise RuntimeError(f"page tree broken after replication: {broken}")
    return timings


def tree_faults() -> dict[str, int]:
    """Pages breaking the tree's invariants (0 each when the site can serve every story):
    depth not the path's, a parent missing, url_path not the parent's plus the slug, numchild
    not the children counted, an article without its search index row or profile."""
    from django.db import connection

    checks = {
        "depth": "SELECT count(*) FROM wagtailcore_page WHERE depth * 4 <> length(path)",
        "orphans_or_url_path": (
            "SELECT count(*) FROM wagtailcore_page p LEFT JOIN wagtailcore_page u "
            "ON u.path = substr(p.path, 1, length(p.path) - 4) WHERE p.depth > 2 "
            "AND (u.id IS NULL OR p.url_path <> u.url_path || p.slug || '/')"
        ),
        "numchild": (
            "SELECT count(*) FROM wagtailcore_page p LEFT JOIN (SELECT substr(path, 1, "
            "length(path) - 4) parent, count(*) n FROM wagtailcore_page GROUP BY 1) c "
            "ON c.parent = p.path WHERE p.numchild <> COALESCE(c.n, 0)"
        ),
        "unindexed": (
            "SELECT count(*) FROM articles_articlepage a WHERE NOT EXISTS (SELECT 1 FROM "
            "wagtailsearch_indexentry e WHERE e.object_id = a.page_ptr_id::text)"
        ),
        "no_profile": (
            "SELECT count(*) FROM articles_articlepage a WHERE NOT EXISTS (SELECT 1 FROM "
            "discovery_articleprofile p WHERE p.article_id = a.page_ptr_id)"
        ),
    }
    found = {}
    with connection.cursor() as cursor:
        for name, sql in checks.items():
            cursor.execute(sql)
            found[name] = cursor.fetchone()[0]
    return found


# One row per replica, in padded()'s order (seq): which base story, which other story, and
# the new page's id, numbered headline and slug, path under the base story's channel.
_MAP_SQL = f"""
CREATE UNLOGGED TABLE bench_replica AS
WITH base AS (
    SELECT p.id, p.title, p.slug, p.content_type_id, a.channel_id,
           row_number() OVER (ORDER BY p.id) - 1 AS i
    FROM wagtailcore_page p JOIN articles_articlepage a ON a.page_ptr_id = p.id
), pairs AS (
    SELECT k, b.*, (k - 1) * %s + b.i AS seq
    FROM generate_series(1, %s) k CROSS JOIN base b
), wanted AS (
    SELECT * FROM pairs WHERE seq < %s
), children AS (
    SELECT channel_id, count(*) AS n FROM articles_articlepage GROUP BY channel_id
), numbered AS (
    SELECT w.*, o.id AS other_id,
           (SELECT max(id) FROM wagtailcore_page) + 1 + w.seq AS new_id,
           c.n + row_number() OVER (PARTITION BY w.channel_id ORDER BY w.seq) AS child
    FROM wanted w JOIN base o ON o.i = (w.i + %s * w.k) %% %s
    JOIN children c ON c.channel_id = w.channel_id
)
SELECT n.k, n.seq, n.id AS base_id, n.other_id, n.new_id, n.k * %s AS days, n.content_type_id,
       left(n.title || ' (' || n.k || ')', 255) AS title,
       n.slug || '-r' || n.k AS slug,
       c.url_path || n.slug || '-r' || n.k || '/' AS url_path,
       c.path || substr('{ALPHABET}', (n.child::int / 46656) %% 36 + 1, 1)
              || substr('{ALPHABET}', (n.child::int / 1296) %% 36 + 1, 1)
              || substr('{ALPHABET}', (n.child::int / 36) %% 36 + 1, 1)
              || substr('{ALPHABET}', n.child::int %% 36 + 1, 1) AS path
FROM numbered n JOIN wagtailcore_page c ON c.id = n.channel_id
"""


def _tables(cursor) -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {row[0] for row in cursor.fetchall()}


def _drop_secondary_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop the indexes of `tables` that back no constraint; returns their definitions."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [tables],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def _insert_sql(cursor, replica: Replica) -> str:
    """`INSERT … SELECT` of `replica.table`'s replicas: the key is the new page id, `set`
    columns their SQL, identity columns left to the database, the rest the base row's."""
    cursor.execute(
        "SELECT column_name, is_identity = 'YES' OR column_default LIKE 'nextval%%' "
        "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s "
        "ORDER BY ordinal_position",
        [replica.table],
    )
    columns, values = [], []
    for name, generated in cursor.fetchall():
        if name == replica.key:
            value = f"m.new_id{replica.cast}"
        elif name in replica.set:
            value = replica.set[name]
        elif generated:
            continue
        else:
            value = f'b."{name}"'
        columns.append(f'"{name}"')
        values.append(value)
    key = f'"{replica.key}"'
    same = f' AND {{t}}."{replica.same}" = m."{replica.same}"' if replica.same else ""
    # Table and column names come from REPLICAS and the catalogue, never from input.
    return (
        f"INSERT INTO {replica.table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM bench_replica m "
        f"JOIN {replica.table} b ON b.{key} = m.base_id{replica.cast}{same.format(t='b')} "
        f"LEFT JOIN {replica.table} o ON o.{key} = m.other_id{replica.cast}{same.format(t='o')} "
        "ORDER BY m.seq"
    )

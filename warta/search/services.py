"""Search writes: keeping each site's vocabulary to the words of its published stories."""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page, Site
from wagtail.search.models import IndexEntry

from warta.core.indonesia.text import MAX_WORD, analyze, stop_words, words
from warta.core.sites.pages import story_content_type_ids
from warta.search.models import SearchWord, StoryWords, VocabularyVersion


def story_vocabulary(text: str) -> dict[str, str]:
    """{stem: the word written most often for it} of a story's text, through the search
    analyzer (words whose stem splits into several parts are left out)."""
    stop = stop_words()
    seen: Counter[tuple[str, str]] = Counter()
    for word in words(text):
        lowered = word.lower()
        if lowered in stop:
            continue
        parts = analyze(lowered)
        if len(parts) == 1 and len(parts[0]) <= MAX_WORD:
            seen[parts[0], lowered] += 1
    best: dict[str, str] = {}
    for (stem, word), _count in seen.most_common():
        best.setdefault(stem, word)
    return best


def _apply(site_id: int, words_by_stem: dict[str, str], change: int) -> None:
    if not words_by_stem:
        return
    rows = {
        (row.stem, row.word): row
        for row in SearchWord.objects.select_for_update().filter(
            site_id=site_id, stem__in=list(words_by_stem)
        )
    }
    changed, created = [], []
    for stem, word in words_by_stem.items():
        row = rows.get((stem, word))
        if row is not None:
            row.stories = max(0, row.stories + change)
            changed.append(row)
        elif change > 0:
            created.append(SearchWord(site_id=site_id, stem=stem, word=word, stories=change))
    SearchWord.objects.bulk_update(changed, ["stories"], batch_size=500)
    SearchWord.objects.bulk_create(created, batch_size=500)
    SearchWord.objects.filter(site_id=site_id, stories=0).delete()


def bump_version(site_id: int) -> None:
    version, _ = VocabularyVersion.objects.get_or_create(site_id=site_id)
    VocabularyVersion.objects.filter(pk=version.pk).update(version=F("version") + 1)


@transaction.atomic
def record_story_words(page: Page, *, live: bool) -> None:
    """Bring the story's words into its site's vocabulary when it is live, take them out when
    it is not (unpublished, moved away, deleted)."""
    old = StoryWords.objects.select_for_update().filter(page_id=page.pk).first()
    site = page.get_site() if live else None
    new = story_vocabulary(page.specific.plain_text()) if site is not None else {}
    if old is not None and (site is None or old.site_id != site.pk):
        forget_story_words(old)
        old = None
    if site is None:
        return
    before = old.words if old is not None else {}
    removed = {s: w for s, w in before.items() if new.get(s) != w}
    added = {s: w for s, w in new.items() if before.get(s) != w}
    _apply(site.pk, removed, -1)
    _apply(site.pk, added, +1)
    StoryWords.objects.update_or_create(page_id=page.pk, defaults={"site": site, "words": new})
    if removed or added:
        bump_version(site.pk)


def forget_story_words(story_words: StoryWords) -> None:
    _apply(story_words.site_id, story_words.words, -1)
    story_words.delete()
    bump_version(story_words.site_id)


@transaction.atomic
def forget_deleted_story(page_id: int) -> None:
    old = StoryWords.objects.select_for_update().filter(page_id=page_id).first()
    if old is not None:
        forget_story_words(old)


@transaction.atomic
def rebuild_vocabulary(site: Site, stories) -> int:
    """The site's vocabulary from scratch, from `stories` (its live stories)."""
    counts: Counter[tuple[str, str]] = Counter()
    SearchWord.objects.filter(site=site).delete()
    StoryWords.objects.filter(site=site).delete()
    batch = []
    total = 0
    for story in stories:
        vocabulary = story_vocabulary(story.plain_text())
        counts.update(vocabulary.items())
        batch.append(StoryWords(page_id=story.pk, site=site, words=vocabulary))
        total += 1
        if len(batch) >= 500:
            StoryWords.objects.bulk_create(batch)
            batch = []
    StoryWords.objects.bulk_create(batch)
    SearchWord.objects.bulk_create(
        (SearchWord(site=site, stem=s, word=w, stories=n) for (s, w), n in counts.items()),
        batch_size=2000,
    )
    bump_version(site.pk)
    return total


def index_out_of_order() -> int:
    """How many story index entries were written after a story published later than them:
    0 when the index's row order is publication order, which the ranking's candidate step
    relies on (`warta.search.queries.CANDIDATES`: the newest-indexed matches). An archive
    import or a backdated story makes it positive; `reorder_index` puts it right."""
    table, page = IndexEntry._meta.db_table, Page._meta.db_table
    join = _page_join()
    # Table names come from model metadata, never from input.
    sql = (
        f"SELECT COUNT(*) FROM (SELECT p.first_published_at AS published, "  # noqa: S608
        f"MAX(p.first_published_at) OVER (ORDER BY e.id ROWS BETWEEN UNBOUNDED PRECEDING "
        f"AND 1 PRECEDING) AS newest_before FROM {table} e JOIN {page} p ON {join}) t "
        "WHERE published < newest_before"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


def _page_join() -> str:
    """The join of an index row to its story's page: object_id is text (any model's key, so
    an image's row can carry a page's number too); only story types' rows are stories."""
    types = ", ".join(str(int(pk)) for pk in story_content_type_ids())
    if connection.vendor == "postgresql":
        match = "p.id::text = e.object_id"
    else:
        match = "p.id = CAST(e.object_id AS INTEGER)"
    return f"{match} AND e.content_type_id IN ({types})"


@transaction.atomic
def reorder_index() -> int:
    """Rewrite the search index's rows in publication order (oldest first; rows that are not
    stories before them), so "the newest-indexed matches" are the newest published ones again
    after an archive import. The rows are copied as they are (no text is analysed again): on
    SQLite the full-text table follows through modelsearch's triggers. Returns the rows
    rewritten. Readers keep seeing the old rows until the transaction commits."""
    table, page = IndexEntry._meta.db_table, Page._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(f.column)
        for f in IndexEntry._meta.concrete_fields
        if not f.primary_key
    )
    picked = ", ".join(f"e.{c}" for c in columns.split(", "))
    join = _page_join()
    with connection.cursor() as cursor:
        # Table and column names come from model metadata, never from input.
        cursor.execute(
            f"CREATE TEMPORARY TABLE warta_index_order AS SELECT {picked}, "  # noqa: S608
            "ROW_NUMBER() OVER (ORDER BY CASE WHEN p.first_published_at IS NULL THEN 0 "
            "ELSE 1 END, p.first_published_at, e.id) AS position "
            f"FROM {table} e LEFT JOIN {page} p ON {join}"
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608
            "FROM warta_index_order ORDER BY position"
        )
        rows = cursor.rowcount
        cursor.execute("DROP TABLE warta_index_order")
    return rows

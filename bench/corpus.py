"""Loads a corpus shaped like ../shared/data/click-id/articles.dev.jsonl.gz into a throwaway
Warta database (SQLite file in a temp dir, or DATABASE_URL), for search and related-article
benchmarks. Run the benchmarks, not this module."""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
WIB = ZoneInfo("Asia/Jakarta")


def setup_django(database_url: str | None, *, reuse: bool = False) -> Path:
    """Point Django at a fresh database and migrate it (or, with `reuse`, at one an earlier
    run loaded). Returns the temp dir."""
    tmp = Path(tempfile.mkdtemp(prefix="warta-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "warta.settings.bench"
    os.environ["WARTA_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if reuse:
        return tmp
    if database_url and database_url.startswith("postgres"):
        # A throwaway database: start from an empty schema, so migrations create Wagtail's
        # initial rows (root page, locale) as on a new install.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return tmp


def read_articles(path: Path, limit: int | None = None, keep: set[str] = frozenset()) -> list[dict]:
    """Rows with a real body; with `limit`, the newest `limit` rows plus every id in `keep`
    (members of duplicate groups, so a slice still has pairs to score)."""
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if len(row.get("body") or "") < 40:
                continue  # scraper failures ("loading...")
            rows.append(row)
    if limit:
        rows = rows[-limit:] + [r for r in rows[:-limit] if r["id"] in keep]
    return rows


def read_groups(path: Path | None) -> list[list[str]]:
    if path is None:
        return []
    with path.open(encoding="utf-8") as handle:
        return [[m["id"] for m in json.loads(line)["members"]] for line in handle]


def _published(row: dict) -> datetime:
    hour, minute = (int(x) for x in (row.get("time") or "12:00").split(":"))
    day = datetime.fromisoformat(row["date"])
    return day.replace(hour=hour, minute=minute, tzinfo=WIB)


def load(rows: list[dict], *, log=print) -> dict[str, int]:
    """Create a site, one channel per corpus channel and one published story per row.
    Returns corpus id -> page id."""
    from django.db import transaction
    from django.utils.html import escape
    from wagtail.models import Page, Site

    from warta.articles.models import ArticlePage
    from warta.channels.models import ChannelPage, HomePage

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Bench", slug="bench", live=True))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    channels: dict[str, ChannelPage] = {}
    ids: dict[str, int] = {}
    started = time.monotonic()
    with transaction.atomic():
        for n, row in enumerate(rows, 1):
            slug = row["channel"] or "umum"
            if slug not in channels:
                channels[slug] = home.add_child(
                    instance=ChannelPage(title=slug.title(), slug=slug, live=True)
                )
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", row["body"]) if p.strip()]
            when = _published(row)
            page = ArticlePage(
                title=row["title"][:255],
                slug=row["id"],
                summary=paragraphs[0][:300] if paragraphs else "",
                body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs[:40]],
                dateline_place=(row.get("region") or "").upper()[:80],
                live=True,
                first_published_at=when,
                last_published_at=when,
            )
            channels[slug].add_child(instance=page)
            ids[row["id"]] = page.pk
            if n % 2000 == 0:
                log(f"  loaded {n}/{len(rows)} ({time.monotonic() - started:.0f}s)")
    return ids


def index_all(*, log=print, chunk: int = 500) -> float:
    """Bulk-index every story in the search backend; returns seconds taken."""
    from wagtail.search.backends import get_search_backend

    from warta.articles.models import ArticlePage

    backend = get_search_backend()
    started = time.monotonic()
    ids = list(ArticlePage.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = list(ArticlePage.objects.filter(pk__in=ids[start : start + chunk]))
        backend.add_bulk(ArticlePage, batch)
        if (start // chunk) % 8 == 0:
            log(f"  indexed {start + len(batch)}/{len(ids)}")
    return time.monotonic() - started


def loaded_ids() -> dict[str, int]:
    """corpus id -> page id of a database an earlier run loaded (slugs are corpus ids)."""
    from warta.articles.models import ArticlePage

    return dict(ArticlePage.objects.values_list("slug", "pk"))


def bulk_load(rows: list[dict], *, log=print, batch: int = 2000) -> dict[str, int]:
    """`load` + `index_all` for 100,000s of rows: pages inserted in bulk (as bench/network.py
    does; creating them one by one through the page tree would take hours at 1,000,000), then
    each batch handed to the search backend's own `add_bulk` (the rows `update_index` writes)
    and given the duplicate detector's profile (headline key and body sketch, as publishing
    writes them). Returns corpus id -> page id."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils.html import escape
    from wagtail.models import Locale, Page, Site
    from wagtail.search.backends import get_search_backend

    from warta.articles.models import ArticlePage
    from warta.channels.models import ChannelPage, HomePage
    from warta.discovery import duplicates
    from warta.discovery.models import ArticleProfile
    from warta.discovery.services import _story_body

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Bench", slug="bench", live=True))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    channels: dict[str, ChannelPage] = {}
    for row in rows:
        slug = row["channel"] or "umum"
        if slug not in channels:
            channels[slug] = home.add_child(
                instance=ChannelPage(title=slug.title(), slug=slug, live=True)
            )
    article_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    backend = get_search_backend()
    _memoise_indexer()
    index = backend.get_index_for_model(ArticlePage)
    refresh_norms = index._refresh_title_norms
    index._refresh_title_norms = lambda full=False: None  # once at the end, not per batch
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    own = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in own)
    marks = ", ".join(["%s"] * len(own))
    children: dict[int, int] = {c.pk: 0 for c in channels.values()}
    ids: dict[str, int] = {}
    started = time.monotonic()
    for start in range(0, len(rows), batch):
        articles: list[ArticlePage] = []
        with transaction.atomic():
            for row in rows[start : start + batch]:
                channel = channels[row["channel"] or "umum"]
                paragraphs = [p.strip() for p in re.split(r"\n\s*\n", row["body"]) if p.strip()]
                when = _published(row)
                children[channel.pk] += 1
                title = row["title"][:255]
                slug = row["id"]
                articles.append(
                    ArticlePage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        summary=paragraphs[0][:300] if paragraphs else "",
                        body=[("paragraph", f"<p>{escape(p)}</p>") for p in paragraphs[:40]],
                        dateline_place=(row.get("region") or "").upper()[:80],
                        live=True,
                        content_type=article_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        first_published_at=when,
                        last_published_at=when,
                        latest_revision_created_at=when,
                        channel=channel,
                        depth=channel.depth + 1,
                        numchild=0,
                        path=ArticlePage._get_path(
                            channel.path, channel.depth + 1, children[channel.pk]
                        ),
                        url_path=f"{channel.url_path}{slug}/",
                    )
                )
            pages = Page.objects.bulk_create(
                [Page(**{f.attname: getattr(a, f.attname) for f in page_fields}) for a in articles]
            )
            for article, page in zip(articles, pages, strict=True):
                article.pk = article.page_ptr_id = page.pk
            values = [
                [f.get_db_prep_save(f.pre_save(a, True), connection) for f in own] for a in articles
            ]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
                    values,
                )
            backend.add_bulk(ArticlePage, articles)
            profiles = []
            for a in articles:
                print_ = duplicates.fingerprint(
                    a.title, _story_body(a), duplicates.days(a.first_published_at)
                )
                profiles.append(
                    ArticleProfile(
                        article_id=a.pk,
                        title_key=print_.title_key,
                        sketch=print_.sketch,
                        story_terms=print_.terms,
                    )
                )
            ArticleProfile.objects.bulk_create(profiles)
        for row, a in zip(rows[start : start + batch], articles, strict=True):
            ids[row["id"]] = a.pk
        done = start + len(articles)
        if (start // batch) % 5 == 0 or done == len(rows):
            log(f"  bulk loaded and indexed {done}/{len(rows)} ({time.monotonic() - started:.0f}s)")
    for channel in channels.values():
        Page.objects.filter(pk=channel.pk).update(numchild=children[channel.pk])
    refresh_norms(full=True)
    return ids


def _memoise_indexer() -> None:
    """The backend's indexer reads every search field three times per story (for title, body
    and autocomplete): Sastrawi stems and StreamField text three times. Reading each once gives
    the same rows in a third of the time."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer as indexer
    else:
        from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer as indexer
    if getattr(indexer, "_bench_memo", False):
        return
    original = indexer.prepare_field

    def prepare_field(self, obj, field):
        memo = self.__dict__.setdefault("_bench_values", {})
        key = (id(obj), id(field))
        if key not in memo:
            memo[key] = list(original(self, obj, field))
        return iter(memo[key])

    indexer.prepare_field = prepare_field
    indexer._bench_memo = True

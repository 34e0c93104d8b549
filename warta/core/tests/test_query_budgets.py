"""Query budgets for every public page type, with every cache empty, and no N+1: each page
costs the same number of queries with 8 stories as with 20 (every list is fetched with its
joins and prefetches, not one query per card; 8 already fill the home page's lead and
headlines, so both sizes show every list)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.articles.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    GalleryPageFactory,
    VideoPageFactory,
)
from warta.core.pagecache import localcache
from warta.network.tests.factories import TrustPageFactory

pytestmark = pytest.mark.django_db

BUDGETS = {
    "/": 15,
    "/internasional/": 15,
    "/tag/pemilu/": 10,
    "/penulis/dewi-lestari/": 10,
    "/koreksi/": 10,
    "/indeks/": 7,
    "/indeks/internasional/": 7,
    "/redaksi/": 5,
    "/cari/?q=kisah": 12,
    "/rss/": 8,
    "/rss/internasional/": 8,
    "/feed.json": 8,
    "/sitemap.xml": 6,
    "/sitemap-articles-1.xml": 7,  # one for the galleries' photos (image entries)
    "/sitemap-news.xml": 6,
    "/api/v1/articles": 8,
    "/daerah/": 8,
    "/network/": 10,
    # The lite edition: the same lists without images (warta.core.sites.lite).
    "/lite/": 15,
    "/lite/internasional/": 15,
    "/lite/cari/?q=kisah": 12,
    "/lite/tag/pemilu/": 10,
    "/lite/penulis/dewi-lestari/": 10,
    "/lite/koreksi/": 10,
    "/lite/indeks/": 10,
    "/lite/indeks/internasional/": 10,
    "/lite/redaksi/": 8,
    "/lite/daerah/": 8,
    "/en/lite/indeks/": 10,
}


def cold_queries(client, url: str) -> int:
    """Queries of a request with every cache empty. Image renditions exist already (they are
    made when a story is published; here the first request makes them)."""
    client.get(url)
    cache.clear()
    localcache.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def add_stories(channel, writer, count: int, start: int = 0) -> None:
    """Articles, with a gallery and a video among every six stories (their cards carry a
    badge: the story type must come from the rows already loaded)."""
    for n in range(start, start + count):
        factory, extra = ArticlePageFactory, {}
        if n % 6 == 2:
            factory, extra = GalleryPageFactory, {"photos": 2}
        elif n % 6 == 4:
            factory = VideoPageFactory
        factory(
            parent=channel, title=f"Kisah nomor {n}", authors=[writer], tags=["Pemilu"], **extra
        )


def over_budget(few: dict[str, int], many: dict[str, int]) -> list[str]:
    """Each address over its budget, or costing more with more stories (N+1)."""
    problems = []
    for url, cost in many.items():
        if cost > BUDGETS[url]:
            problems.append(f"{url}: {cost} queries, budget {BUDGETS[url]}")
        if cost != few[url]:
            problems.append(f"{url}: {few[url]} queries with 8 stories, {cost} with 20 (N+1)")
    return problems


def test_every_page_type_keeps_its_budget_with_no_n_plus_one(client, channel):
    """Every address of BUDGETS measured on one network, at 8 stories and again at 20 (one
    network for all of them: building it is most of the time, measuring is a few requests)."""
    TrustPageFactory(parent=channel.get_parent())  # the footer lists it; /redaksi/ shows it
    writer = AuthorFactory(name="Dewi Lestari")
    add_stories(channel, writer, 8)
    few = {url: cold_queries(client, url) for url in BUDGETS}
    add_stories(channel, writer, 12, start=8)
    many = {url: cold_queries(client, url) for url in BUDGETS}
    assert set(many) == set(BUDGETS)
    assert over_budget(few, many) == []


def test_over_budget_names_a_page_over_its_budget_and_an_n_plus_one():
    """The check above can fail: an address over its budget, and one whose cost grew."""
    few = {"/": 15, "/rss/": 8}
    assert over_budget(few, {"/": 15, "/rss/": 8}) == []
    assert over_budget(few, {"/": 16, "/rss/": 8}) == [
        "/: 16 queries, budget 15",
        "/: 15 queries with 8 stories, 16 with 20 (N+1)",
    ]
    assert over_budget({"/": 10, "/rss/": 7}, {"/": 12, "/rss/": 8}) == [
        "/: 10 queries with 8 stories, 12 with 20 (N+1)",
        "/rss/: 7 queries with 8 stories, 8 with 20 (N+1)",
    ]


def test_a_lite_page_costs_no_more_than_the_full_one(client, channel):
    TrustPageFactory(parent=channel.get_parent())
    add_stories(channel, AuthorFactory(name="Dewi Lestari"), 8)
    lite_urls = [url for url in BUDGETS if url.startswith("/lite/")]
    assert lite_urls
    dearer = []
    for url in lite_urls:
        lite = cold_queries(client, url)
        full = cold_queries(client, url.removeprefix("/lite"))
        if lite > full:
            dearer.append(f"{url}: {lite} queries, the full page {full}")
    assert dearer == []


# A story page with every cache empty ('Baca juga' from the related list costs nothing more;
# the comments a migrated story brought from its old site cost one query where there are some;
# a story whose related list is empty costs one to learn discovery has read it, so no
# padding list is shown).
ARTICLE_BUDGET = 14


def test_article_budget_does_not_grow_with_paragraphs_or_baca_juga_links(client, channel):
    """A story page costs the same with one 'Baca juga' box as with two, in a body of 3 or 12
    paragraphs, and the same with one of the editor's picks as with three (one query for the
    picks): the links are read once and placed on the rendered body in one pass."""
    from warta.articles.tests.factories import paragraph_body

    writer = AuthorFactory(name="Dewi Lestari")
    add_stories(channel, writer, 8)

    def story(paragraphs: int, picks: int = 0):
        page = ArticlePageFactory(
            parent=channel,
            authors=[writer],
            tags=["Pemilu"],
            body=paragraph_body(*(f"Paragraf {n}." for n in range(paragraphs))),
        )
        if picks:
            others = ArticlePageFactory._meta.model.objects.exclude(pk=page.pk)[:picks]
            page.baca_juga_picks = [("article", other) for other in others]
            page.save(update_fields=["baca_juga_picks"])
        return page

    def costs(pages: dict) -> dict:
        counts = {}
        for name, page in pages.items():
            boxes = client.get(page.url).content.count(b'class="baca-juga"')
            assert boxes == (2 if "2 boxes" in name else 1), name
            counts[name] = cold_queries(client, page.url)
        return counts

    automatic = costs({"3 paragraphs, 1 box": story(3), "12 paragraphs, 2 boxes": story(12)})
    assert len(set(automatic.values())) == 1, automatic
    assert max(automatic.values()) <= ARTICLE_BUDGET, automatic
    chosen = costs({"1 pick": story(12, picks=1), "3 picks": story(12, picks=3)})
    assert len(set(chosen.values())) == 1, chosen
    assert max(chosen.values()) <= ARTICLE_BUDGET + 1, chosen


def test_a_story_with_archived_comments_costs_one_query_for_all_of_them(client, channel):
    """Comments a WordPress story brought along (warta.articles.comments) are read in one
    query, threads and all: 2 comments cost what 30 do; a story without any costs nothing
    for them (the routed row says so)."""
    from warta.articles.comments import ArchivedComment

    writer = AuthorFactory(name="Dewi Lestari")
    add_stories(channel, writer, 8)

    def story_with(count: int):
        page = ArticlePageFactory(parent=channel, authors=[writer], tags=["Pemilu"])
        parent = None
        for n in range(count):
            parent = ArchivedComment.objects.create(
                article=page,
                source_id=str(n),
                author_name=f"Pembaca {n}",
                text=f"<p>Komentar {n}</p>",
                parent=parent if n % 3 else None,
            )
        return page

    none, few, many = story_with(0), story_with(2), story_with(30)
    assert client.get(many.url).content.count(b'class="archived-comment ') == 30
    costs = {n: cold_queries(client, page.url) for n, page in ((0, none), (2, few), (30, many))}
    assert costs[2] == costs[30] == costs[0] + 1, costs  # one query, only where there are some
    assert costs[30] <= ARTICLE_BUDGET + 1, costs


def test_a_wordpress_query_address_costs_one_query_and_others_none_more(client, channel):
    """`/?p=123` of a migrated WordPress site (warta.ingest.legacy): one query for its
    redirect, answered before any view; pages without those parameters pay nothing for it."""
    from wagtail.contrib.redirects.models import Redirect

    story = ArticlePageFactory(parent=channel, title="Kisah lama")
    site = channel.get_site()
    Redirect.objects.create(old_path="/?p=123", site=site, redirect_page=story)
    client.get("/")  # the cached site list, as in any warm process
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/?p=123")
    assert (response.status_code, response["Location"]) == (301, story.url)
    assert len(queries) == 1


def test_a_general_page_costs_the_same_with_more_subpages(client, channel):
    """`network.InfoPage` (a site's own pages, e.g. from a WordPress migration) lists the
    pages under it without one query per page."""
    from warta.network.models import InfoPage

    home = channel.get_parent()
    parent = InfoPage(title="Tentang", slug="tentang", body="<p>Isi.</p>")
    home.add_child(instance=parent)
    parent.save_revision().publish()

    def add(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            child = InfoPage(title=f"Bagian {n}", slug=f"bagian-{n}")
            parent.add_child(instance=child)
            child.save_revision().publish()

    add(1)
    few = cold_queries(client, "/tentang/")
    add(5, start=1)
    many = cold_queries(client, "/tentang/")
    assert many == few <= 10, (few, many)

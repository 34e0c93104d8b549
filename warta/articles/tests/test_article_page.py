from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.core.tests.factories import WartaImageFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return _seed_like_article(channel)


def _seed_like_article(channel):
    author = AuthorFactory(name="Anton Suhartono")
    story = ArticlePageFactory(
        parent=channel,
        title="Wapres AS Sebut Rusia Putus Asa",
        dateline_place="Washington",
        # Wide enough for the three renditions the page offers (480, 800 and 1200 px).
        hero_image=WartaImageFactory(credit="", credit_source="Antara", width=1600, height=900),
        hero_caption="Kamala Harris menyebut Rusia putus asa",
        editor=AuthorFactory(name="Redaktur Senior"),
        cited_sources="Reuters, CBS",
        authors=[author],
        tags=["Korea Utara", "Rusia"],
        body=[
            ("paragraph", "<p>Wakil Presiden AS menegaskan sikapnya.</p>"),
            ("quote", {"text": "Ini kesalahan besar", "speaker": "Harris", "source": "Reuters"}),
            ("paragraph", "<p>Paragraf penutup.</p>"),
        ],
    )
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=datetime(2023, 9, 7, 3, 15, tzinfo=UTC)
    )
    return ArticlePage.objects.get(pk=story.pk)


def test_article_page_shows_every_element_of_the_seed(
    client, article, channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # discovery lists it, as in production
        related = ArticlePageFactory(parent=channel, title="Korut Uji Rudal", tags=["Korea Utara"])
    response = client.get(article.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Wapres AS Sebut Rusia Putus Asa"
    byline = page.select_one(".byline__author")
    assert byline.get_text() == "Anton Suhartono"
    assert byline["href"] == "/penulis/anton-suhartono/"
    assert "Kamis, 7 September 2023 | 10:15 WIB" in page.select_one(".byline__date").get_text()
    figure = page.select_one("figure.hero")
    assert figure.img["width"] and figure.img["height"] and figure.img["srcset"].count("w,") == 2
    assert figure.figcaption.get_text(" ", strip=True).endswith("(Foto: Antara)")
    first = page.select_one(".article__body p")
    assert first.get_text().startswith("WASHINGTON, Warta - Wakil Presiden AS")
    quote = page.select_one("blockquote.quote")
    assert "Ini kesalahan besar" in quote.get_text() and "dikutip dari Reuters" in quote.get_text()
    assert (
        page.select_one(".article__editor").get_text(" ", strip=True) == "Editor : Redaktur Senior"
    )
    assert "Reuters, CBS" in page.select_one(".article__sources").get_text()
    assert [a.get_text() for a in page.select(".related .card__title a")] == ["Korut Uji Rudal"]
    assert related.title in page.select_one("#latest-heading").parent.get_text()
    assert page.find(id="network-updates-heading") is not None
    assert page.find(id="personalise-heading") is not None
    assert page.find(id="network-promo-heading") is not None
    assert page.select_one("a.login-link")["href"].startswith("/akun/login/")
    assert page.select_one(".panel--promo a")["href"] == "/network/"
    nav = [a.get_text() for a in page.select(".channel-nav a")]
    assert nav == ["Beranda", "Internasional"]
    assert page.select_one('.channel-nav a[aria-current="page"]').get_text() == "Internasional"


def test_dateline_uses_the_site_time_zone_and_name(client, article, site):
    from warta.core.models import SiteSettings

    site.site_name = "Warta Papua"
    site.save()
    SiteSettings.objects.create(site=site, time_zone="Asia/Jayapura")
    page = soup(client.get(article.url))
    assert "12:15 WIT" in page.select_one(".byline__date").get_text()
    assert page.select_one(".article__body p").get_text().startswith("WASHINGTON, Warta Papua - ")


def test_article_page_query_budget_with_cold_caches(
    client, article, channel, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            ArticlePageFactory(parent=channel, title=f"Berita lain {n}", tags=["Rusia"])
    url = article.url
    cache.clear()
    # 10, and two content types a process looks up once (the fixtures never made one of
    # either, so neither is cached yet): the trust page's (the navigation asks for it) and the
    # live story's (the cards' LIVE badge: live.syndication.is_live_story).
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_article_page_query_budget_with_warm_site_caches(
    client, article, channel, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        other = ArticlePageFactory(parent=channel, title="Belum pernah dibuka", tags=["Rusia"])
    url = other.url
    # 8, and the live story's content type, looked up once per process when the first cards
    # are shown (this page's related list is the first with cards).
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_multipage_article_parts_and_canonical(client, channel):
    story = ArticlePageFactory(
        parent=channel,
        title="Laporan panjang",
        body=[
            ("paragraph", "<p>Bagian satu.</p>"),
            ("page_break", None),
            ("paragraph", "<p>Bagian dua.</p>"),
        ],
    )
    first = soup(client.get(story.url))
    assert "Bagian satu." in first.select_one(".article__body").get_text()
    assert "Bagian dua." not in first.select_one(".article__body").get_text()
    assert first.find("link", rel="canonical")["href"].endswith(f"{story.slug}/all/")
    second = soup(client.get(story.url + "2/"))
    assert "Bagian dua." in second.select_one(".article__body").get_text()
    everything = client.get(story.url + "all/").content.decode()
    assert "Bagian satu." in everything and "Bagian dua." in everything
    assert client.get(story.url + "3/").status_code == 404
    assert client.get(story.url + "1/").status_code == 301


def test_single_page_article_canonical_is_its_url(client, article):
    page = soup(client.get(article.url))
    assert page.find("link", rel="canonical")["href"] == article.full_url


def test_drafts_are_not_served(client, channel):
    draft = ArticlePageFactory(parent=channel, title="Masih draf", publish=False)
    assert client.get(f"/internasional/{draft.slug}/").status_code == 404


def test_author_page_lists_their_stories(client, article, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(10):
        response = client.get("/penulis/anton-suhartono/")
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert client.get("/penulis/tidak-ada/").status_code == 404
    assert client.get("/penulis/anton-suhartono/?page=9").status_code == 404


def test_tag_page(client, article, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(10):
        response = client.get("/tag/korea-utara/")
    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_publishing_a_story_updates_its_aliases_and_costs_no_tree_walk(
    site, channel, national_channel
):
    """Warta asks the alias index before Wagtail's alias update (which walks the tree in path
    order): a story with an alias still updates it, one without skips it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    story = ArticlePageFactory(parent=channel, title="Gempa di Maluku")
    alias = story.create_alias(parent=national_channel)
    story.title = "Gempa M 6,1 di Maluku"
    story.save_revision().publish()
    alias.refresh_from_db()
    assert alias.title == "Gempa M 6,1 di Maluku" and alias.live

    lone = ArticlePageFactory(parent=channel, title="Banjir di Demak")
    lone.title = "Banjir di Demak surut"
    with CaptureQueriesContext(connection) as queries:
        lone.save_revision().publish()
    alias_lookups = [q["sql"] for q in queries if '"alias_of_id" =' in q["sql"]]
    assert alias_lookups and not any("ORDER BY" in sql for sql in alias_lookups), alias_lookups

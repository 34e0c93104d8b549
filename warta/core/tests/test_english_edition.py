"""The English edition (/en/, warta.core.sites.editions): the interface in English on every
public page, the story text in its own language, links that stay in the edition, a switch to
the same page in the other language, one canonical URL, and a page cache that keys and purges
both editions."""

import re

import pytest
from bs4 import BeautifulSoup

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.core import pagecache
from warta.core.tests.test_public_markup import markup_problems
from warta.core.tests.test_query_budgets import BUDGETS, add_stories, cold_queries
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_HOST"] = "localhost"  # the national site, as story URLs say
    return client


@pytest.fixture
def story(channel):
    writer = AuthorFactory(name="Dewi Lestari")
    return ArticlePageFactory(
        parent=channel,
        title="Harga beras naik di pasar induk",
        summary="Pedagang mengeluhkan pasokan yang berkurang.",
        authors=[writer],
        tags=["Pemilu"],
    )


@pytest.fixture
def bali(site):
    return provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def page_links(page: BeautifulSoup) -> list[str]:
    """Links to pages of the site (not files, feeds or another host)."""
    return [
        a["href"]
        for a in page.select("a[href]")
        if a["href"].startswith("/") and not a["href"].startswith(("/static/", "/media/"))
    ]


def switch(page: BeautifulSoup):
    links = page.select("a.edition-switch")
    assert len(links) == 3, "one switch in the top bar, one in the phone menu, one in the footer"
    assert links[0]["href"] == links[1]["href"]
    return links[0]


PUBLIC_PAGES = [
    "/",
    "/internasional/",
    "/tag/pemilu/",
    "/penulis/dewi-lestari/",
    "/koreksi/",
    "/cari/?q=beras",
    "/daerah/",
    "/untuk-anda/",
    "/akun/login/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_an_english_interface(client, story, url):
    indonesian, english = soup(client.get(url)), soup(client.get(f"/en{url}"))
    assert indonesian.html["lang"] == "id"
    assert english.html["lang"] == "en"
    assert "Langsung ke konten" in indonesian.text
    assert "Skip to content" in english.text and "Langsung ke konten" not in english.text
    assert switch(english)["href"] == url
    assert switch(english).text == "Bahasa Indonesia"
    assert switch(english)["lang"] == "id"
    assert switch(indonesian)["href"] == f"/en{url}"
    assert switch(indonesian).text == "English"


def test_article_in_english_keeps_the_story_indonesian(client, story):
    response = client.get(f"/en{story.url}")
    assert response["Content-Language"] == "en"
    page = soup(response)
    headline = page.select_one("h1")
    assert headline.text == "Harga beras naik di pasar induk"
    assert headline["lang"] == "id"
    assert page.select_one(".article__summary")["lang"] == "id"
    assert page.select_one(".article__body")["lang"] == "id"
    assert page.select_one(".breadcrumb a").text == "Home"
    date = page.select_one(".byline__date").text
    assert re.match(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, \d+ [A-Z][a-z]+ \d{4} \| ", date)
    # One canonical URL, the Indonesian one; both editions as alternates.
    assert page.select('link[rel="canonical"]')[0]["href"] == f"http://localhost{story.url}"
    assert len(page.select('link[rel="canonical"]')) == 1
    alternates = {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "id": f"http://localhost{story.url}",
        "en": f"http://localhost/en{story.url}",
        "x-default": f"http://localhost{story.url}",
    }


def test_other_english_pages_name_the_indonesian_page_canonical(client, story):
    page = soup(client.get("/en/internasional/"))
    assert page.select_one('link[rel="canonical"]')["href"] == "http://localhost/internasional/"
    indonesian = soup(client.get("/internasional/"))
    assert not indonesian.select('link[rel="canonical"]')  # as before: the page is its own


def test_links_inside_the_english_edition_stay_in_it(client, story, national_channel):
    ArticlePageFactory(parent=national_channel, title="Kabar nasional")
    for url in ("/en/", f"/en{story.url}", "/en/internasional/", "/en/tag/pemilu/"):
        links = page_links(soup(client.get(url)))
        pages = [h for h in links if not h.startswith(("/akun/", "/untuk-anda/"))]
        assert pages, url
        # The switch (top bar, phone menu, footer) is the one way out of the edition, and
        # account links now keep the edition too.
        leaving = [h for h in links if not h.startswith("/en/")]
        assert leaving == [switch(soup(client.get(url)))["href"]] * 3, (url, leaving)


def test_regional_site_by_its_path_puts_the_language_after_the_site(client, bali):
    berita = bali.root_page.get_children().get(slug="berita").specific
    story = ArticlePageFactory(parent=berita, title="Ogoh-ogoh di Denpasar")
    page = soup(client.get("/r/bali/en/"))
    assert page.html["lang"] == "en"
    assert switch(page)["href"] == "/r/bali/"
    assert switch(soup(client.get("/r/bali/")))["href"] == "/r/bali/en/"
    # Alternates and canonical on the site's own host, as canonical URLs are.
    alternates = {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert alternates["en"] == "http://bali.warta.localhost/en/"
    assert page.select_one('link[rel="canonical"]')["href"] == "http://bali.warta.localhost/"
    stories = [h for h in page_links(page) if "ogoh-ogoh" in h]
    assert stories and all(h == f"/r/bali/en/berita/{story.slug}/" for h in stories), stories
    article = soup(client.get(f"/r/bali/en/berita/{story.slug}/"))
    assert article.select_one("h1")["lang"] == "id"
    assert article.select_one(".breadcrumb a")["href"] == "/r/bali/en/"


def test_regional_site_on_its_own_host(client, bali):
    page = soup(client.get("/en/", HTTP_HOST=bali.hostname))
    assert page.html["lang"] == "en"
    assert switch(page)["href"] == "/"


def test_the_regions_directory_links_to_the_english_sites(client, bali):
    page = soup(client.get("/en/daerah/"))
    assert "http://bali.warta.localhost/en/" in [a["href"] for a in page.select("a[href]")]
    via_path = soup(client.get("/r/bali/en/daerah/"))
    assert "/r/bali/en/" in [a["href"] for a in via_path.select("a[href]")]


@pytest.mark.parametrize(
    "url", ["/en/en/", "/fr/", "/en/admin/", "/en/api/v1/articles", "/r/bali/en/en/", "/en/nope/"]
)
def test_a_bad_prefix_is_not_found(client, bali, url):
    assert client.get(url).status_code == 404


def test_the_english_404_page_is_english(client, site):
    response = client.get("/en/en/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/en", "/en/"),
        ("/r/bali/en", "/r/bali/en/"),
        ("/en/rss/", "/rss/"),
        ("/en/rss/internasional/", "/rss/internasional/"),
        ("/r/bali/en/atom/", "/r/bali/atom/"),
        ("/en/sitemap.xml", "/sitemap.xml"),
        ("/en/feed.json?x=1", "/feed.json?x=1"),
    ],
)
def test_machine_read_addresses_have_one_address(client, bali, url, target):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == target


def test_both_editions_are_cached_apart_and_a_story_edit_purges_both(client, story):
    pages = ["/internasional/", "/en/internasional/", story.url, f"/en{story.url}"]
    bodies = {}
    for url in pages:
        assert client.get(url)["X-Cache"] == "MISS", url
        hit = client.get(url)
        assert hit["X-Cache"] == "HIT", url
        bodies[url] = hit.content
    assert bodies["/internasional/"] != bodies["/en/internasional/"]
    assert b'lang="en"' in bodies["/en/internasional/"]

    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Harga beras turun lagi"
    edited.save_revision().publish()
    for url in pages:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", f"{url} was not purged"
        assert b"Harga beras turun lagi" in response.content, url


@pytest.mark.parametrize(
    ("path", "bypassed"),
    [
        ("/en/akun/login/", True),
        ("/en/cari/", True),
        ("/r/bali/en/akun/saya/", True),
        ("/r/bali/en/cari/", True),
        ("/en/", False),
        ("/r/bali/en/berita/", False),
        ("/en/akunku/", False),
    ],
)
def test_the_edition_prefix_does_not_hide_uncached_paths(path, bypassed):
    """Accounts and search are never cached, in either edition (the fast path asks too)."""
    assert pagecache.bypassed(path) is bypassed


@pytest.mark.parametrize(
    "url", ["/", "/internasional/", "/tag/pemilu/", "/penulis/dewi-lestari/", "/koreksi/"]
)
def test_english_pages_cost_what_the_indonesian_ones_do(client, channel, url):
    writer = AuthorFactory(name="Dewi Lestari")
    add_stories(channel, writer, 8)
    english = cold_queries(client, f"/en{url}")
    indonesian = cold_queries(client, url)
    assert english <= BUDGETS[url], f"/en{url}: {english} queries, budget {BUDGETS[url]}"
    assert english == indonesian, (english, indonesian)


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/internasional/",
        "/en{story}",
        "/en/tag/pemilu/",
        "/en/penulis/dewi-lestari/",
        "/en/cari/?q=beras",
        "/en/daerah/",
        "/en/koreksi/",
        "/en/akun/login/",
        "/en/halaman-yang-tidak-ada/",
    ],
)
def test_english_pages_keep_the_markup_rules(client, story, url):
    response = client.get(url.format(story=story.url))
    assert response.status_code in (200, 404)
    assert markup_problems(response.content.decode()) == [], url


def test_the_home_pages_reader_block_is_fetched_in_the_edition(client, story):
    page = soup(client.get("/en/"))
    block = page.select_one("[data-reader-block]")["data-reader-block"]
    assert block == "/en/untuk-anda/daerah/"
    answer = soup(client.get(block))
    assert "Choose your region" in answer.text
    assert answer.select_one("a")["href"] == "/en/untuk-anda/#atur"

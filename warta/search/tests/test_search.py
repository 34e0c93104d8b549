"""Indonesian search through the page a reader uses; runs on SQLite (FTS5) and PostgreSQL."""

import os
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory, paragraph_body
from warta.channels.tests.factories import ChannelPageFactory
from warta.search.parsing import parse_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(channel, national_channel):
    anton = AuthorFactory(name="Anton Suhartono")
    war = ArticlePageFactory(
        parent=channel,
        title="Wapres AS Sebut Rusia Putus Asa",
        authors=[anton],
        body=paragraph_body("Korea Utara membantu Rusia yang berperang di Ukraina."),
    )
    rice = ArticlePageFactory(
        parent=national_channel,
        title="Harga Beras Turun di Pasar Induk",
        body=paragraph_body("Harga beras medium turun. Pedagang menyambut baik."),
    )
    scattered = ArticlePageFactory(
        parent=national_channel,
        title="Beras Impor Tiba, Harga Cabai Naik",
        body=paragraph_body("Beras impor tiba di pelabuhan, sementara harga cabai naik."),
    )
    draft = ArticlePageFactory(
        parent=channel,
        title="Perang dagang draf",
        publish=False,
        body=paragraph_body("Perang dagang memanas."),
    )
    ArticlePage.objects.filter(pk=war.pk).update(
        first_published_at=datetime(2023, 9, 7, 3, 15, tzinfo=UTC)
    )
    return {"war": war, "rice": rice, "scattered": scattered, "draft": draft}


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select(".search-result .card__title a")], page


def test_stemming_finds_the_root_word(client, corpus):
    found, page = titles(client, "/cari/?q=perang")
    assert found == [corpus["war"].title]  # the body says "berperang"; the draft is hidden
    found, _ = titles(client, "/cari/?q=berperang")
    assert found == [corpus["war"].title]
    assert page.select_one(".search-result__snippet mark").get_text() == "berperang"


def test_stop_words_do_not_block_matches(client, corpus):
    found, _ = titles(client, "/cari/?q=yang+berperang+di+ukraina")
    assert found == [corpus["war"].title]


def test_phrase_query_needs_the_words_together(client, corpus):
    found, _ = titles(client, '/cari/?q="harga+beras"')
    assert found == [corpus["rice"].title]
    loose, _ = titles(client, "/cari/?q=harga+beras")
    assert set(loose) == {corpus["rice"].title, corpus["scattered"].title}


def test_filters_channel_author_and_dates(client, corpus, channel, national_channel):
    assert titles(client, f"/cari/?q=harga&kanal={channel.pk}")[0] == []
    assert len(titles(client, f"/cari/?q=harga&kanal={national_channel.pk}")[0]) == 2
    anton = corpus["war"].bylines.first().author
    assert titles(client, f"/cari/?q=rusia&penulis={anton.pk}")[0] == [corpus["war"].title]
    assert titles(client, "/cari/?q=rusia&dari=2023-09-08")[0] == []
    assert titles(client, "/cari/?q=rusia&dari=2023-09-07&sampai=2023-09-07")[0] == [
        corpus["war"].title
    ]


def test_sort_by_newest(client, corpus):
    found, _ = titles(client, "/cari/?q=harga&urut=newest")
    assert found == [corpus["scattered"].title, corpus["rice"].title]


def test_friendly_page_when_nothing_matches(client, corpus):
    found, page = titles(client, "/cari/?q=kuantum")
    assert found == []
    assert "Tidak ada hasil" in page.select_one(".no-results").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10000,
        "!!!???",
        "'; DROP TABLE wagtailcore_page; --",
        'NEAR(a b) OR x* "',
        "a AND (b OR",
        "title:perang",
        "\x00perang",
        "🙂",
        "%",
        "-perang",
        '""',
        "perang^2 ~1",
    ],
)
def test_bad_queries_get_a_normal_page(client, corpus, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == 200


def test_pagination_of_results(client, national_channel, settings):
    settings.WARTA_ARTICLES_PER_PAGE = 2
    for n in range(5):
        ArticlePageFactory(
            parent=national_channel,
            title=f"Banjir ke-{n}",
            body=paragraph_body("Banjir merendam rumah."),
        )
    first, page = titles(client, "/cari/?q=banjir&urut=newest")
    assert len(first) == 2
    next_link = page.select_one("a[rel=next]")["href"]
    assert next_link == "?q=banjir&urut=newest&page=2"  # paging keeps query and filters
    second, page = titles(client, "/cari/" + next_link)
    assert len(second) == 2 and not set(first) & set(second)
    last, _ = titles(client, "/cari/" + page.select_one("a[rel=next]")["href"])
    assert len(last) == 1


def test_search_stays_on_its_site(client, channel):
    from warta.channels.tests.factories import make_site

    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh di Denpasar")
    assert titles(client, "/cari/?q=ogoh-ogoh")[0] == []
    response = client.get("/cari/?q=ogoh-ogoh", HTTP_HOST="bali.warta.localhost")
    assert b"Ogoh-ogoh di Denpasar" in response.content


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=not os.environ.get("WARTA_FUZZ_RANDOM"),
)
@given(st.text(max_size=400))
def test_query_parsing_never_fails_and_stays_small(raw):
    parsed = parse_query(raw)
    assert len(parsed.text) <= 200
    assert len(parsed.terms) <= 12
    assert all(term.isprintable() and " " not in term for term in parsed.terms)

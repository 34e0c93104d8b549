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


def test_dates_are_written_and_shown_day_first(client, corpus):
    """Indonesian readers write 7/9/2023 for 7 September 2023; the form shows it back so."""
    assert titles(client, "/cari/?q=rusia&dari=8/9/2023")[0] == []
    found, page = titles(client, "/cari/?q=rusia&dari=07/09/2023&sampai=7/9/2023")
    assert found == [corpus["war"].title]
    field = page.select_one("#search-dari")
    assert field["type"] == "text" and field["value"] == "07/09/2023"
    assert field["placeholder"] == "hh/bb/tttt"
    # Each label sits with its own field, in the same row of the grid.
    for box in page.select(".search-form__field"):
        assert box.select_one("label")["for"] == box.select_one("input, select")["id"]


@pytest.mark.parametrize("typed", ["31/02/2023", "2023/09/07", "besok", "09-2023"])
def test_a_date_not_understood_gets_a_clear_error(client, corpus, typed):
    found, page = titles(client, f"/cari/?q=rusia&dari={typed}")
    assert found == [corpus["war"].title]  # the filter is left out, not the search
    error = page.select_one("#search-dari-error")
    assert error and "hh/bb/tttt" in error.get_text()
    assert page.select_one("#search-dari")["aria-invalid"] == "true"
    assert page.select_one("#search-dari")["value"] == typed


def test_an_end_date_before_the_start_is_refused(client, corpus):
    _, page = titles(client, "/cari/?q=rusia&dari=08/09/2023&sampai=01/09/2023")
    assert "sebelum tanggal awal" in page.select_one("#search-sampai-error").get_text()


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_headline_filed_again_is_listed_once(
    client, national_channel, sort, django_capture_on_commit_callbacks
):
    """Desks file the same headline again (a daily market close, a re-filed story): the
    results list it once, with the newest copy when sorted by date."""
    body = paragraph_body("IHSG ditutup menguat sore ini.")
    with django_capture_on_commit_callbacks(execute=True):  # the duplicate detector's profiles
        copies = [
            ArticlePageFactory(parent=national_channel, title=title, slug=f"ihsg-{n}", body=body)
            for n, title in enumerate(
                (
                    "IHSG Ditutup Menguat",
                    "IHSG ditutup  menguat",
                    "IHSG Ditutup Menguat!",
                )
            )
        ]
        other = ArticlePageFactory(
            parent=national_channel,
            title="IHSG Ditutup Melemah",
            body=paragraph_body("IHSG ditutup melemah karena aksi jual asing di saham bank."),
        )
    found, page = titles(client, f"/cari/?q=ihsg&urut={sort}")
    assert len(found) == 2 and other.title in found
    assert "2 hasil" in page.get_text()
    if sort == "newest":
        assert found[0] == other.title and found[1] == copies[-1].title


def test_results_show_the_story_photo(client, corpus):
    _, page = titles(client, "/cari/?q=beras")
    results = page.select(".search-result")
    assert results and all(r.select_one(".search-result__media img") for r in results)


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

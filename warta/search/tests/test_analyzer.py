"""One analyzer for the index and the query: a story's own words, typed as a query, find it.
Runs through the reader's path (`search_articles`, /cari/) on SQLite (FTS5) and PostgreSQL."""

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.core.indonesia.text import analyze, stem_text
from warta.search.parsing import parse_query
from warta.search.queries import SearchFilters, search_articles
from warta.search.tests.test_search import titles

pytestmark = pytest.mark.django_db

# Real Indonesian words: ones whose stem is a stop word ("terbaik" → "baik", "peringatan" →
# "ingat"), stop words themselves ("berada", "yang"), and ordinary news words.
STOP_STEM_WORDS = ["terbaik", "peringatan", "kesamaan", "kebanyakan", "berakhir", "diberikan"]
STOP_WORDS = ["berada", "yang", "di", "mengatakan", "keadaan", "bersama"]
ORDINARY = [
    "banjir",
    "harga",
    "beras",
    "pemerintah",
    "berperang",
    "Ukraina",
    "pelabuhan",
    "nelayan",
    "menyambut",
    "pendidikan",
    "kesehatan",
    "ogoh-ogoh",
    "Jakarta",
    "gempa",
    "pembangunan",
    "diresmikan",
]
WORDS = STOP_STEM_WORDS + STOP_WORDS + ORDINARY


def test_the_index_keeps_a_stem_that_is_a_stop_word():
    """The stop-word test is on the word as written: "terbaik" is not a stop word, so its stem
    "baik" is indexed; "berada" is a stop word and is dropped, in the index and the query."""
    assert analyze("Pemain terbaik berada di peringatan") == ["main", "baik", "ingat"]
    assert stem_text("terbaik") == "baik"
    assert parse_query("terbaik").terms == ["baik"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("terbaik", "Sekolah Terbaik di Bali"),
        ("peringatan", "Peringatan Dini Cuaca Ekstrem"),
        ("peringatan dini", "Peringatan Dini Cuaca Ekstrem"),
        ('"peringatan dini"', "Peringatan Dini Cuaca Ekstrem"),
        ("kesamaan", "Kesamaan Hak Pekerja"),
        ("sekolah terbaik", "Sekolah Terbaik di Bali"),
    ],
)
def test_a_word_whose_stem_is_a_stop_word_finds_its_story(client, channel, query, title):
    """Before: the index dropped "baik" and "ingat", the query kept them, and as every word
    must match these queries found nothing."""
    ArticlePageFactory(parent=channel, title=title, hero_image=None, body=paragraph_body(title))
    ArticlePageFactory(parent=channel, title="Harga Cabai Naik", hero_image=None)
    found, page = titles(client, f"/cari/?q={query}")
    assert found == [title]
    assert page.select_one(".search-result__snippet mark")


def test_a_query_of_stop_words_only_searches_them_as_written(client, channel):
    ArticlePageFactory(
        parent=channel,
        title="Warga Berada di Pengungsian",
        hero_image=None,
        body=paragraph_body("Ribuan warga berada di pengungsian."),
    )
    parsed = parse_query("berada")
    assert parsed.as_written and parsed.terms == ["berada"]
    found, page = titles(client, "/cari/?q=berada")
    assert found == ["Warga Berada di Pengungsian"]
    assert page.select_one(".search-result__snippet mark").get_text().lower() == "berada"


@pytest.fixture
def searcher(site, channel):
    def search(text: str) -> list[int]:
        results = search_articles(site, parse_query(text), SearchFilters(), "Asia/Jakarta")
        return [story.pk for story in results]

    return search


@settings(
    max_examples=int(os.environ.get("WARTA_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=not os.environ.get("WARTA_FUZZ_RANDOM"),
)
@given(data=st.data())
def test_any_of_a_storys_own_words_find_it(channel, searcher, data):
    """Property: for a story of real Indonesian words, any subset of its words, in any order and
    case, typed as a query through the reader's path, finds it."""
    text_words = data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10), "text")
    query_words = data.draw(
        st.lists(st.sampled_from(text_words), min_size=1, max_size=4, unique=True), "query"
    )
    query = " ".join(data.draw(st.sampled_from([w, w.lower(), w.upper()])) for w in query_words)
    with transaction.atomic():
        story = ArticlePageFactory(
            parent=channel,
            title=" ".join(text_words[:4]).capitalize(),
            summary="",
            hero_image=None,
            body=paragraph_body(" ".join(text_words) + "."),
        )
        assert story.pk in searcher(query), (query, text_words)
        transaction.set_rollback(True)

"""Never a dead end: partial-word results, "Mungkin maksud Anda" from the site's own published
words, and the latest stories on a page with no results."""

import pytest
from django.core.management import call_command

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.search import suggestions
from warta.search.models import SearchWord, StoryWords
from warta.search.suggestions import osa_distance
from warta.search.tests.test_search import titles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_vocabularies():
    """Each process holds its index for minutes; a test's sites are new."""
    suggestions._held.clear()


def story(parent, title, text="", **kwargs):
    return ArticlePageFactory(
        parent=parent,
        title=title,
        summary="",
        hero_image=None,
        body=paragraph_body(text or title),
        **kwargs,
    )


def vocabulary(site):
    return {
        (w.stem, w.word): w.stories for w in SearchWord.objects.filter(site=site).order_by("pk")
    }


def test_partial_results_list_the_stories_with_most_words_first(client, channel):
    story(channel, "Harga cabai naik di pasar")
    both = story(channel, "Harga beras turun di pasar induk")
    story(channel, "Beras impor tiba di pelabuhan")
    found, page = titles(client, "/cari/?q=harga+beras+kuantum")
    assert found[0] == both.title and len(found) == 3
    note = page.select_one(".search-note--partial")
    assert "Hasil untuk sebagian kata" in note.get_text()
    assert [s.get_text() for s in note.select("s")] == ["kuantum"]


def test_partial_results_when_the_words_are_never_together(client, channel):
    story(channel, "Banjir merendam Jakarta")
    story(channel, "Harga cabai naik")
    found, page = titles(client, "/cari/?q=banjir+cabai")
    assert len(found) == 2
    note = page.select_one(".search-note--partial").get_text()
    assert "semua kata sekaligus" in note and not page.select(".search-note--partial s")


def test_all_words_found_shows_no_note(client, channel):
    story(channel, "Harga beras turun")
    found, page = titles(client, "/cari/?q=harga+beras")
    assert found == ["Harga beras turun"]
    assert not page.select(".search-note")


def test_a_typo_gets_the_most_written_word_of_the_nearest_stem(client, channel):
    story(channel, "Rusia berperang di Ukraina")
    for n in range(3):
        story(channel, f"Perang dagang memanas {n}", "Perang dagang memanas lagi.")
    found, page = titles(client, "/cari/?q=prang+dagang&urut=newest")
    link = page.select_one(".search-note--suggestion a")
    assert link.get_text() == "perang dagang"
    assert link["href"] == "/cari/?q=perang+dagang&urut=newest"
    found, _ = titles(client, link["href"])
    assert len(found) == 3


def test_no_suggestion_when_nothing_is_close(client, channel):
    story(channel, "Harga beras turun")
    _, page = titles(client, "/cari/?q=zzzzqqq")
    assert not page.select(".search-note--suggestion")


def test_a_drafts_words_never_reach_suggestions(client, channel):
    """A draft's words (or a story on another site) never become a suggestion."""
    story(channel, "Kuantum rahasia", "Komputer kuantum rahasia.", publish=False)
    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    story(berita, "Ogoh-ogoh di Denpasar", "Pawai ogoh-ogoh meriah di Denpasar.")
    story(berita, "Macet di Denpasar", "Jalan di Denpasar macet.")
    story(channel, "Harga beras turun")
    assert not any(
        stem in {"kuantum", "komputer", "denpasar"} for stem, _ in vocabulary(channel.get_site())
    )
    _, page = titles(client, "/cari/?q=kuantun")
    assert not page.select(".search-note--suggestion")
    _, page = titles(client, "/cari/?q=denpasr")
    assert not page.select(".search-note--suggestion")
    response = client.get("/cari/?q=denpasr", HTTP_HOST="bali.warta.localhost")
    assert b"Mungkin maksud Anda" in response.content and b"denpasar" in response.content


def test_vocabulary_follows_publish_edit_unpublish_and_delete(channel, site):
    first = story(channel, "Banjir merendam rumah warga")
    second = story(channel, "Banjir besar di kota")
    words = vocabulary(site)
    assert words[("banjir", "banjir")] == 2 and words[("rendam", "merendam")] == 1
    assert ("warga", "warga") in words and ("di", "di") not in words  # stop words stay out
    first.title = "Banjir surut"
    first.body = paragraph_body("Banjir surut.")
    first.save_revision().publish()
    words = vocabulary(site)
    assert ("rendam", "merendam") not in words and words[("surut", "surut")] == 1
    second.unpublish()
    assert vocabulary(site)[("banjir", "banjir")] == 1
    assert not StoryWords.objects.filter(page_id=second.pk).exists()
    incremental = vocabulary(site)
    call_command("rebuild_search_words", stdout=None)
    assert vocabulary(site) == incremental
    first.delete()
    assert vocabulary(site) == {}


def test_no_results_page_offers_the_latest_stories(client, channel):
    story(channel, "Harga beras turun")
    _, page = titles(client, "/cari/?q=zzzzqqq")
    assert "Tidak ada hasil" in page.select_one(".no-results").get_text()
    assert "Harga beras turun" in page.select_one(".search-elsewhere .latest-list").get_text()
    response = client.get("/lite/cari/?q=zzzzqqq")
    assert response.status_code == 200
    assert b"Berita Terkini" in response.content and b"Harga beras turun" in response.content
    response = client.get("/lite/cari/?q=harga+beras+kuantum")
    assert b"Hasil untuk sebagian kata" in response.content


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("perang", "perang", 0),
        ("prang", "perang", 1),
        ("peraNg", "perang", 1),
        ("preang", "perang", 1),
        ("banjr", "banjir", 1),
        ("bnajir", "banjir", 1),
        ("pmerintha", "perintah", 2),
        ("", "abc", 3),
    ],
)
def test_edit_distance(a, b, distance):
    assert osa_distance(a, b) == distance

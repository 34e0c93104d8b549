"""Gallery and video stories are marked on their cards in every list a story appears in
(home, channel, topic, author, Indeks, search; the full and the lite edition): "Galeri" /
"Video", "Gallery" / "Video" in English, a word a screen reader reads, never on an article's
card, and valid HTML. The type comes from the rows the lists already load (query budgets:
warta/core/tests/test_query_budgets.py has galleries and videos in its lists)."""

import pytest
from bs4 import BeautifulSoup

from warta.articles.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    GalleryPageFactory,
    VideoPageFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/",
    "/internasional/",
    "/tag/pemilu/",
    "/penulis/dewi-lestari/",
    "/indeks/",
    "/cari/?q=kisah",
    "/lite/",
    "/lite/internasional/",
    "/lite/tag/pemilu/",
    "/lite/penulis/dewi-lestari/",
    "/lite/indeks/",
    "/lite/cari/?q=kisah",
]


@pytest.fixture
def stories(channel):
    writer = AuthorFactory(name="Dewi Lestari")
    common = {"parent": channel, "authors": [writer], "tags": ["Pemilu"]}
    made = {
        "article": ArticlePageFactory(title="Kisah sidang kabinet", **common),
        "gallery": GalleryPageFactory(title="Kisah banjir dalam foto", photos=2, **common),
        "video": VideoPageFactory(title="Kisah wawancara menteri", **common),
    }
    for n in range(3):  # more articles, so each list has plain cards around the two
        ArticlePageFactory(title=f"Kisah lain nomor {n}", **common)
    return made


def cards(html: str, story) -> list:
    """Every card, list item or lead that links to the story by its headline."""
    page = BeautifulSoup(html, "html.parser")
    links = [a for a in page.find_all("a", href=True) if a.get_text(strip=True) == story.title]
    return [a.find_parent(["article", "li"]) for a in links]


def badge_text(card) -> str:
    badge = card.select_one(".story-badge, .kind")
    return badge.get_text(strip=True) if badge else ""


@pytest.mark.parametrize("url", LISTS)
def test_gallery_and_video_cards_carry_their_badge_in_every_list(client, stories, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    expected = {"article": "", "gallery": "Galeri", "video": "Video"}
    for kind, story in stories.items():
        found = cards(html, story)
        assert found, f"{url}: no card for the {kind}"
        assert {badge_text(card) for card in found} == {expected[kind]}, (url, kind)


def test_the_badge_is_a_word_with_a_hidden_icon_and_english_in_english(client, stories):
    page = BeautifulSoup(client.get("/internasional/").content, "html.parser")
    badge = page.select_one(".story-badge--gallery")
    assert badge.get_text(strip=True) == "Galeri"
    assert badge.select_one("svg")["aria-hidden"] == "true"
    english = client.get("/en/lite/indeks/").content.decode()
    assert "Gallery" in english and "Galeri" not in english


def test_lists_with_badges_pass_the_nu_checker(client, stories, tmp_path):
    from warta.core.tests.test_nu_checker import nu_errors

    for n, url in enumerate(LISTS):
        (tmp_path / f"{n}.html").write_bytes(client.get(url).content)
    assert not nu_errors(tmp_path)

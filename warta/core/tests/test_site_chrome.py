"""The site header, cards and reading comfort (issue #21, defects 4 and 5, "Reading comfort"):
the menu drawer lists channels and sub-channels and works without JavaScript, the ticker speaks
Indonesian, an empty "Berita Terkini" is left out, a story without a photo gets a text-only card,
the stylesheet has dark and print rules, and channel, topic and author pages link their feeds."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.tests.factories import ChannelPageFactory

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[1] / "static" / "warta"


def soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_menu_drawer_lists_channels_and_sub_channels_without_javascript(client, site, channel):
    economy = ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=site.root_page)
    ChannelPageFactory(title="Bisnis", slug="bisnis", parent=economy)
    ChannelPageFactory(title="Finansial", slug="finansial", parent=economy)
    story = ArticlePageFactory(parent=economy, title="Rupiah menguat")
    for url in ("/", "/ekonomi/", story.url):
        page = soup(client, url)
        drawer = page.select_one("header details.drawer")
        assert drawer is not None and drawer.select_one("summary"), url  # opens without JS
        links = {a.get_text(strip=True): a["href"] for a in drawer.select("a")}
        assert links["Internasional"] == "/internasional/" and links["Ekonomi"] == "/ekonomi/"
        sub = [a.get_text() for a in drawer.select(".drawer__sub a")]
        assert sub == ["Bisnis", "Finansial"], url
        assert links["Berita Daerah"] == "/daerah/"
        assert "Masuk" in links
        # The search field opens by its fragment (#cari, :target) and is a real GET form.
        assert page.select_one("a.search-toggle")["href"] == "#cari"
        form = page.select_one("form#cari[role=search]")
        assert form["method"] == "get" and form.select_one("input[name=q]")
        # Theme switch: shown by site.js only (it needs storage); no-JS readers follow the device.
        assert page.select_one(".theme-switch").has_attr("hidden")
        assert page.select_one('.theme-switch [data-theme-choice="dark"]').get_text() == "Gelap"
    article_page = soup(client, story.url)
    current = article_page.select_one('.channel-nav a[aria-current="page"]')
    assert current.get_text() == "Ekonomi"  # the active channel is marked in the strip


def test_ticker_label_is_indonesian_and_titles_are_whole(
    client, channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(
            parent=channel,
            title="Gempa magnitudo 6,1 guncang selatan Jawa, warga diminta menjauhi pantai",
            breaking_until=timezone.now() + timezone.timedelta(hours=1),
        )
    ticker = soup(client, "/").select_one(".ticker")
    assert ticker.select_one(".ticker__label").get_text() == "Terkini"
    assert "Breaking" not in ticker.get_text()
    title = "Gempa magnitudo 6,1 guncang selatan Jawa, warga diminta menjauhi pantai"
    assert ticker.select_one(".ticker__full").get_text() == title
    assert ticker.select_one(".ticker__short").get_text() == "Gempa magnitudo 6,1 guncang selatan…"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Banjir rob", "Banjir rob"),
        ("Gempa magnitudo 6,1 guncang selatan Jawa, warga", "Gempa magnitudo 6,1 guncang selatan…"),
        ("Presiden tiba di Jayapura, disambut tarian adat", "Presiden tiba di Jayapura, disambut…"),
        ("Supercalifragilisticexpialidociouslylongword", "Supercalifragilisticexpialidociously…"),
    ],
)
def test_teaser_cuts_at_a_word_boundary(text, expected):
    from warta.core.templatetags.warta_tags import teaser

    assert teaser(text) == expected


def test_empty_latest_section_is_left_out_and_photo_less_story_gets_text_card(client, channel):
    ArticlePageFactory(parent=channel, title="Satu-satunya berita")
    page = soup(client, "/")
    assert page.select_one("#list-heading") is None  # all stories are in lead and headlines
    assert "Belum ada berita" not in page.get_text()
    bare = ArticlePageFactory(parent=channel, title="Tanpa foto", hero_image=None)
    for n in range(8):
        ArticlePageFactory(parent=channel, title=f"Berita {n}")
    page = soup(client, "/")
    assert page.select_one("#list-heading") is not None
    cards = {c.select_one(".card__title").get_text(): c for c in page.select(".card-list .card")}
    assert "card--text" in cards[bare.title]["class"]  # text only: no empty photo box
    assert cards[bare.title].select_one(".card__media") is None
    photo = cards["Berita 0"]
    assert "card--text" not in photo["class"] and photo.select_one(".card__media img")
    # Headline first: the title comes before the meta line in every card.
    for card in cards.values():
        assert card.select_one(".card__text").find(["h3", "p"]).name == "h3"


def test_rss_links_on_channel_topic_and_author_pages(client, site, channel):
    from warta.articles.models import Author

    Author.objects.create(name="Sari Dewi", slug="sari-dewi")
    story = ArticlePageFactory(parent=channel, title="Banjir rob")
    story.tags.add("banjir")
    story.save_revision().publish()
    pages = {
        "/internasional/": ("/rss/internasional/", "/atom/internasional/"),
        "/tag/banjir/": ("/rss/tag/banjir/", "/atom/tag/banjir/"),
        "/penulis/sari-dewi/": ("/rss/penulis/sari-dewi/", "/atom/penulis/sari-dewi/"),
    }
    for url, (rss, atom) in pages.items():
        page = soup(client, url)
        hrefs = [a["href"] for a in page.select(".feed-links a")]
        assert hrefs == [rss, atom], url
        assert page.select_one(f'link[rel=alternate][href="{rss}"]'), url
        assert client.get(rss).status_code == 200, rss  # the feed it names exists
        assert client.get(atom).status_code == 200, atom


def test_stylesheet_has_dark_theme_text_sizes_and_print_rules():
    css = (STATIC / "css" / "site.css").read_text()
    assert "@media (prefers-color-scheme: dark)" in css and ':root[data-theme="dark"]' in css
    assert 'html[data-text-size="l"] .article__body' in css
    print_css = css[css.index("@media print") :]
    hidden_rule = print_css[: print_css.index("{ display: none !important; }")]
    hidden = {name.strip() for name in hidden_rule.rsplit("}", 1)[-1].split(",")}
    for part in (
        ".site-header",
        ".ticker",
        ".sidebar",
        ".reader-actions",
        ".share",
        ".masthead__search",
    ):
        assert part in hidden, part
    assert ".print-url { display: block" in print_css
    # theme.js runs before the stylesheet, from a file (the CSP allows no inline script).
    assert "localStorage" in (STATIC / "js" / "theme.js").read_text()


def test_theme_script_is_external_and_blocking_before_the_stylesheet(client, site):
    response = client.get("/")
    page = BeautifulSoup(response.content, "html.parser")
    head = page.head
    scripts = head.select("script[src]")
    theme = next(s for s in scripts if "theme" in s["src"])
    assert not theme.has_attr("defer") and not theme.has_attr("async")
    stylesheet = head.select_one("link[rel=stylesheet]")
    assert head.contents.index(theme) < head.contents.index(stylesheet)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not head.select("script:not([src]):not([type='application/ld+json'])")


def test_article_prints_with_its_address(client, channel):
    story = ArticlePageFactory(parent=channel, title="Banjir rob")
    page = soup(client, story.url)
    url = page.select_one(".print-url").get_text()
    assert url.startswith("http") and url.endswith(story.url)

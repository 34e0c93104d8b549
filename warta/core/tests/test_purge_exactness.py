"""Exact invalidation: a story change makes stale every cached page that shows the story (or a
list it enters or leaves) and no other. Checked page by page: a page whose HTML showed the old
headline must change; a page that did not show it must still be a cache hit."""

import pytest

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db

STORY_COUNT = 12  # more than "Berita Terkini" shows, so the oldest story is on few pages


@pytest.fixture
def client(client):
    client.defaults["HTTP_HOST"] = "localhost"  # the national site, as story URLs say
    return client


@pytest.fixture
def newsroom(channel, national_channel, settings):
    settings.WARTA_ARTICLES_PER_PAGE = 3  # so lists have a second page
    writer = AuthorFactory(name="Dewi Lestari")
    stories = [
        ArticlePageFactory(
            parent=channel if n % 2 else national_channel,
            title=f"Kisah nomor {n} dari redaksi",
            authors=[writer] if n == 0 else None,
            tags=["Pemilu"] if n in (0, 5) else None,
        )
        for n in range(STORY_COUNT)
    ]
    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    SiteSettings.objects.create(site=region, slug="bali", province_code="51")
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh di Denpasar")
    return {"stories": stories, "writer": writer, "region": region}


def urls_of(newsroom) -> list[tuple[str, str]]:
    national = [
        "/",
        "/?page=2",
        "/nasional/",
        "/nasional/?page=2",
        "/internasional/",
        "/tag/pemilu/",
        "/penulis/dewi-lestari/",
        "/rss/",
        "/sitemap-articles-1.xml",
    ]
    national += [story.url for story in newsroom["stories"]]
    pages = [("localhost", url) for url in national]
    return pages + [(newsroom["region"].hostname, "/")]


def fill(client, pages) -> dict:
    bodies = {}
    for host, url in pages:
        client.get(url, HTTP_HOST=host)
        response = client.get(url, HTTP_HOST=host)
        assert response["X-Cache"] == "HIT", url
        bodies[(host, url)] = response.content
    return bodies


def test_editing_an_old_story_purges_exactly_the_pages_that_show_it(client, newsroom):
    oldest = newsroom["stories"][0]
    pages = urls_of(newsroom)
    before = fill(client, pages)
    # A page shows the story if it has its headline or links to it (sitemaps carry lastmod).
    marks = (b"Kisah nomor 0 dari", oldest.url.encode())
    showing = {page for page, body in before.items() if any(m in body for m in marks)}
    assert len(showing) >= 4  # its own page, its channel, tag and author pages ...
    assert len(showing) < len(pages) - 5  # ... but not most story pages

    edited = ArticlePage.objects.get(pk=oldest.pk)
    edited.title = "Kisah nomor 0, judul diperbaiki"
    edited.save_revision().publish()

    for host, url in pages:
        response = client.get(url, HTTP_HOST=host)
        if (host, url) in showing:
            assert response["X-Cache"] == "MISS", url
            assert response.content != before[(host, url)], url
        else:
            assert response["X-Cache"] == "HIT", f"{url} does not show the story"


def test_a_new_story_purges_the_lists_it_enters_and_not_the_other_site(client, newsroom):
    pages = urls_of(newsroom)
    fill(client, pages)
    channel = ArticlePage.objects.get(pk=newsroom["stories"][1].pk).get_parent()
    ArticlePageFactory(parent=channel, title="Kabar paling baru dari redaksi", tags=["Pemilu"])

    for host, url in pages:
        response = client.get(url, HTTP_HOST=host)
        if host != "localhost" or url in ("/nasional/", "/nasional/?page=2"):
            # the regional site and the other channel do not show it
            assert response["X-Cache"] == "HIT", url
            continue
        if url == "/penulis/dewi-lestari/":
            assert response["X-Cache"] == "HIT", url  # not her story
            continue
        # home, its channel, its tag, the feeds and every story page ("Berita Terkini")
        assert response["X-Cache"] == "MISS", url
        if url in ("/", "/internasional/", "/tag/pemilu/", "/rss/"):
            assert b"Kabar paling baru" in response.content, url


def test_moving_a_story_to_another_channel_purges_both_channels(client, newsroom):
    story = newsroom["stories"][0]  # in "nasional"
    pages = [
        ("localhost", "/nasional/?page=2"),
        ("localhost", "/nasional/"),
        ("localhost", "/internasional/"),
    ]
    fill(client, pages)
    moved = ArticlePage.objects.get(pk=story.pk)
    target = ArticlePage.objects.get(pk=newsroom["stories"][1].pk).get_parent()
    moved.move(target, pos="last-child")
    moved = ArticlePage.objects.get(pk=story.pk)
    moved.channel = target.specific
    moved.save_revision().publish()
    for host, url in pages:
        assert client.get(url, HTTP_HOST=host)["X-Cache"] == "MISS", url
    assert not any(b"Kisah nomor 0 dari" in client.get(url).content for _, url in pages[:2])


def test_an_author_bio_change_purges_the_author_page_and_her_stories(client, newsroom):
    writer, story = newsroom["writer"], newsroom["stories"][0]
    other = newsroom["stories"][3]
    pages = [
        ("localhost", "/penulis/dewi-lestari/"),
        ("localhost", story.url),
        ("localhost", other.url),
    ]
    fill(client, pages)
    writer.bio = "Wartawan politik sejak 2009."
    writer.save()
    assert client.get("/penulis/dewi-lestari/")["X-Cache"] == "MISS"
    assert client.get(story.url)["X-Cache"] == "MISS"
    assert client.get(other.url)["X-Cache"] == "HIT"


def test_site_settings_change_purges_that_site_only(client, newsroom):
    region = newsroom["region"]
    pages = [("localhost", "/"), (region.hostname, "/")]
    fill(client, pages)
    SiteSettings.objects.update_or_create(site=region, defaults={"tagline": "Kabar Pulau Dewata"})
    assert client.get("/", HTTP_HOST=region.hostname)["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"

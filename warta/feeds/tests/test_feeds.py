"""Feeds parsed with feedparser, each rule checked on its own."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "/rss/",
    "/atom/",
    "/rss/internasional/",
    "/atom/internasional/",
    "/rss/tag/korea-utara/",
    "/rss/penulis/anton-suhartono/",
    "/rss/jaringan/",
]


@pytest.fixture
def stories(channel):
    author = AuthorFactory(name="Anton Suhartono")
    published = [
        ArticlePageFactory(
            parent=channel, title=f"Berita Korea {n}", authors=[author], tags=["Korea Utara"]
        )
        for n in range(3)
    ]
    draft = ArticlePageFactory(
        parent=channel, title="Draf rahasia", authors=[author], tags=["Korea Utara"], publish=False
    )
    embargoed = ArticlePageFactory(
        parent=channel,
        title="Embargo rahasia",
        authors=[author],
        tags=["Korea Utara"],
        publish=False,
    )
    embargoed.embargo_until = timezone.now() + timedelta(hours=3)
    embargoed.save_revision().publish()
    return {"published": published, "hidden": [draft, embargoed]}


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_rules(client, stories, url):
    response, feed = parse(client, url)
    assert feed.version in ("rss20", "atom10")
    assert len(feed.entries) == 3
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost{url}"]
    guids = set()
    for entry in feed.entries:
        assert entry.link.startswith("http://localhost/internasional/")
        assert entry.published_parsed is not None
        assert entry.id.startswith("urn:uuid:") and entry.id not in guids
        guids.add(entry.id)
        assert entry.summary
        assert entry.author == "Anton Suhartono"
        assert "Internasional" in [t.term for t in entry.tags]
        assert "Korea Utara" in [t.term for t in entry.tags]
        images = [link for link in entry.links if link.rel == "enclosure"]
        assert images and images[0].type == "image/jpeg"
        assert images[0].href.startswith("http://localhost/media/")
    titles = {e.title for e in feed.entries}
    assert "Draf rahasia" not in titles and "Embargo rahasia" not in titles


def test_rss_dates_carry_a_time_zone(client, stories):
    body = client.get("/rss/").content.decode()
    assert "+0000</pubDate>" in body


def test_guid_is_stable_when_the_slug_changes(client, stories):
    _, before = parse(client, "/rss/")
    story = ArticlePage.objects.get(pk=stories["published"][0].pk)
    story.slug = "judul-baru"
    story.save_revision().publish()
    _, after = parse(client, "/rss/")
    assert {e.id for e in before.entries} == {e.id for e in after.entries}


def test_feed_of_a_sub_channel_and_unknown_subjects(client, channel):
    sub = ChannelPageFactory(title="Asia", slug="asia", parent=channel)
    ArticlePageFactory(parent=sub, title="Berita Asia")
    _, feed = parse(client, "/rss/internasional/asia/")
    assert [e.title for e in feed.entries] == ["Berita Asia"]
    for url in ["/rss/tidak-ada/", "/rss/tag/tidak-ada/", "/rss/penulis/tidak-ada/"]:
        assert client.get(url).status_code == 404


def test_json_feed(client, stories):
    data = client.get("/feed.json").json()
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert len(data["items"]) == 3
    assert all(item["id"].startswith("urn:uuid:") for item in data["items"])
    assert all("+00:00" in item["date_published"] for item in data["items"])

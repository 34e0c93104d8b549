"""A live story in the feeds (its latest posts, updated at its last post, purged at most once a
minute or at once for a key event), the sitemaps (like any story) and the API (kind "live",
its posts, stale on every post)."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.feeds.tests.test_sitemaps import NS, fetch
from warta.live import services
from warta.live.models import LivePost, LiveStoryPage
from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    ArticlePageFactory(parent=channel, title="Berita biasa")
    story = LiveStoryPageFactory(
        parent=channel,
        title="Live: Pemilu Kepala Daerah",
        summary="Hitung cepat dan hasil resmi.",
        authors=[AuthorFactory(name="Rina Kusuma")],
    )
    start = timezone.now() - timedelta(hours=1)
    published = start - timedelta(hours=1)  # the story went out before its posts
    LiveStoryPage.objects.filter(pk=story.pk).update(
        first_published_at=published, last_published_at=published
    )
    LivePostFactory(story=story, posted_at=start, title="TPS dibuka", key_event=True)
    LivePostFactory(
        story=story,
        posted_at=start + timedelta(minutes=20),
        body=text_body("Hitung cepat 50% masuk."),
        author=AuthorFactory(name="Budi Santoso"),
        pinned=True,
    )
    LivePostFactory(
        story=story,
        posted_at=start + timedelta(minutes=30),
        state=LivePost.State.PENDING,
        body=text_body("Belum ditinjau."),
    )
    return story


def latest_post(story):
    return story.live_posts.filter(state=LivePost.State.PUBLISHED).order_by("-posted_at").first()


@pytest.mark.parametrize("url", ["/rss/", "/atom/", "/rss/internasional/"])
def test_the_feed_entry_carries_the_latest_posts_and_the_last_posts_time(client, story, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.title == story.title)
    body = entry.get("content", [{}])[0].get("value") or entry.summary
    assert "Hitung cepat dan hasil resmi." in body
    assert "Hitung cepat 50% masuk." in body and "TPS dibuka" in body
    assert "Belum ditinjau." not in body
    assert body.index("Hitung cepat 50%") < body.index("TPS dibuka")  # newest first
    local = timezone.localtime(latest_post(story).posted_at, timezone.get_fixed_timezone(420))
    assert f"{local:%H:%M} WIB" in body
    plain = next(e for e in feed.entries if e.title == "Berita biasa")
    assert "<ul>" not in plain.summary
    if url.startswith("/atom/"):
        assert entry.updated_parsed[:6] == latest_post(story).posted_at.utctimetuple()[:6]


def test_the_json_feed_item_has_the_posts_and_is_modified_at_the_last_post(client, story):
    items = {i["title"]: i for i in client.get("/feed.json").json()["items"]}
    item = items[story.title]
    assert "Hitung cepat 50% masuk." in item["content_html"]
    assert item["content_text"].startswith("Hitung cepat dan hasil resmi.")
    assert "TPS dibuka" in item["content_text"]
    assert item["date_modified"] == latest_post(story).posted_at.isoformat()
    assert "content_html" not in items["Berita biasa"]


def test_feeds_follow_posts_at_most_once_a_minute_and_key_events_at_once(client, story):
    assert client.get("/rss/")["X-Cache"] == "MISS"
    assert client.get("/rss/")["X-Cache"] == "HIT"
    services.add_post(story, user=None, body=text_body("Pembaruan pertama."))
    response = client.get("/rss/")
    assert response["X-Cache"] == "MISS" and "Pembaruan pertama." in response.content.decode()
    # Within the minute: a routine post leaves the feeds alone…
    services.add_post(story, user=None, body=text_body("Pembaruan kedua."))
    response = client.get("/rss/")
    assert response["X-Cache"] == "HIT" and "Pembaruan kedua." not in response.content.decode()
    # …while the story's own page and updates address have it at once.
    assert "Pembaruan kedua." in str(client.get(f"/live/{story.pk}/updates/").json())
    # A key event reaches the feeds at once.
    services.add_post(
        story, user=None, title="KPU umumkan", body=text_body("Resmi."), key_event=True
    )
    body = client.get("/rss/").content.decode()
    assert "KPU umumkan" in body and "Pembaruan kedua." in body


def test_a_feed_without_live_stories_does_not_read_posts(
    client, channel, django_assert_max_num_queries
):
    ArticlePageFactory(parent=channel)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/rss/")
    assert not [q for q in queries if "live_livepost" in q["sql"]]


def test_sitemaps_list_the_live_story_like_any_story(client, story, sitemap_schemas):
    address = f"http://localhost{story.url}"
    for url in ("/sitemap-news.xml", "/sitemap-articles-1.xml"):
        root = fetch(client, url, sitemap_schemas["urlset"])
        assert address in {u.find("s:loc", NS).text for u in root.findall("s:url", NS)}, url


def test_the_api_gives_kind_live_and_the_latest_posts(client, story):
    items = {a["id"]: a for a in client.get("/api/v1/articles").json()["items"]}
    assert items[story.pk]["kind"] == "live"
    detail = client.get(f"/api/v1/articles/{story.pk}").json()
    assert detail["kind"] == "live"
    live = detail["live"]
    assert live["status"] == "live"
    assert live["updates_url"] == f"http://localhost/live/{story.pk}/updates/"
    assert [p["title"] for p in live["posts"]] == ["", "TPS dibuka"]
    newest, first = live["posts"]
    assert newest["text"] == "Hitung cepat 50% masuk." and newest["pinned"] is True
    assert newest["author"] == "Budi Santoso"
    assert f'id="post-{newest["id"]}"' in newest["html"]
    assert newest["url"] == f"http://localhost{story.url}#post-{newest['id']}"
    # Share links that work away from the story's page.
    assert f'href="http://localhost{story.url}p/{newest["id"]}/"' in newest["html"]
    assert first["key_event"] is True and first["corrected_at"] is None


def test_the_api_detail_is_stale_on_a_post(client, story):
    url = f"/api/v1/articles/{story.pk}"
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    services.add_post(story, user=None, body=text_body("Pembaruan baru."))
    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert response.json()["live"]["posts"][0]["text"] == "Pembaruan baru."

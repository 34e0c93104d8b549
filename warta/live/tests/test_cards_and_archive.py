"""Around the live story: the "LIVE" badge on every card (no query per card), the lite page
(no script, a "Muat ulang" link), and the archive: a finished story is a plain cached page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.core.pagecache import localcache
from warta.live import services
from warta.live.models import LiveStatus
from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body

pytestmark = pytest.mark.django_db


def cold_queries(client, url: str) -> tuple[int, str]:
    client.get(url)
    cache.clear()
    localcache.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def badges(html: str) -> tuple[int, int]:
    return html.count('<span class="badge-live">LIVE</span>'), html.count(
        '<span class="badge-live badge-live--upcoming">Akan datang</span>'
    )


def test_cards_show_live_and_upcoming_but_not_finished_stories(client, channel, admin_user):
    ArticlePageFactory(parent=channel, title="Berita biasa")
    live = LiveStoryPageFactory(parent=channel, title="Live: hitung cepat")
    LiveStoryPageFactory(parent=channel, title="Live: debat", live_status=LiveStatus.UPCOMING)
    LiveStoryPageFactory(parent=channel, title="Live: laga usai", live_status=LiveStatus.FINISHED)
    html = client.get(channel.url).content.decode()
    assert badges(html) == (1, 1)
    title = html[html.index('<span class="badge-live">LIVE</span>') :][:400]
    assert "Live: hitung cepat" in title  # on the live story's own card
    # The desk ends the coverage: the cards that list it lose the badge.
    services.set_live_controls(live, user=admin_user, status=LiveStatus.FINISHED)
    assert badges(client.get(channel.url).content.decode()) == (0, 1)


def test_lite_cards_show_the_badge_too(client, channel):
    LiveStoryPageFactory(parent=channel, title="Live: hitung cepat")
    html = client.get("/lite" + channel.url).content.decode()
    assert '<strong class="tag">LIVE</strong> <a href="/lite/internasional/' in html


def test_the_badge_costs_one_query_per_page_not_one_per_card(client, channel):
    writer = AuthorFactory()
    for n in range(4):
        ArticlePageFactory(parent=channel, title=f"Kisah {n}", authors=[writer])
    LiveStoryPageFactory(parent=channel, authors=[writer])
    one, html = cold_queries(client, channel.url)
    assert badges(html) == (1, 0)
    for _ in range(3):
        LiveStoryPageFactory(parent=channel, authors=[writer])
    four, html = cold_queries(client, channel.url)
    assert badges(html) == (4, 0)
    assert four == one


def test_no_badge_query_on_a_page_without_live_stories(client, channel):
    ArticlePageFactory(parent=channel)
    with CaptureQueriesContext(connection) as queries:
        client.get(channel.url)
    assert not [q for q in queries if "live_livestorypage" in q["sql"]]


@pytest.fixture
def story(channel):
    story = LiveStoryPageFactory(parent=channel, summary="Ringkasan liputan.")
    start = timezone.now() - timedelta(hours=2)
    LivePostFactory(story=story, posted_at=start, title="Disematkan", pinned=True)
    for n in range(25):
        LivePostFactory(
            story=story,
            posted_at=start + timedelta(minutes=n + 1),
            body=text_body(f"Pembaruan nomor {n}"),
            key_event=n == 3,
        )
    return story


def test_the_lite_page_shows_status_pinned_and_the_latest_20_posts_without_script(client, story):
    html = client.get("/lite" + story.url).content.decode()
    assert '<strong class="tag">LIVE</strong>' in html
    assert "Ringkasan liputan." in html
    pinned = html[html.index('id="pinned-heading"') : html.index('id="posts-heading"')]
    assert "Disematkan" in pinned
    posts = html[html.index('id="posts-heading"') :]
    assert posts.count('<li id="post-') == 20
    assert "Pembaruan nomor 24" in posts and "Pembaruan nomor 4" not in posts
    assert "Muat ulang" in html
    assert "<script" not in html


def test_the_lite_page_follows_a_new_post(client, story):
    assert client.get("/lite" + story.url)["X-Cache"] == "MISS"
    services.add_post(story, user=None, body=text_body("Hasil resmi KPU."))
    response = client.get("/lite" + story.url)
    assert response["X-Cache"] == "MISS" and "Hasil resmi KPU." in response.content.decode()


def test_a_finished_story_is_a_plain_cached_page(client, story, admin_user):
    services.set_live_controls(story, user=admin_user, status=LiveStatus.FINISHED)
    for url in (story.url, "/lite" + story.url):
        first = client.get(url)
        assert first["X-Cache"] == "MISS"
        # Other readers, other addresses: the same page from the cache, nothing per request.
        again = client.get(url, HTTP_X_FORWARDED_FOR="10.1.2.3", HTTP_ACCEPT_LANGUAGE="en")
        assert again["X-Cache"] == "HIT"
        assert again.content == first.content
    lite = client.get("/lite" + story.url).content.decode()
    assert "Muat ulang" not in lite and "Selesai" in lite

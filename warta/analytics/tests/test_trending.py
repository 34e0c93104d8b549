"""Sedang tren: the topics of the stories most read on a site in the last six hours, weighted by
views, on the site's home and channel pages (full and lite); pages purged only when the set
changes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from warta.analytics import jobs
from warta.analytics.tests.factories import BROWSER, beacon, roll
from warta.analytics.trending import compute_trending, refresh_trending
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.ops.periodic import _JOBS

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(channel):
    return {
        "banjir": ArticlePageFactory(parent=channel, title="Banjir", tags=["Banjir", "Jakarta"]),
        "pemilu": ArticlePageFactory(parent=channel, title="Pemilu", tags=["Pemilu"]),
        "hujan": ArticlePageFactory(parent=channel, title="Hujan", tags=["Banjir"]),
        "sepi": ArticlePageFactory(parent=channel, title="Sepi", tags=["Kuliner"]),
    }


@pytest.fixture
def region():
    site = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=site.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh", tags=["Nyepi"])
    return site


def read(client, site, story, times: int) -> None:
    for n in range(times):
        beacon(client, site, story, agent=f"{BROWSER} reader-{n}")


def strip(html: bytes) -> list[str]:
    """The strip's topics as (text, link), in order."""
    found = re.search(rb'<nav class="trending".*?</nav>', html, re.S)
    if found is None:
        return []
    return [
        f"{text.decode()} {href.decode()}"
        for href, text in re.findall(rb'<a href="([^"]+)">#([^<]+)</a>', found.group(0))
    ]


def test_strip_weighs_topics_by_the_views_of_their_stories_on_this_site(
    client, site, stories, region
):
    read(client, site, stories["banjir"], 3)
    read(client, site, stories["pemilu"], 4)
    read(client, site, stories["hujan"], 2)
    ogoh = region.root_page.get_descendants().get(title="Ogoh-ogoh")
    read(client, region, ogoh, 9)
    beacon(client, site, stories["sepi"], kind="p", e=10)  # a ping is no view
    roll()
    assert [(t.name, t.weight) for t in compute_trending(site.pk)] == [
        ("Banjir", 5),
        ("Pemilu", 4),
        ("Jakarta", 3),
    ]
    home = client.get("/").content
    assert strip(home) == ["Banjir /tag/banjir/", "Pemilu /tag/pemilu/", "Jakarta /tag/jakarta/"]
    assert "Sedang tren" in home.decode()
    assert strip(client.get("/internasional/").content) == strip(home)
    # A region's site shows its own readers' topics.
    assert strip(client.get("/", HTTP_HOST=region.hostname).content) == ["Nyepi /tag/nyepi/"]
    # Not on a story page; and views older than the window no longer count.
    assert strip(client.get(stories["banjir"].url).content) == []
    assert compute_trending(site.pk, now=timezone.now() + timedelta(hours=8)) == []


def test_at_most_six_topics_and_none_of_unpublished_stories(client, site, channel, stories):
    many = ArticlePageFactory(parent=channel, title="Banyak", tags=[f"Topik {n}" for n in range(9)])
    read(client, site, many, 2)
    read(client, site, stories["pemilu"], 1)
    roll()
    assert len(compute_trending(site.pk)) == 6
    stories["pemilu"].unpublish()
    many.unpublish()
    assert compute_trending(site.pk) == []


def test_no_views_no_strip(client, site, stories):
    assert strip(client.get("/").content) == []
    assert "Sedang tren" not in client.get("/").content.decode()


def test_lite_pages_show_the_strip(client, site, stories):
    read(client, site, stories["pemilu"], 2)
    roll()
    for url in ("/lite/", "/lite/internasional/"):  # linking the lite topic page
        assert strip(client.get(url).content) == ["Pemilu /lite/tag/pemilu/"], url
    assert strip(client.get(f"/lite{stories['pemilu'].url}").content) == []


def test_a_changed_set_purges_the_pages_showing_it_and_an_unchanged_one_does_not(
    client, site, stories, region
):
    read(client, site, stories["pemilu"], 2)
    roll()
    pages = ["/", "/internasional/", "/lite/"]
    for url in pages:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    client.get("/", HTTP_HOST=region.hostname)
    assert refresh_trending() == []
    for url in pages:  # the same set: the cached pages stay
        assert client.get(url)["X-Cache"] == "HIT", url
    assert client.get("/", HTTP_HOST=region.hostname)["X-Cache"] == "HIT"

    read(client, site, stories["banjir"], 5)  # Banjir and Jakarta overtake Pemilu
    roll()
    assert refresh_trending() == [site.pk]
    for url in pages:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Banjir /" in strip(response.content)[0], url
    # The region's pages show another set: left alone.
    assert client.get("/", HTTP_HOST=region.hostname)["X-Cache"] == "HIT"


def test_the_worker_recomputes_the_set_each_tick(client, site, stories):
    assert _JOBS["analytics-trending"] is jobs.refresh_trending
    read(client, site, stories["pemilu"], 1)
    roll()
    jobs.refresh_trending()
    assert strip(client.get("/").content) == ["Pemilu /tag/pemilu/"]

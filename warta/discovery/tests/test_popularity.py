"""Terpopuler reflects real reads: counted on cached and uncached views, bots ignored, no
write per request, counts kept in the database."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory
from warta.discovery import popularity
from warta.discovery.models import ArticleViews

pytestmark = pytest.mark.django_db
READER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0"}


@pytest.fixture(autouse=True)
def _empty_buffer():
    popularity.flush_views()
    yield


def test_reads_are_counted_on_hits_and_misses_without_a_write_per_request(client, channel):
    popular = ArticlePageFactory(parent=channel, title="Paling dibaca")
    quiet = ArticlePageFactory(parent=channel, title="Jarang dibaca")
    client.get(quiet.url, **READER)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            client.get(popular.url, **READER)  # first a miss, then cache hits
    writes = [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert not any("discovery_articleviews" in q["sql"] for q in writes)
    popularity.flush_views()
    counts = dict(ArticleViews.objects.values_list("article_id", "count"))
    assert counts == {popular.pk: 5, quiet.pk: 1}


def test_bots_and_prefetches_are_not_counted(client, channel):
    story = ArticlePageFactory(parent=channel, title="Dirayapi")
    client.get(story.url, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(story.url, HTTP_USER_AGENT="curl/8.0")
    client.get(story.url, HTTP_PURPOSE="prefetch", **READER)
    client.get(story.url)  # no user agent at all
    popularity.flush_views()
    assert not ArticleViews.objects.exists()


def test_terpopuler_lists_the_most_read_of_the_site(client, channel):
    a = ArticlePageFactory(parent=channel, title="Kedua terpopuler")
    b = ArticlePageFactory(parent=channel, title="Paling populer")
    for story, reads in ((a, 2), (b, 4)):
        for _ in range(reads):
            client.get(story.url, **READER)
    popularity.flush_views()
    from django.core.cache import cache

    # Three days ago, a third story was read more than both: it leads the week, not the day.
    old = ArticlePageFactory(parent=channel, title="Ramai pekan ini")
    three_days_ago = timezone.now() - timedelta(days=3)
    ArticleViews.objects.create(article=old, hour=three_days_ago.replace(minute=0), count=9)
    ArticleViews.objects.create(article=a, hour=timezone.now() - timedelta(days=9), count=50)
    cache.clear()
    page = BeautifulSoup(client.get("/", **READER).content, "html.parser")
    day = [li.get_text(strip=True) for li in page.select('.most-read[data-period="24h"] li')]
    week = [li.get_text(strip=True) for li in page.select('.most-read[data-period="7d"] li')]
    assert day == ["Paling populer", "Kedua terpopuler"]
    assert week == ["Ramai pekan ini", "Paling populer", "Kedua terpopuler"]

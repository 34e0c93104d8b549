"""Sitemaps validated against the official XSDs, plus the Google News rules they cannot check."""

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


@pytest.fixture
def stories(channel):
    fresh = [ArticlePageFactory(parent=channel, title=f"Baru {n}") for n in range(3)]
    old = ArticlePageFactory(parent=channel, title="Lama")
    ArticlePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    draft = ArticlePageFactory(parent=channel, title="Draf", publish=False)
    return {"fresh": fresh, "old": old, "draft": draft}


def fetch(client, url, schema):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    errors = list(schema.iter_errors(response.content.decode(), use_location_hints=False))
    assert not errors, errors[:3]
    return ElementTree.fromstring(response.content)


def test_index_lists_every_sitemap_and_validates(client, stories, sitemap_schemas):
    root = fetch(client, "/sitemap.xml", sitemap_schemas["index"])
    locs = [e.text for e in root.findall("s:sitemap/s:loc", NS)]
    assert locs == [
        "http://localhost/sitemap-sections.xml",
        "http://localhost/sitemap-articles-1.xml",
        "http://localhost/sitemap-news.xml",
    ]
    for loc in locs:
        fetch(client, loc.removeprefix("http://localhost"), sitemap_schemas["urlset"])


def test_articles_sitemap_has_live_stories_with_images(client, stories, sitemap_schemas):
    root = fetch(client, "/sitemap-articles-1.xml", sitemap_schemas["urlset"])
    urls = root.findall("s:url", NS)
    locs = {u.find("s:loc", NS).text for u in urls}
    assert len(urls) == 4
    assert not any("draf" in loc for loc in locs)
    assert all(u.find("image:image/image:loc", NS).text.endswith(".jpg") for u in urls)
    assert client.get("/sitemap-articles-2.xml").status_code == 404
    assert client.get("/sitemap-articles-0.xml").status_code == 404


def test_news_sitemap_follows_google_news_rules(client, stories, sitemap_schemas):
    root = fetch(client, "/sitemap-news.xml", sitemap_schemas["urlset"])
    urls = root.findall("s:url", NS)
    assert len(urls) == 3  # the 3-day-old story is out of the 2-day window
    assert len(urls) <= 1000
    for url in urls:
        news = url.find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "Warta"
        assert news.find("news:publication/news:language", NS).text == "id"
        published = news.find("news:publication_date", NS).text
        from datetime import datetime

        moment = datetime.fromisoformat(published)
        assert moment.tzinfo is not None
        assert timezone.now() - moment < timedelta(days=2)


def test_sections_sitemap(client, stories, sitemap_schemas):
    root = fetch(client, "/sitemap-sections.xml", sitemap_schemas["urlset"])
    locs = [e.text for e in root.findall("s:url/s:loc", NS)]
    assert locs[0] == "http://localhost/"
    assert "http://localhost/internasional/" in locs


def test_robots_txt_points_to_the_sitemaps(client, site):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in body
    assert "Sitemap: http://localhost/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body

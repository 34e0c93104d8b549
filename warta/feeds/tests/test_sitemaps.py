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


def test_a_story_sitemap_page_holds_a_block_of_ids_and_only_its_changes_purge_it(
    client, channel, monkeypatch, sitemap_schemas, django_capture_on_commit_callbacks
):
    """Pages are blocks of story ids (no OFFSET at a million stories): publishing a story
    makes its own page and the index stale, never the other pages."""
    from warta.feeds import sitemaps

    stories = [ArticlePageFactory(parent=channel, title=f"Cerita {n}") for n in range(5)]
    ids = sorted(s.pk for s in stories)
    # Blocks of ids[1] ids: the oldest story alone on page 1, the four others on page 2.
    monkeypatch.setattr(sitemaps, "STORY_IDS_PER_SITEMAP", ids[1])
    first, last = 1, 2
    assert [sitemaps.block_of(pk) + 1 for pk in ids] == [1, 2, 2, 2, 2]
    root = fetch(client, "/sitemap.xml", sitemap_schemas["index"])
    pages = [e.text.removeprefix("http://localhost") for e in root.findall("s:sitemap/s:loc", NS)]
    articles = [p for p in pages if p.startswith("/sitemap-articles-")]
    assert articles[0] == f"/sitemap-articles-{first}.xml"
    assert articles[-1] == f"/sitemap-articles-{last}.xml"
    listed = set()
    for page in articles:
        urls = fetch(client, page, sitemap_schemas["urlset"]).findall("s:url/s:loc", NS)
        listed.update(u.text for u in urls)
        assert client.get(page)["X-Cache"] == "HIT"
    assert listed == {f"http://localhost{s.url}" for s in stories}
    assert client.get(f"/sitemap-articles-{last + 1}.xml").status_code == 404

    newest = ArticlePage.objects.get(pk=ids[-1])
    newest.title = "Cerita terbaru diperbarui"
    with django_capture_on_commit_callbacks(execute=True):
        newest.save_revision().publish()
    assert client.get(f"/sitemap-articles-{last}.xml")["X-Cache"] == "MISS"
    assert client.get(f"/sitemap-articles-{first}.xml")["X-Cache"] == "HIT"
    assert client.get("/sitemap.xml")["X-Cache"] == "MISS"

    # Unpublished: gone from its page at once.
    with django_capture_on_commit_callbacks(execute=True):
        newest.unpublish()
    urls = fetch(client, f"/sitemap-articles-{last}.xml", sitemap_schemas["urlset"])
    assert f"http://localhost{newest.url}" not in {u.text for u in urls.findall("s:url/s:loc", NS)}


def test_a_story_in_parts_is_listed_at_its_whole_page(client, channel, sitemap_schemas):
    story = ArticlePageFactory(
        parent=channel,
        title="Laporan panjang",
        body=[
            ("paragraph", "<p>Bagian satu.</p>"),
            ("page_break", None),
            ("paragraph", '<p>Bagian dua, dengan kutipan "type": "page_break".</p>'),
        ],
    )
    plain = ArticlePageFactory(
        parent=channel, body=[("paragraph", '<p>Teks "type": "page_break" saja.</p>')]
    )
    for sitemap in ("/sitemap-articles-1.xml", "/sitemap-news.xml"):
        root = fetch(client, sitemap, sitemap_schemas["urlset"])
        locs = {u.text for u in root.findall("s:url/s:loc", NS)}
        assert f"http://localhost{story.url}all/" in locs  # its canonical address
        assert f"http://localhost{plain.url}" in locs  # quoted text is not a page break


def test_a_story_moved_to_another_site_leaves_one_sitemap_and_enters_the_other(
    client, channel, sitemap_schemas, django_capture_on_commit_callbacks
):
    from warta.channels.tests.factories import ChannelPageFactory, make_site
    from warta.feeds.sitemaps import block_of

    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh")  # Bali's sitemap has a page already
    story = ArticlePageFactory(parent=channel, title="Pawai budaya")
    national, bali = {}, {"HTTP_HOST": "bali.warta.localhost"}

    def listed(headers) -> set[str]:
        page = f"/sitemap-articles-{block_of(story.pk) + 1}.xml"
        response = client.get(page, **headers)
        if response.status_code == 404:
            return set()
        errors = list(sitemap_schemas["urlset"].iter_errors(response.content.decode()))
        assert not errors, errors[:3]
        root = ElementTree.fromstring(response.content)
        return {u.text for u in root.findall("s:url/s:loc", NS)}

    assert "http://localhost/internasional/pawai-budaya/" in listed(national)  # now stored
    assert not any("pawai-budaya" in loc for loc in listed(bali))
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).move(berita, pos="last-child")
    assert not any("pawai-budaya" in loc for loc in listed(national))
    assert "http://bali.warta.localhost/berita/pawai-budaya/" in listed(bali)

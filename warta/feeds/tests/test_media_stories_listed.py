"""Gallery and video stories appear wherever a story does: the site's lists, search, feeds,
sitemaps (with image and video entries, validated against the XSDs), the API and the lite
edition."""

import feedparser
import pytest

from warta.articles.tasks import generate_gallery_renditions_task
from warta.articles.tests.factories import AuthorFactory, GalleryPageFactory, VideoPageFactory
from warta.feeds.tests.test_sitemaps import NS, fetch

pytestmark = pytest.mark.django_db
VIDEO = "http://www.google.com/schemas/sitemap-video/1.1"


@pytest.fixture
def stories(channel):
    reporter = AuthorFactory(name="Rina Kusuma")
    gallery = GalleryPageFactory(
        parent=channel,
        title="Galeri Banjir Rob Pesisir",
        authors=[reporter],
        tags=["Banjir Rob"],
        photos=[("Warga menyeberang.", ""), ("Perahu karet.", "Budi/Antara")],
    )
    video = VideoPageFactory(
        parent=channel,
        title="Video Banjir Rob Pesisir",
        authors=[reporter],
        tags=["Banjir Rob"],
        video_url="https://vimeo.com/76979871",
    )
    return gallery, video


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "{channel}",
        "/indeks/",
        "/penulis/rina-kusuma/",
        "/tag/banjir-rob/",
        "/cari/?q=banjir+rob",
        "/lite/",
        "/lite/penulis/rina-kusuma/",
    ],
)
def test_site_lists_and_search_show_both(client, channel, stories, url):
    html = client.get(url.format(channel=channel.url)).content.decode()
    for story in stories:
        assert story.title in html, (url, story.title)


@pytest.mark.parametrize(
    "url", ["/rss/", "/atom/", "/rss/tag/banjir-rob/", "/atom/penulis/rina-kusuma/"]
)
def test_feeds_list_both_with_their_photo(client, stories, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    entries = {entry.title: entry for entry in feed.entries}
    for story in stories:
        entry = entries[story.title]
        assert entry.link == f"http://localhost{story.url}"
        assert any(link.get("rel") == "enclosure" for link in entry.links)


def test_json_feed_lists_both(client, stories):
    items = {item["title"]: item for item in client.get("/feed.json").json()["items"]}
    for story in stories:
        assert items[story.title]["image"].startswith("http://localhost/media/")


def test_sitemaps_have_gallery_images_and_a_video_entry_valid_against_the_xsd(
    client, stories, sitemap_schemas
):
    gallery, video = stories
    # Made on publish by the worker (on commit, which a test transaction never reaches).
    assert generate_gallery_renditions_task.call(page_id=gallery.pk) == 6
    root = fetch(client, "/sitemap-articles-1.xml", sitemap_schemas["urlset"])
    urls = {u.find("s:loc", NS).text: u for u in root.findall("s:url", NS)}
    album = urls[f"http://localhost{gallery.url}"]
    images = [e.text for e in album.findall("image:image/image:loc", NS)]
    assert len(images) == 2 and all("max-1200x900" in url for url in images)
    entry = urls[f"http://localhost{video.url}"].find(f"{{{VIDEO}}}video")
    fields = {child.tag.split("}")[1]: child.text for child in entry}
    assert fields["title"] == video.title
    assert fields["description"] == video.summary
    assert fields["thumbnail_loc"].startswith("http://localhost/media/")
    assert fields["player_loc"] == "https://player.vimeo.com/video/76979871?dnt=1"
    assert fields["duration"] == "95"
    assert "content_loc" not in fields
    news = fetch(client, "/sitemap-news.xml", sitemap_schemas["urlset"])
    listed = {u.find("s:loc", NS).text for u in news.findall("s:url", NS)}
    assert {f"http://localhost{s.url}" for s in stories} <= listed
    index = fetch(client, "/sitemap.xml", sitemap_schemas["index"])
    assert "http://localhost/sitemap-articles-1.xml" in [
        e.text for e in index.findall("s:sitemap/s:loc", NS)
    ]


def test_a_video_entry_that_would_break_the_schema_is_caught(sitemap_schemas):
    bad = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9" xmlns:video="{VIDEO}"><url><loc>http://localhost/a/</loc><video:video>'
        "<video:title>t</video:title></video:video></url></urlset>"
    )
    assert list(sitemap_schemas["urlset"].iter_errors(bad, use_location_hints=False))


def test_api_lists_both_with_their_kind_and_media(client, stories):
    gallery, video = stories
    items = {a["id"]: a for a in client.get("/api/v1/articles").json()["items"]}
    assert items[gallery.pk]["kind"] == "gallery" and items[video.pk]["kind"] == "video"
    detail = client.get(f"/api/v1/articles/{gallery.pk}").json()
    assert [p["caption"] for p in detail["gallery"]] == ["Warga menyeberang.", "Perahu karet."]
    assert detail["gallery"][1]["url"] == f"http://localhost{gallery.url}foto/2/"
    assert detail["gallery"][1]["image"]["credit"] == "Budi/Antara"
    assert detail["video"] is None
    detail = client.get(f"/api/v1/articles/{video.pk}").json()
    assert detail["video"]["embed_url"] == "https://player.vimeo.com/video/76979871?dnt=1"
    assert detail["video"]["provider"] == "Vimeo" and detail["gallery"] is None


def test_lite_edition_lists_photo_captions_and_links_the_video(client, stories):
    gallery, video = stories
    html = client.get(f"/lite{gallery.url}").content.decode()
    assert "<img" not in html and "<script" not in html
    assert "Lihat foto 1</a>: Warga menyeberang." in html
    assert "Lihat foto 2</a>: Perahu karet. (Foto: Budi/Antara)" in html
    assert f'href="/lite{gallery.url}foto/2/"' in html
    html = client.get(f"/lite{video.url}").content.decode()
    assert "<iframe" not in html and "<video" not in html
    assert 'href="https://vimeo.com/76979871">Tonton video di Vimeo</a> (1:35)' in html
    photo = client.get(f"/lite{gallery.url}foto/2/")
    assert photo.status_code == 200 and b"Foto 2 dari 2" in photo.content

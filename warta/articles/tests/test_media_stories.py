"""Gallery and video stories: their pages, each photo's own page, the privacy of the video
player, and their structured data read back with extruct (Google's required fields)."""

import extruct
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from warta.articles.models import GalleryPage, VideoPage
from warta.articles.tasks import generate_gallery_renditions_task
from warta.articles.tests.factories import GalleryPageFactory, VideoPageFactory
from warta.articles.video import iso_duration, parse_video_url
from warta.core.tests.test_query_budgets import ARTICLE_BUDGET, cold_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery(channel):
    page = GalleryPageFactory(
        parent=channel,
        title="Banjir Rob di Pesisir Utara Jakarta",
        photos=[
            ("Warga menyeberangi jalan yang tergenang.", "Rina Kusuma"),
            ("Perahu karet membawa lansia ke posko.", ""),
            ("Air surut menjelang sore.", "Budi/Antara"),
        ],
    )
    return GalleryPage.objects.get(pk=page.pk)


@pytest.fixture
def video(channel):
    page = VideoPageFactory(parent=channel, title="Wawancara: Harga Beras Menjelang Natal")
    return VideoPage.objects.get(pk=page.pk)


def extract(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, extruct.extract(
        response.content.decode(),
        base_url="http://localhost" + url,
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def test_gallery_shows_its_photos_in_order_only_the_first_loaded_eagerly(client, gallery):
    html = client.get(gallery.url).content.decode()
    first = html.index("Warga menyeberangi")
    assert first < html.index("Perahu karet") < html.index("Air surut")
    strip = html[html.index('class="gallery__track"') :]
    assert strip.count("<img") == 3
    assert strip.count('loading="lazy"') == 2
    assert strip.count('fetchpriority="high"') == 1
    assert "(Foto: Rina Kusuma)" in html and "(Foto: Budi/Antara)" in html
    assert "(Foto: Fotografer Warta/Antara)" in html  # the image's own credit when left empty
    assert f'href="{gallery.url}foto/2/"' in html


def test_each_photo_has_its_own_page_with_its_title_address_and_image(client, gallery):
    response, data = extract(client, f"{gallery.url}foto/2/")
    html = response.content.decode()
    assert "<title>Foto 2 dari 3: Banjir Rob di Pesisir Utara Jakarta - Warta</title>" in html
    canonical = f"http://localhost{gallery.url}foto/2/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    og = data["opengraph"][0]
    assert og["og:url"] == canonical
    assert og["og:title"] == "Foto 2 dari 3: Banjir Rob di Pesisir Utara Jakarta"
    assert og["og:description"] == "Perahu karet membawa lansia ke posko."
    photo = next(d for d in data["json-ld"] if d["@type"] == "ImageObject")
    assert og["og:image"] == photo["contentUrl"] and "max-1200x900" in photo["contentUrl"]
    assert photo["isPartOf"]["url"] == f"http://localhost{gallery.url}"
    # The photo in focus is the one loaded first; the page says which it is.
    strip = html[html.index('class="gallery__track"') :]
    focused = strip[strip.index('id="foto-2"') :]
    assert 'aria-current="true"' in focused[:200]
    assert 'fetchpriority="high"' in focused[: focused.index("</li>")]
    assert 'data-focus="2"' in html


def test_a_photo_the_gallery_does_not_have_is_not_found(client, gallery):
    assert client.get(f"{gallery.url}foto/4/").status_code == 404
    assert client.get(f"{gallery.url}foto/0/").status_code == 404
    assert client.get(f"{gallery.url}foto/02/").status_code == 301


def test_gallery_structured_data_lists_every_photo_with_google_fields(client, gallery):
    _, data = extract(client, gallery.url)
    types = [d["@type"] for d in data["json-ld"]]
    assert types == ["NewsArticle", "BreadcrumbList", "ImageGallery"]
    article, _, album = data["json-ld"]
    assert article["headline"] == gallery.title and article["image"]  # the first photo
    assert album["numberOfItems"] == 3
    photos = album["associatedMedia"]
    assert [p["position"] for p in photos] == [1, 2, 3]
    for photo in photos:  # Google's image metadata: contentUrl, and credit/licence fields
        assert photo["@type"] == "ImageObject"
        assert photo["contentUrl"].startswith("http://localhost/media/images/")
        assert photo["url"].startswith(f"http://localhost{gallery.url}foto/")
        assert photo["caption"] and photo["width"] > 0 and photo["height"] > 0
    assert photos[0]["creditText"] == "Rina Kusuma"
    assert photos[1]["creditText"] == "Fotografer Warta/Antara"


def test_the_first_photo_is_the_gallery_hero_for_cards_feeds_and_sharing(gallery):
    first = gallery.gallery_photos.order_by("sort_order").first()
    assert gallery.hero_image_id == first.image_id
    assert gallery.hero_caption == "Warga menyeberangi jalan yang tergenang."


def test_video_structured_data_has_google_required_fields(client, video):
    response, data = extract(client, video.url)
    item = next(d for d in data["json-ld"] if d["@type"] == "VideoObject")
    assert item["name"] == video.title
    assert item["description"] == video.summary
    assert item["thumbnailUrl"][0].startswith("http://localhost/media/images/")
    assert item["uploadDate"] == video.first_published_at.isoformat()
    assert item["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert item["duration"] == "PT1M35S"
    assert "NewsArticle" in [d["@type"] for d in data["json-ld"]]


def test_no_request_goes_to_the_video_host_before_the_reader_taps(client, video):
    html = client.get(video.url).content.decode()
    assert "<iframe" not in html
    # Nothing the browser loads by itself (src, poster, srcset) points outside the site.
    for attribute in ('src="http', 'srcset="http', 'poster="http'):
        assert attribute not in html
    facade = html[html.index('class="video__facade"') :]
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in facade[:300]
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1' in facade
    assert "warta/js/video.js" in html


def test_the_player_hosts_are_exactly_the_privacy_enhanced_ones_framed_by_the_csp(client, video):
    policy = client.get(video.url)["Content-Security-Policy"]
    frame_src = next(p for p in policy.split(";") if p.strip().startswith("frame-src"))
    assert "https://www.youtube-nocookie.com" in frame_src
    assert "https://player.vimeo.com" in frame_src


def test_an_uploaded_video_plays_from_the_site_with_its_poster(client, channel, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = VideoPageFactory(
        parent=channel,
        title="Video unggahan redaksi",
        video_url="",
        video_file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="banjir.mp4"),
        duration_seconds=None,
    )
    response, data = extract(client, page.url)
    html = response.content.decode()
    assert '<video controls preload="none"' in html and 'poster="/media/images/' in html
    assert '<source src="http://localhost/media/videos/banjir' in html
    item = next(d for d in data["json-ld"] if d["@type"] == "VideoObject")
    assert item["contentUrl"].startswith("http://localhost/media/videos/banjir")
    assert "embedUrl" not in item and "duration" not in item


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://www.youtube.com/shorts/dQw4w9WgXcQ?feature=share",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
    ],
)
def test_video_addresses_become_privacy_enhanced_players(url, player):
    assert parse_video_url(url).player_url == player


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "javascript:alert(1)",
        "https://vimeo.com/channels/staffpicks",
    ],
)
def test_other_addresses_are_refused_with_a_clear_message(url):
    with pytest.raises(ValidationError, match="YouTube atau Vimeo"):
        parse_video_url(url)


def test_a_video_story_needs_one_source_and_a_poster(channel):
    page = VideoPage(title="Tanpa video", slug="tanpa-video", video_url="", hero_image=None)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert set(error.value.message_dict) == {"video_url", "hero_image"}
    page.video_url = "https://example.com/v/1"
    with pytest.raises(ValidationError, match="YouTube atau Vimeo"):
        page.clean()


def test_iso_durations():
    assert [iso_duration(s) for s in (None, 0, 59, 95, 3600, 3725)] == [
        None,
        None,
        "PT59S",
        "PT1M35S",
        "PT1H",
        "PT1H2M5S",
    ]


# A story page's budget (core/tests/test_query_budgets.py) plus the gallery's own reads: its
# row (the router's second query for a subclass), its photos with their images, their
# renditions.
GALLERY_BUDGET = ARTICLE_BUDGET + 3


@pytest.mark.parametrize("suffix", ["", "foto/2/", "foto/3/"])
def test_a_gallery_page_costs_the_same_with_3_photos_as_with_12(client, channel, suffix):
    small = GalleryPageFactory(parent=channel, photos=3, tags=["Banjir"])
    large = GalleryPageFactory(parent=channel, photos=12, tags=["Banjir"])
    for page in (small, large):  # made on publish, by the worker
        generate_gallery_renditions_task.call(page_id=page.pk)
    few = cold_queries(client, small.url + suffix)
    many = cold_queries(client, large.url + suffix)
    assert many <= GALLERY_BUDGET, f"{many} queries, budget {GALLERY_BUDGET}"
    assert few == many, f"{few} queries with 3 photos, {many} with 12 (N+1)"


def test_a_video_page_costs_a_story_page_and_one_query(client, channel, video):
    assert cold_queries(client, video.url) <= ARTICLE_BUDGET + 1


def test_gallery_and_video_pages_pass_the_nu_checker(client, gallery, video, tmp_path):
    from warta.core.tests.test_nu_checker import nu_errors

    urls = [
        gallery.url,
        f"{gallery.url}foto/2/",
        video.url,
        f"/lite{gallery.url}",
        f"/lite{gallery.url}foto/3/",
        f"/lite{video.url}",
    ]
    for n, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{n}.html").write_bytes(response.content)
    assert not nu_errors(tmp_path)

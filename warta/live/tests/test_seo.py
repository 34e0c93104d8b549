"""The live story's structured data: a LiveBlogPosting with its coverage window and its latest
posts as liveBlogUpdate entries, read back with extruct, with Google's required fields."""

from datetime import timedelta

import extruct
import pytest
from django.test import RequestFactory
from django.utils import timezone

from warta.articles.tests.factories import AuthorFactory
from warta.core.tests.factories import WartaImageFactory
from warta.live import seo, services
from warta.live.models import LivePost, LiveStatus
from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body

pytestmark = pytest.mark.django_db

# Google's documented fields for a live blog (developers.google.com, "Live blog" / Article):
# the posting's headline, image, dates, authors and coverage; each update's headline, body,
# date and address.
POSTING_FIELDS = {
    "headline",
    "datePublished",
    "dateModified",
    "image",
    "author",
    "publisher",
    "coverageStartTime",
    "liveBlogUpdate",
}
# "author" where the post has a byline or a sender (never the story's byline in their place).
UPDATE_FIELDS = {"headline", "articleBody", "datePublished", "url"}


@pytest.fixture
def story(channel):
    start = timezone.now() - timedelta(hours=3)
    story = LiveStoryPageFactory(
        parent=channel,
        title="Live: Pemilu Kepala Daerah 2026",
        summary="Hitung cepat dan hasil resmi dari seluruh daerah.",
        authors=[AuthorFactory(name="Dewi Lestari")],
        coverage_start=start,
    )
    reporter = AuthorFactory(name="Budi Santoso")
    LivePostFactory(
        story=story,
        posted_at=start + timedelta(minutes=5),
        title="TPS dibuka",
        key_event=True,
        author=reporter,
    )
    LivePostFactory(
        story=story,
        posted_at=start + timedelta(minutes=30),
        body=[
            (
                "paragraph",
                "<p>Antrean <b>panjang</b> di TPS 12 Menteng sejak pagi, petugas "
                "menambah bilik suara untuk pemilih lansia dan disabilitas.</p>",
            ),
            ("quote", {"text": "Kami siap sampai sore.", "speaker": "Ketua KPPS", "source": ""}),
        ],
        author=reporter,
        corrected_at=start + timedelta(minutes=40),
        correction_note="Nomor TPS diperbaiki.",
    )
    LivePostFactory(
        story=story,
        posted_at=start + timedelta(minutes=50),
        body=[("image", {"image": WartaImageFactory(), "caption": "Warga antre", "credit": ""})],
    )
    LivePostFactory(
        story=story, posted_at=start + timedelta(minutes=55), state=LivePost.State.DELETED
    )
    return story


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return extruct.extract(
        response.content.decode(), base_url="http://localhost" + url, syntaxes=["json-ld"]
    )["json-ld"]


def test_live_blog_posting_has_googles_fields_and_the_latest_visible_posts(client, story):
    data = json_ld(client, story.url)
    types = [d["@type"] for d in data]
    assert "LiveBlogPosting" in types and "NewsArticle" not in types  # one main entity
    assert "BreadcrumbList" in types
    posting = next(d for d in data if d["@type"] == "LiveBlogPosting")
    assert posting.keys() >= POSTING_FIELDS
    assert posting["headline"] == story.title
    assert posting["description"] == story.summary
    assert posting["coverageStartTime"] == story.coverage_start.isoformat()
    assert "coverageEndTime" not in posting  # still running
    assert posting["author"][0]["name"] == "Dewi Lestari"
    assert posting["publisher"]["@type"] == "NewsMediaOrganization"
    updates = posting["liveBlogUpdate"]
    assert len(updates) == 3  # the deleted post is not listed
    for update in updates:
        assert update["@type"] == "BlogPosting"
        assert update.keys() >= UPDATE_FIELDS, update
    newest, corrected, first = updates
    photo_post = story.live_posts.get(posted_at=story.coverage_start + timedelta(minutes=50))
    assert newest["url"] == f"{story.full_url}#post-{photo_post.pk}"
    assert newest["image"].startswith("http://localhost/media/")
    assert newest["headline"] == "Warga antre"  # no title and no text: the caption
    assert first["headline"] == "TPS dibuka"
    assert first["author"][0]["name"] == "Budi Santoso"
    assert corrected["headline"].startswith("Antrean panjang di TPS 12 Menteng")
    assert corrected["headline"].endswith("…") and len(corrected["headline"]) <= 110
    assert "<b>" not in corrected["articleBody"]
    assert "“Kami siap sampai sore.” (Ketua KPPS)" in corrected["articleBody"]
    assert corrected["dateModified"] == (story.coverage_start + timedelta(minutes=40)).isoformat()
    assert "dateModified" not in first
    # The newest post's time is the posting's modification time.
    assert posting["dateModified"] == newest["datePublished"]


def test_a_new_post_appears_in_the_structured_data_of_the_cached_page(client, story, editor):
    assert client.get(story.url)["X-Cache"] == "MISS"
    assert client.get(story.url)["X-Cache"] == "HIT"
    services.add_post(story, user=None, title="KPU umumkan hasil", body=text_body("Resmi."))
    posting = next(d for d in json_ld(client, story.url) if d["@type"] == "LiveBlogPosting")
    assert posting["liveBlogUpdate"][0]["headline"] == "KPU umumkan hasil"


def test_a_finished_story_carries_its_coverage_end(client, story):
    story.live_status = LiveStatus.FINISHED
    story.coverage_end = story.coverage_start + timedelta(hours=5)
    story.save_revision().publish()
    posting = next(d for d in json_ld(client, story.url) if d["@type"] == "LiveBlogPosting")
    assert posting["coverageEndTime"] == story.coverage_end.isoformat()


def test_only_the_latest_posts_are_listed(story):
    start = story.coverage_start
    LivePost.objects.bulk_create(
        LivePost(
            story=story,
            body=text_body(f"Pembaruan {n}"),
            posted_at=start + timedelta(hours=1, minutes=n),
        )
        for n in range(seo.JSON_LD_POSTS + 5)
    )
    request = RequestFactory().get(story.url, HTTP_HOST="localhost")
    data = seo.live_structured_data(story, request)
    assert len(data["liveBlogUpdate"]) == seo.JSON_LD_POSTS
    assert data["liveBlogUpdate"][0]["headline"] == f"Pembaruan {seo.JSON_LD_POSTS + 4}"


def test_json_ld_cannot_be_closed_by_a_post(client, story):
    LivePostFactory(story=story, body=text_body("</script><script>alert(1)</script>"))
    body = client.get(story.url).content.decode()
    assert "<script>alert(1)" not in body


def test_without_a_hero_photo_the_latest_post_photo_stands_for_the_story(story):
    story.hero_image = None
    request = RequestFactory().get(story.url, HTTP_HOST="localhost")
    data = seo.live_structured_data(story, request)
    assert data["image"] == [data["liveBlogUpdate"][0]["image"]]
    assert "width-800" in data["image"][0]

"""A story imported from text without its photo shows no photo anywhere public (no drawn
stand-in), keeps the caption and credit as data, and tells the editor the photo is missing."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.media.images import draw_picture, store_image
from warta.core.models import WartaImage

pytestmark = pytest.mark.django_db

CAPTION = "Kamala Harris menyebut Rusia putus asa"


def import_seed(seed_path, *args) -> ArticlePage:
    call_command("import_text", str(seed_path), *args, stdout=StringIO())
    return ArticlePage.objects.get(title__startswith="Wapres AS")


def public_view(client, article: ArticlePage, channel) -> dict:
    """What readers and machines see of the story's photo."""
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    json_ld = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    news = next(d for d in json_ld if d.get("@type") == "NewsArticle")
    listed = {}
    for name, url in (("home", "/"), ("channel", channel.url)):
        front = BeautifulSoup(client.get(url).content, "html.parser")
        link = front.select_one(f"a[href='{article.url}']:not([aria-hidden])")
        box = link.find_parent(["article"])
        listed[name] = box.select_one(".card__media, .lead__media") is not None
    return {
        "hero": page.select_one("figure.hero img") is not None,
        "credit": "(Foto: Antara)" in page.get_text(" "),
        "og:image": page.select_one("meta[property='og:image']") is not None,
        "json-ld": "image" in news,
        "api": client.get(f"/api/v1/articles/{article.pk}").json()["image"] is not None,
        "rss": b"<enclosure" in client.get("/rss/").content,
        **listed,
    }


def test_import_without_photo_shows_no_photo_and_keeps_caption_and_credit(
    client, seed_path, channel, national_channel
):
    article = import_seed(seed_path, "--publish")
    assert article.hero_image is None
    assert not WartaImage.objects.exists()  # no drawn stand-in stored
    assert article.hero_caption.startswith(CAPTION)
    assert article.hero_credit == "Antara"
    seen = public_view(client, article, channel)
    assert not any(seen.values()), seen
    assert "Foto asli tidak disertakan" not in client.get(article.url).content.decode()


def test_import_with_image_shows_the_photo_everywhere(
    client, seed_path, channel, national_channel, tmp_path
):
    photo = tmp_path / "harris.jpg"
    photo.write_bytes(draw_picture("Foto Antara"))
    article = import_seed(seed_path, "--publish", "--image", str(photo))
    assert article.hero_image.credit_line == "Antara"
    seen = public_view(client, article, channel)
    assert all(seen.values()), seen


@pytest.fixture
def staff_client(client, site):
    admin = get_user_model().objects.create_superuser("kepala", "kepala@warta.localhost", "pw")
    client.force_login(admin)
    return client


def editor_warnings(client, article) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(m.get_text(" ", strip=True) for m in page.select(".messages li"))


def test_editor_sees_the_missing_photo_as_a_to_do(staff_client, seed_path, channel, tmp_path):
    article = import_seed(seed_path)
    warnings = editor_warnings(staff_client, article)
    assert "Foto utama belum ada" in warnings
    assert CAPTION in warnings and "(Foto: Antara)" in warnings

    ArticlePage.objects.filter(pk=article.pk).delete()
    photo = tmp_path / "harris.jpg"
    photo.write_bytes(draw_picture("Foto Antara"))
    with_photo = import_seed(seed_path, "--image", str(photo))
    assert "Foto utama belum ada" not in editor_warnings(staff_client, with_photo)


def old_placeholder() -> WartaImage:
    """The stand-in `import_text` drew before: a labelled picture named import-placeholder."""
    return store_image(
        draw_picture(CAPTION, note="Foto asli tidak disertakan dalam teks impor"),
        title=CAPTION,
        filename="import-placeholder.jpg",
        description=CAPTION,
        credit_source="Antara",
    )


def detach(*args) -> str:
    out = StringIO()
    call_command("detach_placeholder_photos", *args, stdout=out)
    return out.getvalue()


def test_detach_placeholder_photos_fixes_stories_imported_before(client, channel):
    real = ArticlePageFactory(parent=channel, title="Berita dengan foto asli")
    story = ArticlePageFactory(
        parent=channel,
        title="Berita impor lama",
        hero_image=old_placeholder(),
        hero_caption=CAPTION,
    )
    published_at = ArticlePage.objects.get(pk=story.pk).last_published_at
    assert published_at is not None

    assert "would be detached from (dry run; add --commit) 1 stories" in detach()
    assert ArticlePage.objects.get(pk=story.pk).hero_image is not None

    assert f"{story.pk}\tBerita impor lama" in detach("--commit")
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.hero_image is None and story.live
    assert (story.hero_caption, story.hero_credit) == (CAPTION, "Antara")
    assert story.get_latest_revision_as_object().hero_image is None
    assert not story.has_unpublished_changes
    assert story.last_published_at == published_at  # no "Diperbarui" for a stand-in
    assert not WartaImage.objects.filter(file__contains="import-placeholder").exists()
    assert ArticlePage.objects.get(pk=real.pk).hero_image is not None
    assert client.get(story.url).content.decode().count('class="hero"') == 0
    assert "0 stories" in detach("--commit")


def test_detach_keeps_an_editors_unpublished_draft_unpublished(channel):
    story = ArticlePageFactory(
        parent=channel, title="Berita impor lama", hero_image=old_placeholder()
    )
    draft = story.get_latest_revision_as_object()
    draft.summary = "Draf redaktur yang belum terbit."
    draft.save_revision()

    detach("--commit")
    story = ArticlePage.objects.get(pk=story.pk)
    assert story.hero_image is None and story.hero_credit == "Antara"
    assert story.has_unpublished_changes
    latest = story.get_latest_revision_as_object()
    assert latest.hero_image is None and latest.summary == "Draf redaktur yang belum terbit."
    assert story.summary != latest.summary

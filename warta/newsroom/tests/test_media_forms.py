"""Gallery and video stories through the admin: an editor files and publishes them in the
story editor, with its gates (a gallery's first photo counts as its hero photo), the same
filing panels as an article (they derive their panels from ArticlePage's), and one photo
credit field: the upload's, the story's "credit at the source" kept out of sight."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from warta.articles.models import ArticlePage, GalleryPage, VideoPage
from warta.articles.tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    GalleryPageFactory,
    VideoPageFactory,
)
from warta.core.tests.factories import WartaImageFactory
from warta.newsroom.tests.conftest import form_from_admin, post_edit

pytestmark = pytest.mark.django_db

STORY_TYPES = ["articlepage", "gallerypage", "videopage"]
FACTORIES = {
    "articlepage": ArticlePageFactory,
    "gallerypage": GalleryPageFactory,
    "videopage": VideoPageFactory,
}


def add_url(channel, model: str) -> str:
    return reverse("wagtailadmin_pages:add", args=["articles", model, channel.pk])


def add(client, channel, model: str, **fields):
    """Post the add form as the admin renders it, filled in to pass the gates, plus `fields`."""
    url = add_url(channel, model)
    data = form_from_admin(client, url)
    editor = AuthorFactory(name="Redaktur Warta")
    data.update(
        {
            "summary": "Ringkasan singkat.",
            "dateline_place": "JAKARTA",
            "editor": str(editor.pk),
            "bylines-0-author": str(AuthorFactory(name="Rina Kusuma").pk),
            "action-publish": "action-publish",
            **fields,
        }
    )
    return client.post(url, data)


def test_an_editor_publishes_a_gallery_whose_first_photo_is_the_hero(client, editor_user, channel):
    client.force_login(editor_user)
    first, second = WartaImageFactory(), WartaImageFactory()
    response = add(
        client,
        channel,
        "gallerypage",
        title="Galeri banjir",
        slug="galeri-banjir",
        **{
            "gallery_photos-0-image": str(first.pk),
            "gallery_photos-0-caption": "Foto pertama.",
            "gallery_photos-0-ORDER": "1",
            "gallery_photos-1-image": str(second.pk),
            "gallery_photos-1-caption": "Foto kedua.",
            "gallery_photos-1-ORDER": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    gallery = GalleryPage.objects.get(slug="galeri-banjir")
    assert gallery.live and gallery.hero_image_id == first.pk
    assert [p.caption for p in gallery.gallery_photos.order_by("sort_order")] == [
        "Foto pertama.",
        "Foto kedua.",
    ]


def test_a_video_story_is_refused_without_a_youtube_or_vimeo_address(client, editor_user, channel):
    client.force_login(editor_user)
    poster = WartaImageFactory()
    refused = add(
        client,
        channel,
        "videopage",
        title="Video banjir",
        slug="video-banjir",
        hero_image=str(poster.pk),
        video_url="https://example.com/banjir.mp4",
    )
    assert refused.status_code == 200
    assert "Alamat video harus video YouTube atau Vimeo" in refused.content.decode()
    published = add(
        client,
        channel,
        "videopage",
        title="Video banjir",
        slug="video-banjir",
        hero_image=str(poster.pk),
        video_url="https://youtu.be/dQw4w9WgXcQ",
    )
    assert published.status_code == 302
    assert VideoPage.objects.get(slug="video-banjir").live


@pytest.mark.parametrize("model", STORY_TYPES)
def test_every_story_type_files_with_the_checklist_and_one_photo_credit(
    client, editor_user, channel, model
):
    client.force_login(editor_user)
    page = BeautifulSoup(client.get(add_url(channel, model)).content, "html.parser")
    assert page.select_one("[data-warta-gates]") is not None
    assert page.select_one("[data-warta-upload] #warta-upload-credit") is not None
    assert page.select("[name=hero_credit]") == []
    assert "kredit foto utama di sumber" not in page.get_text().lower()


@pytest.mark.parametrize("model", STORY_TYPES)
def test_an_imported_credit_is_kept_and_prefills_the_upload(client, editor_user, channel, model):
    client.force_login(editor_user)
    story = FACTORIES[model](parent=channel, hero_credit="ANTARA FOTO/Budi", publish=False)
    # The copy came without its photo (a gallery takes its first photo on save, a video's
    # poster is required on save: both are set aside here, as an import leaves them).
    ArticlePage.objects.filter(pk=story.pk).update(hero_image=None)
    story.refresh_from_db()
    story.save_revision(clean=False)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select("[name=hero_credit]") == []
    assert page.select_one("#warta-upload-credit")["value"] == "ANTARA FOTO/Budi"
    assert page.select_one("#warta-upload-source")["value"] == ""
    # The real photo is found and chosen: the story saves, the imported credit still in it.
    real = WartaImageFactory(credit="Budi", credit_source="Antara")
    response = post_edit(client, story, hero_image=str(real.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ArticlePage.objects.get(pk=story.pk).specific.get_latest_revision_as_object()
    assert saved.hero_image_id == real.pk
    assert saved.hero_credit == "ANTARA FOTO/Budi"

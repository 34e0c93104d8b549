"""Gallery and video stories through the admin: an editor files and publishes them in the
story editor, with its gates (a gallery's first photo counts as its hero photo)."""

import pytest
from django.urls import reverse

from warta.articles.models import GalleryPage, VideoPage
from warta.articles.tests.factories import AuthorFactory
from warta.core.tests.factories import WartaImageFactory
from warta.newsroom.tests.conftest import form_from_admin

pytestmark = pytest.mark.django_db


def add(client, channel, model: str, **fields):
    url = reverse("wagtailadmin_pages:add", args=["articles", model, channel.pk])
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

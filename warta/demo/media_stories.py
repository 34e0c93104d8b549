"""The demo's gallery and video stories: photos drawn locally (no downloads) and a YouTube
video that loads only when a reader taps its poster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import ArticleAuthor, Author, GalleryPage, GalleryPhoto, VideoPage
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.core.media.images import draw_picture, store_image

GALLERY_SLUG = "galeri-festival-layang-layang-pantai-padang-galai"
VIDEO_SLUG = "video-petani-garam-madura-menanti-kemarau"
GALLERY_PHOTOS = [
    ("Layang-layang naga sepanjang 40 meter diterbangkan tim dari Bali.", 1200, 800),
    ("Peserta cilik menyiapkan layang-layang buatan sendiri.", 800, 1067),
    ("Juri mencatat ketinggian dan kestabilan setiap layang-layang.", 1200, 800),
    ("Penonton memadati tepi pantai menjelang sore.", 1200, 675),
    ("Layang-layang berbentuk ikan pari menjadi favorit penonton.", 1200, 800),
    ("Matahari terbenam menutup hari pertama festival.", 1200, 800),
]


def ensure_media_stories(
    national: Site, reporters: list[Author], editors: list[Author], log: Callable[[str], None]
) -> None:
    channel = (
        ChannelPage.objects.descendant_of(national.root_page).filter(slug="nasional").first()
        or ChannelPage.objects.descendant_of(national.root_page).order_by("path").first()
    )
    if channel is None:
        return
    now = timezone.now()
    with transaction.atomic():
        if not GalleryPage.objects.filter(slug=GALLERY_SLUG).exists():
            create_story(
                _gallery(reporters[0], editors[0]),
                parent=channel,
                publish=True,
                first_published_at=now - timedelta(minutes=3),
            )
        if not VideoPage.objects.filter(slug=VIDEO_SLUG).exists():
            create_story(
                _video(reporters[1 % len(reporters)], editors[0]),
                parent=channel,
                publish=True,
                first_published_at=now - timedelta(minutes=5),
            )
    log("Media stories: a photo gallery and a video.")


def _gallery(reporter: Author, editor: Author) -> GalleryPage:
    page = GalleryPage(
        title="Galeri: Festival Layang-Layang di Pantai Padang Galai",
        slug=GALLERY_SLUG,
        summary="Ratusan layang-layang dari 12 provinsi memenuhi langit pantai selama dua hari.",
        dateline_place="PADANG",
        editor=editor,
        body=[
            (
                "paragraph",
                "<p>Festival tahunan ini diikuti 240 tim. Panitia menilai ukuran, kreasi "
                "bentuk dan kestabilan layang-layang di udara.</p>",
            )
        ],
    )
    for order, (caption, width, height) in enumerate(GALLERY_PHOTOS):
        image = store_image(
            draw_picture(f"Layang-layang {order + 1}", width=width, height=height),
            title=f"Festival layang-layang {order + 1}",
            filename=f"demo-galeri-{order + 1}.jpg",
            description=caption,
            credit="Dina Lestari",
            credit_source="Warta",
        )
        page.gallery_photos.add(GalleryPhoto(image=image, caption=caption, sort_order=order))
    page.bylines.add(ArticleAuthor(author=reporter, sort_order=0))
    page.tags.add("Festival", "Pariwisata")
    return page


def _video(reporter: Author, editor: Author) -> VideoPage:
    poster = store_image(
        draw_picture("Petani garam Madura", note="Video"),
        title="Poster video petani garam",
        filename="demo-video-poster.jpg",
        description="Petani garam menggaruk kristal garam di tambak",
        credit="Tim Video Warta",
        credit_source="Warta",
    )
    page = VideoPage(
        title="Video: Petani Garam Madura Menanti Kemarau Panjang",
        slug=VIDEO_SLUG,
        summary="Hujan yang datang lebih awal memangkas panen garam di Sumenep hingga separuh.",
        dateline_place="SUMENEP",
        editor=editor,
        hero_image=poster,
        hero_caption="Petani garam di Sumenep, Madura.",
        video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        duration_seconds=634,
        body=[
            (
                "paragraph",
                "<p>Petani garam di pesisir Sumenep berharap kemarau datang tepat waktu tahun "
                "depan.</p>",
            )
        ],
    )
    page.bylines.add(ArticleAuthor(author=reporter, sort_order=0))
    page.tags.add("Garam", "Madura")
    return page

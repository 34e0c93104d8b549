"""Reads for gallery and video stories: a gallery's photos with their renditions in three
queries, the head (title, canonical, sharing tags, structured data) of a story and of each
photo's own page, and the photos and videos of many stories at once for sitemaps, feeds and
the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from warta.articles import media_seo, seo
from warta.articles.media_pages import GalleryPage, GalleryPhoto, VideoPage
from warta.articles.models import ArticlePage
from warta.articles.renditions import GALLERY_LARGE, GALLERY_RENDITIONS
from warta.core.models import WartaImage, WartaRendition
from warta.core.pagecache.fragments import cached_part
from warta.core.sites.lookup import site_for_request

T = TypeVar("T")


def once(compute: Callable[[], T]) -> Callable[[], T]:
    """A value the template may ask for several times (or never) but reads once."""
    box: list[T] = []

    def value() -> T:
        if not box:
            box.append(compute())
        return box[0]

    return value


@dataclass
class GalleryItem:
    number: int
    image: WartaImage
    caption: str
    credit: str
    alt: str
    url: str  # on the host and edition the reader used
    full_url: str  # canonical: the site's own host
    image_url: str  # the largest rendition, absolute
    width: int
    height: int
    previous_url: str | None = None
    next_url: str | None = None


def gallery_photos(page: ArticlePage) -> list[GalleryPhoto]:
    """The photos in order, each image with the renditions the page uses (three queries)."""
    renditions = WartaRendition.objects.filter(filter_spec__in=GALLERY_RENDITIONS)
    return list(
        GalleryPhoto.objects.filter(page=page)
        .select_related("image")
        .prefetch_related(Prefetch("image__renditions", queryset=renditions))
        .order_by("sort_order", "pk")
    )


def gallery_items(page: GalleryPage, request: HttpRequest, base: str) -> list[GalleryItem]:
    story_url = page.get_url(request) or ""
    canonical = page.get_canonical_url(request)
    items = []
    for number, photo in enumerate(gallery_photos(page), 1):
        large = photo.image.get_rendition(GALLERY_LARGE)
        items.append(
            GalleryItem(
                number=number,
                image=photo.image,
                caption=photo.caption,
                credit=photo.credit_line,
                alt=photo.image.alt_text or photo.caption or page.title,
                url=f"{story_url}foto/{number}/",
                full_url=f"{canonical}foto/{number}/",
                image_url=seo.absolute(base, large.url),
                width=large.width,
                height=large.height,
            )
        )
    for before, after in zip(items, items[1:], strict=False):
        before.next_url, after.previous_url = after.url, before.url
    return items


def gallery_context(page: GalleryPage, request: HttpRequest, context: dict, *, focus) -> dict:
    """What a gallery page adds to a story's context; `focus` is the photo of a photo page."""
    site = site_for_request(request) or page.get_site()
    site_name = site.site_name or "Warta"
    items = once(lambda: gallery_items(page, request, site.root_url))

    def head() -> dict:
        photos = items()
        total = len(photos)
        if focus is None:
            gallery = media_seo.image_gallery(page, photos, site_name=site_name)
            return {
                "total": total,
                "json_ld": [*context["json_ld"], seo.as_json_ld(gallery)],
            }
        if not 1 <= focus <= total:
            return {"total": total}
        photo = photos[focus - 1]
        data = media_seo.focused_photo(page, photo, total=total, site_name=site_name)
        return {
            "total": total,
            "canonical_url": photo.full_url,
            "page_title": media_seo.photo_title(page.title, focus, total),
            "json_ld": [seo.as_json_ld(data), *context["json_ld"][1:]],  # and the breadcrumbs
            "sharing_tags": media_seo.photo_sharing_tags(
                context["sharing_tags"], page, photo, total=total
            ),
        }

    vary = [page.pk, site.pk, request.get_host(), request.path]
    found = cached_part("gallery-head", vary, context["fragment_keys"], head)
    if focus is not None and "canonical_url" not in found:
        raise Http404("no such photo in this gallery")
    return {
        **found,
        "gallery_photos": items,
        "photo_focus": focus,
        "story_media_template": "articles/media/gallery.html",
        "lite_media_template": "lite/articles/media/gallery.html",
    }


def video_data(page: VideoPage, base: str) -> dict:
    hosted = page.hosted
    data: dict = {"duration": page.duration_seconds}
    if hosted is not None:
        data.update(
            provider=hosted.provider_name,
            embed_url=hosted.player_url,
            play_url=hosted.embed_url,
            watch_url=hosted.watch_url,
        )
    elif page.video_file:
        data.update(content_url=seo.absolute(base, page.video_file.url), type=page.file_type)
    return data


def video_context(page: VideoPage, request: HttpRequest, context: dict) -> dict:
    site = site_for_request(request) or page.get_site()
    site_name = site.site_name or "Warta"
    video = video_data(page, site.root_url)

    def head() -> dict:
        poster = seo.hero_image_url(page, site.root_url)
        data = media_seo.video_object(page, video, poster_url=poster, site_name=site_name)
        return {"json_ld": [*context["json_ld"], seo.as_json_ld(data)]}

    vary = [page.pk, site.pk, request.get_host(), request.path]
    return {
        **cached_part("video-head", vary, context["fragment_keys"], head),
        "video": video,
        "story_media_template": "articles/media/video.html",
        "lite_media_template": "lite/articles/media/video.html",
    }


# --- many stories at once: sitemaps, feeds, the API ------------------------------------------


def gallery_image_ids(story_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each gallery's photo image ids in order, by story id (one query)."""
    found: dict[int, list[int]] = {}
    rows = (
        GalleryPhoto.objects.filter(page_id__in=list(story_ids))
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "image_id")
    )
    for page_id, image_id in rows:
        found.setdefault(page_id, []).append(image_id)
    return found


def videos_by_story(story_ids: Iterable[int], base: str) -> dict[int, dict]:
    """Each video story's player or file, duration and text, by story id (one query)."""
    found = {}
    for page in (
        VideoPage.objects.filter(pk__in=list(story_ids))
        .select_related(None)
        .only(
            "pk",
            "title",
            "summary",
            "search_description",
            "body",
            "video_url",
            "video_file",
            "duration_seconds",
            "first_published_at",
            "hero_image_id",
        )
    ):
        found[page.pk] = {
            **video_data(page, base),
            "title": page.title,
            "description": seo.description(page),
            "published": page.first_published_at,
            "poster_image_id": page.hero_image_id,
        }
    return found

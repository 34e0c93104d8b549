"""Model -> API dicts. Only public fields: no user accounts, emails or drafts."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from warta.articles.media_pages import GalleryPage, VideoPage
from warta.articles.media_queries import gallery_photos, video_data
from warta.articles.models import ArticlePage, Author
from warta.articles.renditions import GALLERY_LARGE, HERO_RENDITIONS
from warta.channels.models import ChannelPage
from warta.core.sites.lookup import all_sites, site_holding, site_settings_for
from warta.feeds.syndication import article_guid
from warta.live import seo as live_seo
from warta.live.models import LiveStoryPage

LIVE_POSTS = 50


def _absolute(site, url: str) -> str:
    return url if url.startswith("http") else (site.root_url if site else "") + url


def author_out(author: Author, site=None) -> dict:
    site = site or next((s for s in all_sites() if s.is_default_site), None)
    return {
        "name": author.name,
        "slug": author.slug,
        "url": _absolute(site, author.get_absolute_url()),
        "job_title": author.job_title,
        "bio": author.bio,
    }


def topic_out(tag) -> dict:
    site = next((s for s in all_sites() if s.is_default_site), None)
    return {"name": tag.name, "slug": tag.slug, "url": _absolute(site, f"/tag/{tag.slug}/")}


def article_out(article: ArticlePage, *, detail: bool = False) -> dict:
    site = site_holding(article.path)
    image = None
    if article.hero_image is not None:
        rendition = article.hero_image.get_rendition(HERO_RENDITIONS[-1])
        image = {
            "url": _absolute(site, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": article.hero_image.default_alt_text,
            "credit": article.hero_image.credit_line,
            "licence": article.hero_image.licence,
        }
    kind = story_kind(article)
    data = {
        "id": article.pk,
        "kind": kind,
        "guid": article_guid(article),
        "title": article.title,
        "summary": article.summary,
        "url": article.get_full_url(),
        "site": site.hostname if site else "",
        "channel": article.channel.title if article.channel else None,
        "dateline": article.dateline_place,
        "published_at": article.first_published_at,
        "updated_at": article.last_published_at,
        "authors": [author_out(b.author, site) for b in article.bylines.all()],
        "editor": article.editor.name if article.editor else None,
        "topics": [t.tag.name for t in article.tagged_items.all()],
        "image": image,
    }
    if detail:
        data["body_text"] = strip_tags(article.plain_text())
        data["corrections"] = [
            {"kind": c.kind, "text": c.text, "noted_at": c.noted_at.isoformat()}
            for c in article.corrections.order_by("noted_at")
        ]
        if kind == "gallery":
            data["gallery"] = gallery_out(article, site)
        elif kind == "video":
            video = video_data(VideoPage.objects.get(pk=article.pk), site.root_url if site else "")
            data["video"] = {
                "provider": video.get("provider"),
                "embed_url": video.get("embed_url"),
                "watch_url": video.get("watch_url"),
                "content_url": video.get("content_url"),
                "duration_seconds": video["duration"],
            }
        elif kind == "live":
            data["live"] = live_out(LiveStoryPage.objects.get(pk=article.pk), site)
    return data


def live_out(story: LiveStoryPage, site) -> dict:
    """The live story's state and its latest visible posts (newest first)."""
    canonical = story.get_full_url()
    posts = []
    for post in live_seo.latest_posts(story, LIVE_POSTS):
        post.story = story
        posts.append(
            {
                "id": post.pk,
                "posted_at": post.posted_at,
                "title": post.title,
                "text": live_seo.post_text(post),
                # Absolute share links: API readers are not on the story's page.
                "html": render_to_string(
                    "live/post.html", {"post": post, "story": story, "share_base": canonical}
                ),
                "pinned": post.pinned,
                "key_event": post.key_event,
                "corrected_at": post.corrected_at,
                "correction_note": post.correction_note,
                "author": post.author.name if post.author else None,
                "url": f"{canonical}#{post.anchor}",
            }
        )
    return {
        "status": story.live_status,
        "coverage_start": story.coverage_start,
        "coverage_end": story.coverage_end,
        "version": story.live_version,
        "updates_url": _absolute(site, reverse("live_updates", args=[story.pk])),
        "posts": posts,
    }


def story_kind(article: ArticlePage) -> str:
    """ "gallery", "video", "live" or "article", from the page's content type (cached by
    Django)."""
    model = ContentType.objects.get_for_id(article.content_type_id).model_class()
    if model is not None and issubclass(model, LiveStoryPage):
        return "live"
    if model is not None and issubclass(model, GalleryPage):
        return "gallery"
    if model is not None and issubclass(model, VideoPage):
        return "video"
    return "article"


def gallery_out(article: ArticlePage, site) -> list[dict]:
    story_url = article.get_full_url()
    photos = []
    for number, photo in enumerate(gallery_photos(article), 1):
        rendition = photo.image.get_rendition(GALLERY_LARGE)
        photos.append(
            {
                "position": number,
                "url": f"{story_url}foto/{number}/",
                "image": {
                    "url": _absolute(site, rendition.url),
                    "width": rendition.width,
                    "height": rendition.height,
                    "alt": photo.image.default_alt_text,
                    "credit": photo.credit_line,
                    "licence": photo.image.licence,
                },
                "caption": photo.caption,
            }
        )
    return photos


def channel_parents(channels) -> dict[str, int]:
    """path -> pk of every parent channel of `channels`, in one query."""
    paths = {c.path[: -c.steplen] for c in channels}
    return dict(ChannelPage.objects.filter(path__in=paths).values_list("path", "pk"))


def channel_out(channel, parents: dict[str, int]) -> dict:
    site = site_holding(channel.path)
    parent = parents.get(channel.path[: -channel.steplen])
    return {
        "id": channel.pk,
        "title": channel.title,
        "slug": channel.slug,
        "url": channel.get_full_url(),
        "site": site.hostname if site else "",
        "parent_id": parent,
    }


def site_out(site) -> dict:
    return {
        "id": site.pk,
        "name": site.site_name,
        "hostname": site.hostname,
        "url": site.root_url + "/",
        "time_zone": site_settings_for(site).time_zone,
        "is_national": site.is_default_site,
    }

"""Sitemaps per site: an index, paged article sitemaps with image entries, a sections sitemap
and a Google News sitemap (last 2 days, at most 1,000 stories), plus robots.txt."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db.models import Count, Max, TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Page, Site

from warta.articles.media_queries import gallery_image_ids, videos_by_story
from warta.articles.models import Author
from warta.articles.queries import live_articles, without_suspended
from warta.articles.renditions import GALLERY_LARGE, HERO_RENDITIONS
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage, WartaRendition
from warta.core.pagecache import declare_lists, keys
from warta.core.pagecache.fragments import cached_part
from warta.core.sites.lookup import site_for_request
from warta.core.sites.pages import story_content_type_ids

# Article sitemaps are pages of story ids, not of positions: page N lists the site's live
# stories whose id falls in the Nth block. A page is then one index range at any size (no
# OFFSET over a million rows), a story never changes pages, and publishing a story makes only
# its own page stale (`block_key`), not every page of the site.
STORY_IDS_PER_SITEMAP = 10_000  # so at most 10,000 URLs a page; the protocol allows 50,000
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"
MULTIPAGE = re.compile(r'"type":\s*"page_break"')  # a body block, never an escaped quote
BLOCK_SUMMARY_TTL = 24 * 3600  # exact by its key; kept until a story in the block changes


def block_of(story_id: int) -> int:
    """The block of story ids (article sitemap page number - 1) a story is listed in."""
    return story_id // STORY_IDS_PER_SITEMAP


def block_key(site_id: int, block: int) -> str:
    """The surrogate key of one article sitemap page of a site."""
    return keys.sitemap(site_id, block)


def _site(request: HttpRequest) -> Site:
    site = site_for_request(request)
    if site is None:
        raise Http404("no site")
    return site


def _site_articles(site: Site):
    return live_articles().prefetch_related(None).filter(path__startswith=site.root_page.path)


def _in_block(site: Site, block: int):
    first = block * STORY_IDS_PER_SITEMAP
    return _site_articles(site).filter(pk__gte=first, pk__lt=first + STORY_IDS_PER_SITEMAP)


def _block_summary(site: Site, block: int) -> tuple[int, datetime | None]:
    """(live stories, newest change) of one block, kept until a story in it changes."""

    def compute():
        # From the page table alone: joined to the article table, PostgreSQL scanned every
        # page of the site to count one block (0.2 s a block at a million stories).
        first = block * STORY_IDS_PER_SITEMAP
        pages = without_suspended(
            Page.objects.filter(
                pk__gte=first,
                pk__lt=first + STORY_IDS_PER_SITEMAP,
                live=True,
                path__startswith=site.root_page.path,
                content_type_id__in=story_content_type_ids(),
            )
        )
        found = pages.aggregate(n=Count("pk"), last=Max("last_published_at"))
        return found["n"], found["last"]

    key = block_key(site.pk, block)
    return cached_part("sitemap-block", [site.pk, block], [key], compute, ttl=BLOCK_SUMMARY_TTL)


def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    highest = _site_articles(site).order_by("-pk").values_list("pk", flat=True).first()
    blocks = range(highest // STORY_IDS_PER_SITEMAP + 1) if highest is not None else range(0)
    pages = []
    for block in blocks:
        count, lastmod = _block_summary(site, block)
        if count:
            pages.append((block + 1, lastmod))
    newest = max((lastmod for _, lastmod in pages if lastmod), default=None)
    entries = [{"loc": f"{site.root_url}/sitemap-sections.xml", "lastmod": newest}]
    entries += [
        {"loc": f"{site.root_url}/sitemap-articles-{number}.xml", "lastmod": lastmod}
        for number, lastmod in pages
    ]
    entries.append({"loc": f"{site.root_url}/sitemap-news.xml", "lastmod": newest})
    return render(request, "feeds/sitemap_index.xml", {"entries": entries}, content_type=XML)


def articles_sitemap(request: HttpRequest, number: int) -> HttpResponse:
    site = _site(request)
    if number < 1:
        raise Http404("sitemap pages start at 1")
    block = number - 1
    # Only a change to a story of this block (or to the site) makes this page stale.
    declare_lists(request, block_key(site.pk, block))
    rows = list(
        _in_block(site, block)
        .select_related(None)
        .order_by("pk")
        .annotate(raw_body=Cast("body", TextField()))
        .values_list("pk", "url_path", "last_published_at", "hero_image_id", "raw_body")
    )
    if not rows:
        raise Http404("no such sitemap page")
    ids = [row[0] for row in rows]
    galleries = gallery_image_ids(ids)  # gallery and video stories: one query each
    videos = videos_by_story(ids, site.root_url)
    wanted = {image for row in rows if (image := row[3])}
    wanted |= {image for photos in galleries.values() for image in photos}
    wanted |= {v["poster_image_id"] for v in videos.values() if v["poster_image_id"]}
    hero_urls = _hero_image_urls(wanted, site)
    photo_urls = _gallery_image_urls({i for photos in galleries.values() for i in photos}, site)
    urls = []
    for pk, url_path, lastmod, image, raw in rows:
        if pk in galleries:
            found = [photo_urls.get(i) or hero_urls.get(i) for i in galleries[pk]]
            images = [{"loc": url} for url in found if url]
        else:
            images = [{"loc": hero_urls[image]}] if image in hero_urls else []
        urls.append(
            {
                "loc": _canonical_url(site, url_path, raw),
                "lastmod": lastmod,
                "images": images,
                "video": _video_entry(videos[pk], hero_urls) if pk in videos else None,
            }
        )
    return render(request, "feeds/sitemap.xml", {"urls": urls}, content_type=XML)


def _video_entry(video: dict, poster_urls: dict[int, str]) -> dict | None:
    """A <video:video> entry: thumbnail, title, description and a player or file are
    required; a video without a poster is left out rather than listed invalid."""
    thumbnail = poster_urls.get(video["poster_image_id"])
    location = video.get("embed_url") or video.get("content_url")
    if not thumbnail or not location:
        return None
    duration = video["duration"]
    return {
        "thumbnail_loc": thumbnail,
        "title": video["title"][:100],
        "description": (video["description"] or video["title"])[:2048],
        "content_loc": video.get("content_url"),
        "player_loc": video.get("embed_url"),
        "duration": duration if duration and 0 < duration <= 28800 else None,
        "publication_date": video["published"],
    }


def _gallery_image_urls(image_ids: set[int], site: Site) -> dict[int, str]:
    """The largest gallery rendition of each photo (made when the gallery was published)."""
    found = {}
    for rendition in WartaRendition.objects.filter(
        image_id__in=image_ids, filter_spec=GALLERY_LARGE
    ).order_by("pk"):
        found[rendition.image_id] = rendition.url
    return {pk: url if url.startswith("http") else site.root_url + url for pk, url in found.items()}


def _canonical_url(site: Site, url_path: str, raw_body: str | None) -> str:
    """ArticlePage.get_canonical_url from two columns, for thousands of stories at once: the
    site's own address, and the whole-story address of a story in parts."""
    address = site.root_url + url_path[len(site.root_page.url_path) - 1 :]
    return address + "all/" if MULTIPAGE.search(raw_body or "") else address


def _hero_image_urls(image_ids: set[int], site: Site) -> dict[int, str]:
    """The largest hero rendition of each image (made when the story was published), or the
    original file where it is missing; two queries for a whole sitemap page."""
    spec = HERO_RENDITIONS[-1]
    found = {}
    for rendition in WartaRendition.objects.filter(
        image_id__in=image_ids, filter_spec=spec
    ).order_by("pk"):
        found[rendition.image_id] = rendition.url  # the newest wins (focal point changes)
    storage = WartaImage._meta.get_field("file").storage
    missing = WartaImage.objects.filter(pk__in=image_ids - found.keys()).values_list("pk", "file")
    found.update((pk, storage.url(name)) for pk, name in missing)
    return {pk: url if url.startswith("http") else site.root_url + url for pk, url in found.items()}


def sections_sitemap(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    urls = [{"loc": site.root_url + "/", "lastmod": None}]
    for channel in ChannelPage.objects.live().descendant_of(site.root_page).order_by("path"):
        urls.append({"loc": channel.get_full_url(request), "lastmod": channel.last_published_at})
    author_ids = _site_articles(site).values("bylines__author")
    for author in Author.objects.filter(pk__in=author_ids).order_by("slug"):
        urls.append({"loc": site.root_url + author.get_absolute_url(), "lastmod": None})
    return render(request, "feeds/sitemap.xml", {"urls": urls}, content_type=XML)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: stories first published in the last two days, newest first, at most 1,000."""
    site = _site(request)
    since = timezone.now() - NEWS_WINDOW
    rows = (
        _site_articles(site)
        .select_related(None)
        .filter(first_published_at__gte=since)
        .annotate(raw_body=Cast("body", TextField()))
        .values_list("url_path", "first_published_at", "title", "raw_body")[:NEWS_LIMIT]
    )
    urls = [
        {
            "loc": _canonical_url(site, url_path, raw),
            "published": published,
            "title": title,
            "keywords": "",
        }
        for url_path, published, title, raw in rows
    ]
    return render(
        request,
        "feeds/sitemap_news.xml",
        {"urls": urls, "publication": site.site_name},
        content_type=XML,
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /akun/",
        "Disallow: /cari/",
        "Disallow: /documents/",
        "",
        f"Sitemap: {site.root_url}/sitemap.xml",
        f"Sitemap: {site.root_url}/sitemap-news.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")

"""Structured data of a live story: schema.org `LiveBlogPosting` with its latest posts as
`liveBlogUpdate` entries (`BlogPosting`, each at its own fragment address), built as plain data
like `articles.seo` (whose NewsArticle it extends: same headline, authors, publisher, image).

A post's plain text and headline are also what feeds and the API show (`post_text`,
`post_headline`)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator

from warta.articles import seo
from warta.articles.queries import article_facts, updated_at
from warta.core.sites.lookup import site_for_request
from warta.live.models import LivePost, LiveStoryPage

# How many posts the structured data carries: the latest, as Google reads a live blog's
# newest updates; older ones stay on the page.
JSON_LD_POSTS = 50
# Words of a post's text that stand for its headline when it has no title.
HEADLINE_WORDS = 12
POST_IMAGE_RENDITION = "width-800"  # the largest the post's photo is shown at (blocks/image.html)


def post_text(post: LivePost) -> str:
    """The post as plain text: paragraphs, quotes (with the speaker), photo captions."""
    parts: list[str] = []
    for block in post.body:
        if block.block_type == "paragraph":
            parts.append(html.unescape(strip_tags(block.value.source)).strip())
        elif block.block_type == "quote":
            speaker = block.value.get("speaker")
            text = f"“{block.value['text'].strip()}”"
            parts.append(f"{text} ({speaker})" if speaker else text)
        elif block.block_type in ("image", "video") and block.value.get("caption"):
            parts.append(block.value["caption"].strip())
    return "\n\n".join(p for p in parts if p)


def post_headline(post: LivePost, text: str | None = None) -> str:
    """The post's title, or the first words of its text (Google: at most 110 characters)."""
    if post.title:
        return post.title[:110]
    words = Truncator(" ".join((text if text is not None else post_text(post)).split()))
    return words.words(HEADLINE_WORDS, truncate="…")[:110] or post.story.title[:110]


def post_photo(post: LivePost):
    """The post's first photo (a WartaImage) or None."""
    for block in post.body:
        if block.block_type == "image" and block.value.get("image") is not None:
            return block.value["image"]
    return None


def post_changed_at(post: LivePost) -> datetime:
    return post.corrected_at or post.posted_at


def blog_posting(post: LivePost, *, canonical: str, base: str) -> dict:
    text = post_text(post)
    url = f"{canonical}#{post.anchor}"
    # The post's byline, else the name of whoever sent it; never the story's byline, who may
    # not have written it.
    authors = [seo.person(post.author, base)] if post.author_id else []
    sender = post.posted_by.get_full_name().strip() if post.posted_by_id else ""
    if not authors and sender:
        authors = [{"@type": "Person", "name": sender}]
    data: dict = {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": post_headline(post, text),
        "articleBody": text or post_headline(post, text),
        "datePublished": post.posted_at.isoformat(),
        "author": authors or None,
    }
    if post.corrected_at:
        data["dateModified"] = post.corrected_at.isoformat()
    photo = post_photo(post)
    if photo is not None:
        image = seo.absolute(base, photo.get_rendition(POST_IMAGE_RENDITION).url)
        data["image"] = seo.licensed_image(photo, image)
    return {k: v for k, v in data.items() if v is not None}


def live_blog_posting(
    story: LiveStoryPage,
    posts: Iterable[LivePost],
    *,
    request: HttpRequest | None,
    base: str,
    site_name: str,
    authors: list,
    tags: list,
    corrections: list,
) -> dict:
    """The story's NewsArticle fields, typed LiveBlogPosting, with its coverage window and its
    posts (newest first) as liveBlogUpdate."""
    posts = list(posts)
    story_updated = updated_at(story, has_corrections=bool(corrections))
    # The last post's time (or correction) is the story's modification: a new post updates it.
    moments = [post_changed_at(p) for p in posts] + ([story_updated] if story_updated else [])
    data = seo.news_article(
        story,
        request=request,
        base=base,
        authors=authors,
        tags=tags,
        corrections=corrections,
        site_name=site_name,
        updated_at=max(moments) if moments else None,
    )
    canonical = story.get_canonical_url(request)
    data["@type"] = "LiveBlogPosting"
    data["@id"] = f"{canonical}#live"
    data["url"] = canonical
    start = story.coverage_start or story.first_published_at
    if start:
        data["coverageStartTime"] = start.isoformat()
    if story.coverage_end:
        data["coverageEndTime"] = story.coverage_end.isoformat()
    data["liveBlogUpdate"] = [blog_posting(p, canonical=canonical, base=base) for p in posts]
    if "image" not in data:  # no hero photo: the latest post's photo stands for the story
        photo = next((u["image"] for u in data["liveBlogUpdate"] if "image" in u), None)
        if photo is not None:
            data["image"] = [photo]
    return data


def latest_posts(
    story: LiveStoryPage, limit: int = JSON_LD_POSTS, *, pinned_only: bool = False
) -> list[LivePost]:
    """The latest visible (or pinned) posts, newest first, with their authors (one query)."""
    posts = story.live_posts.filter(state=LivePost.State.PUBLISHED)
    if pinned_only:
        posts = posts.filter(pinned=True)
    return list(posts.select_related("author", "posted_by").order_by("-posted_at", "-pk")[:limit])


def live_structured_data(story: LiveStoryPage, request: HttpRequest | None) -> dict:
    """The LiveBlogPosting of the story as the site the reader is on names it."""
    site = (site_for_request(request) if request is not None else None) or story.get_site()
    tags, corrections, authors = article_facts(story)
    posts = latest_posts(story)
    for post in posts:
        post.story = story  # the headline's fallback, without a query
    return live_blog_posting(
        story,
        posts,
        request=request,
        base=site.root_url,
        site_name=site.site_name or "Warta",
        authors=authors,
        tags=tags,
        corrections=corrections,
    )

"""Template tags for what surrounds a live story: its structured data in the page's head, and
the "LIVE" / "Akan datang" badge on any card that lists it."""

from __future__ import annotations

import json

from django import template
from django.utils.safestring import SafeString, mark_safe

from warta.articles.seo import as_json_ld
from warta.core.pagecache import depends_on, keys
from warta.live import seo, syndication

register = template.Library()


@register.simple_tag(takes_context=True)
def live_structured_data(context) -> SafeString:
    """Every JSON-LD script of a live story's page: its LiveBlogPosting (in place of the
    story's NewsArticle) and the rest of the page's `json_ld` (the breadcrumbs). The page is
    purged by every post (`live:<id>`), so the latest posts are always the ones listed."""
    page = context["page"]
    depends_on(keys.live(page.pk))
    data = seo.live_structured_data(page, context.get("request"))
    others = [d for d in context.get("json_ld", []) if json.loads(d).get("@type") != "NewsArticle"]
    scripts = [as_json_ld(data), *others]
    html = "".join(f'<script type="application/ld+json">{s}</script>' for s in scripts)
    return mark_safe(html)  # noqa: S308 - as_json_ld escapes <, > and & inside the scripts


@register.simple_tag(takes_context=True)
def live_card_status(context, story) -> str:
    """ "live", "upcoming" or "" for a card's story (no query per card)."""
    return syndication.card_status(story, context.get("request"))


LITE_POSTS = 20
LITE_PINNED = 5


@register.simple_tag
def live_lite_posts(story) -> dict:
    """The lite page's posts: pinned ones, then the latest (two queries; the page is purged
    by every post)."""
    depends_on(keys.live(story.pk))
    pinned = seo.latest_posts(story, LITE_PINNED, pinned_only=True)
    return {"pinned": pinned, "posts": seo.latest_posts(story, LITE_POSTS)}

"""A live story in the feeds: its entry carries the summary and the latest posts with their
times, and its updated time is the last post's.

Purging: feeds carry `stories:<site>` (any story change on the site), not `live:<id>`, which
every post purges (a post every 5 s would render every feed listing the story again every 5 s,
in three formats, on every site it circulates to). A feed listing a live story carries
`live-feed:<id>` as well, purged by `warta.feeds.receivers` at most once per
`FEED_PURGE_SECONDS` while posts keep coming, and at once for what a subscriber should not wait
for: a key event, a pinned post, the status or the polling controls. So a feed lags a routine
post by up to a minute; after the last post of a burst, by up to the page cache's entry life
(10 minutes), which is shorter than any feed reader's polling interval."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest
from django.utils.html import escape, linebreaks

from warta.core.indonesia import dates
from warta.core.pagecache import add_cache_keys
from warta.live import seo, syndication
from warta.live.models import LivePost, LiveStoryPage

FEED_POSTS = 10
FEED_PURGE_SECONDS = 60


def feed_key(story_pk: int) -> str:
    return f"live-feed:{story_pk}"


@dataclass
class LiveEntry:
    story: LiveStoryPage
    posts: list[LivePost] = field(default_factory=list)

    @property
    def updated(self) -> datetime | None:
        moments = [seo.post_changed_at(p) for p in self.posts]
        return max(moments) if moments else None


def live_entries(request: HttpRequest | None, items: Iterable) -> dict[int, LiveEntry]:
    """The live stories among a feed's items with their latest posts (two queries for the
    lot, none when the feed lists no live story); the response carries their feed keys."""
    ids = [item.pk for item in items if syndication.is_live_story(item)]
    if not ids:
        return {}
    if request is not None:
        add_cache_keys(request, *(feed_key(pk) for pk in ids))
    stories = syndication.live_stories(ids)
    posts = syndication.latest_posts_of(ids, FEED_POSTS)
    return {pk: LiveEntry(story, posts.get(pk, [])) for pk, story in stories.items()}


def _clock(moment: datetime, zone: str) -> str:
    return f"{dates.localise(moment, zone):%H:%M} {dates.tz_abbreviation(zone)}"


def content_html(summary: str, entry: LiveEntry, zone: str) -> str:
    parts = [f"<p>{escape(summary)}</p>"] if summary else []
    status = entry.story.get_live_status_display()
    parts.append(f"<p><strong>{escape(status)}</strong></p>")
    if entry.posts:
        items = []
        for post in entry.posts:
            text = seo.post_text(post)
            title = f"<strong>{escape(post.title)}</strong> " if post.title else ""
            items.append(
                f'<li><time datetime="{post.posted_at.isoformat()}">'
                f"{_clock(post.posted_at, zone)}</time> {title}"
                f"{linebreaks(text, autoescape=True)}</li>"
            )
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def content_text(summary: str, entry: LiveEntry, zone: str) -> str:
    lines = [summary] if summary else []
    for post in entry.posts:
        heading = f"{_clock(post.posted_at, zone)} {post.title}".strip()
        lines.append(f"{heading}\n{seo.post_text(post)}".strip())
    return "\n\n".join(lines)

"""Reads of a live story: its posts in reading order, and the updates answer every reader polls.

The updates answer is a function of the story's state only (its `live_version`), never of the
reader: every reader of a story polls the same address, `/live/<id>/updates/`, and the page
cache, nginx or a CDN answer all but the first after each change (`live:<id>` is purged by
every write, `warta.live.services`). A reader who holds version v applies the posts whose
version is above v; one who fell further behind than the answer reaches (`covers_from`)
reloads the list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string

from warta.live.models import LivePost, LiveStoryPage

# How many of the latest changes one answer carries: a reader polling every 10 s falls behind
# this far only after about 30 changes between two polls.
UPDATES_WINDOW = 30
FIRST_PAGE = 20


def visible_posts(story: LiveStoryPage) -> QuerySet[LivePost]:
    return story.live_posts.filter(state=LivePost.State.PUBLISHED).select_related("author")


def updates_payload(story: LiveStoryPage, request: HttpRequest | None = None) -> dict[str, Any]:
    """The live story's state as JSON: version, status, poll interval (0: stop polling) and the
    latest changes (new, corrected, re-flagged and deleted posts) with their rendered HTML."""
    changed = list(
        story.live_posts.filter(version__gt=0)
        .exclude(state=LivePost.State.PENDING)
        .select_related("author")
        .order_by("-version")[:UPDATES_WINDOW]
    )
    covers_from = changed[-1].version - 1 if len(changed) == UPDATES_WINDOW else 0
    share_base = story.get_full_url(request)  # each post's own address (reader.py)
    posts = [_post_entry(story, post, request, share_base) for post in reversed(changed)]
    return {
        "story": story.pk,
        "version": story.live_version,
        "status": story.live_status,
        "poll": story.poll_seconds if story.polls else 0,
        "covers_from": covers_from,
        "posts": posts,
    }


def _post_entry(
    story: LiveStoryPage, post: LivePost, request: HttpRequest | None, share_base: str = ""
) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": post.pk, "version": post.version}
    if post.is_visible:
        entry.update(
            {
                "posted_at": post.posted_at.isoformat(),
                "pinned": post.pinned,
                "key_event": post.key_event,
                "html": render_to_string(
                    "live/post.html",
                    {"post": post, "story": story, "share_base": share_base},
                    request=request,
                ),
            }
        )
    else:
        entry["deleted"] = True
    return entry


def naive_payload(
    story: LiveStoryPage, since: datetime, request: HttpRequest | None = None
) -> dict[str, Any]:
    """The benchmark's naive comparison (warta.live.views.naive): the visible posts timed
    after the reader's own `since`, newest first, as Liveblog-style clients ask for them."""
    posts = visible_posts(story).filter(posted_at__gt=since).order_by("-posted_at")
    return {
        "story": story.pk,
        "status": story.live_status,
        "poll": story.poll_seconds if story.polls else 0,
        "posts": [_post_entry(story, post, request) for post in posts[:UPDATES_WINDOW]],
    }

"""What the rest of the network sees of live stories: which cards are live stories and their
status (for the "LIVE" badge, with no query per card), and the latest posts of many stories at
once (feeds, the API), each story's posts in one query for the lot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from warta.live.models import LivePost, LiveStatus, LiveStoryPage

# A story row's attribute where a request keeps the statuses it read (one query per request).
_REQUEST_MEMO = "_warta_live_statuses"


def live_content_type_id() -> int:
    """LiveStoryPage's content type (Django keeps it in memory after the first read)."""
    return ContentType.objects.get_for_model(LiveStoryPage).pk


def is_live_story(story: Any) -> bool:
    """Whether a story row (an ArticlePage from any list) is a live story, from its content
    type alone: no query."""
    content_type_id = getattr(story, "content_type_id", None)
    return content_type_id is not None and content_type_id == live_content_type_id()


def open_statuses() -> dict[int, str]:
    """Status of every live story not finished (there are a handful at a time): one query."""
    rows = (
        LiveStoryPage.objects.exclude(live_status=LiveStatus.FINISHED)
        .order_by()
        .values_list("pk", "live_status")
    )
    return dict(rows)


def card_status(story: Any, request: Any = None) -> str:
    """ "live", "upcoming" or "" (finished, or not a live story) for a card. A live story's
    status is read once per request for every card on the page."""
    if not is_live_story(story):
        return ""
    status = getattr(story, "live_status", None)  # the row is a LiveStoryPage already
    if status is None:
        statuses = getattr(request, _REQUEST_MEMO, None) if request is not None else None
        if statuses is None:
            statuses = open_statuses()
            if request is not None:
                setattr(request, _REQUEST_MEMO, statuses)
        status = statuses.get(story.pk, LiveStatus.FINISHED)
    return "" if status == LiveStatus.FINISHED else str(status)


def live_stories(ids: Iterable[int]) -> dict[int, LiveStoryPage]:
    """The live-story rows of these stories (the others are not live stories): one query."""
    ids = list(ids)
    if not ids:
        return {}
    return {s.pk: s for s in LiveStoryPage.objects.filter(pk__in=ids).order_by()}


def latest_posts_of(story_ids: Iterable[int], limit: int) -> dict[int, list[LivePost]]:
    """The latest `limit` visible posts of each story, newest first, with their authors: one
    query for every story (a row number per story)."""
    ids = list(story_ids)
    if not ids:
        return {}
    ranked = (
        LivePost.objects.filter(story_id__in=ids, state=LivePost.State.PUBLISHED)
        .select_related("author")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("story_id")],
                order_by=[F("posted_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("story_id", "-posted_at", "-pk")
    )
    found: dict[int, list[LivePost]] = {pk: [] for pk in ids}
    for post in ranked:
        found[post.story_id].append(post)
    return found

"""Readers' live endpoints: the one updates address per live story (cached, purged by
`live:<id>` on every change)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse

from warta.core.pagecache import declare_lists, keys
from warta.live.models import LiveStoryPage
from warta.live.queries import updates_payload


def updates(request: HttpRequest, story_id: int) -> JsonResponse:
    story = LiveStoryPage.objects.live().public().filter(pk=story_id).first()
    if story is None:
        raise Http404
    # Only this story's posts: no other story's change makes it stale.
    declare_lists(request, keys.live(story.pk), keys.article(story.pk))
    return JsonResponse(updates_payload(story, request))

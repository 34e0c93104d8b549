"""Readers' live endpoints: the one updates address per live story (cached, purged by
`live:<id>` on every change), and the naive per-reader endpoint the live benchmark compares
it with (bench/live.py; off unless WARTA_LIVE_NAIVE_ENDPOINT is set)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBadRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from warta.core.pagecache import declare_lists, keys, own_cache_control
from warta.live.models import MAX_PAGE_ID, LiveStoryPage
from warta.live.queries import naive_payload, updates_payload


def updates_cache_control(poll: int) -> str | None:
    """Browsers and CDNs revalidate the answer at about half the poll interval, so a poll
    never gets a copy older than the last change; nginx and the page cache keep it until a
    post purges `live:<id>` (exact), s-maxage only bounds a purge that never arrives. No
    stale-while-revalidate: a browser would hand the poll the old answer and fetch the new
    one for nobody. A story that no longer polls gets the standard headers (None)."""
    if poll <= 0:
        return None
    seconds = max(1, poll // 2)
    return f"public, max-age={seconds}, s-maxage={seconds}"


def _live_story(story_id: int) -> LiveStoryPage:
    if not 0 < story_id <= MAX_PAGE_ID:  # a number no page key holds is not found, not a 500
        raise Http404
    story = LiveStoryPage.objects.live().public().filter(pk=story_id).first()
    if story is None:
        raise Http404
    return story


def updates(request: HttpRequest, story_id: int) -> JsonResponse:
    story = _live_story(story_id)
    # Only this story's posts: no other story's change makes it stale.
    declare_lists(request, keys.live(story.pk), keys.article(story.pk))
    payload = updates_payload(story, request)
    response = JsonResponse(payload)
    control = updates_cache_control(payload["poll"])
    if control is not None:
        own_cache_control(request, response, control)
    return response


def naive(request: HttpRequest, story_id: int) -> JsonResponse | HttpResponseBadRequest:
    """Posts newer than the reader's own timestamp, as Liveblog-style clients poll: every
    reader's address differs, so nothing can cache it and every poll renders. For the
    benchmark only: a denial-of-service door anywhere else."""
    if not settings.WARTA_LIVE_NAIVE_ENDPOINT:
        raise Http404
    story = _live_story(story_id)
    since: datetime | None = parse_datetime(request.GET.get("since", ""))
    if since is None:
        return HttpResponseBadRequest("since=<ISO 8601 time>")
    if timezone.is_naive(since):
        since = timezone.make_aware(since, UTC)
    response = JsonResponse(naive_payload(story, since, request))
    response["Cache-Control"] = "no-store"
    return response

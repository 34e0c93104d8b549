"""Reads for the reader's live page: pinned posts, the "Momen penting" timeline, the latest
posts and the older ones by cursor ("Muat lebih banyak"), and one post's own address (its
title, canonical URL and sharing tags).

The page shows the story's posts inside its kept main part, which carries `live:<id>` (purged
by every post change, warta.live.services) besides the story's own keys: a new post makes the
cached page stale at once, and between posts every reader gets the cached page. Every list
is computed only when the template asks for it (a warm page reads none of them)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from warta.core.pagecache import declare_lists, keys
from warta.core.pagecache.fragments import cached_part
from warta.core.sites import editions
from warta.live.models import LivePost, LiveStoryPage
from warta.live.queries import FIRST_PAGE, visible_posts

KEY_EVENTS_SHOWN = 30
DESCRIPTION_CHARS = 200


@dataclass
class KeyEvent:
    post: LivePost
    href: str  # its anchor when the post is on this page, else its own address


def older_than(posts: QuerySet[LivePost], cursor: LivePost) -> QuerySet[LivePost]:
    """The posts after `cursor` in reading order (newest first: -posted_at, -pk)."""
    return posts.filter(
        Q(posted_at__lt=cursor.posted_at) | Q(posted_at=cursor.posted_at, pk__lt=cursor.pk)
    )


class LiveListing:
    """The posts one view of the page shows. `focus`: a post's own address (that post first);
    `before`: an older page (the posts after that post, no pinned posts or timeline)."""

    def __init__(
        self,
        story: LiveStoryPage,
        *,
        story_url: str,
        focus: LivePost | None = None,
        before: LivePost | None = None,
    ) -> None:
        self.story, self.story_url, self.focus, self.before = story, story_url, focus, before

    def _shown_elsewhere(self) -> set[int]:
        return {self.focus.pk} if self.focus else set()

    @cached_property
    def pinned(self) -> list[LivePost]:
        if self.before is not None:
            return []
        found = visible_posts(self.story).filter(pinned=True)
        return [p for p in found if p.pk not in self._shown_elsewhere()]

    @cached_property
    def _page(self) -> list[LivePost]:
        posts = visible_posts(self.story)
        if self.before is not None:
            posts = older_than(posts, self.before)
        else:
            posts = posts.filter(pinned=False)
        if self.focus is not None:
            posts = posts.exclude(pk=self.focus.pk)
        return list(posts[: FIRST_PAGE + 1])

    @cached_property
    def posts(self) -> list[LivePost]:
        return self._page[:FIRST_PAGE]

    @cached_property
    def more_url(self) -> str | None:
        """The older posts' page, when there are any (a path: cached like the story)."""
        if len(self._page) <= FIRST_PAGE:
            return None
        return f"{self.story_url}pembaruan/{self.posts[-1].pk}/"

    @cached_property
    def key_events(self) -> list[KeyEvent]:
        if self.before is not None:
            return []
        on_page = {p.pk for p in [*self.pinned, *self.posts]} | self._shown_elsewhere()
        found = visible_posts(self.story).filter(key_event=True)[:KEY_EVENTS_SHOWN]
        return [
            KeyEvent(p, f"#{p.anchor}" if p.pk in on_page else f"{self.story_url}{p.share_path}")
            for p in found
        ]


def _post_in(story: LiveStoryPage, post_id: int | None) -> LivePost | None:
    if post_id is None:
        return None
    post = visible_posts(story).filter(pk=post_id).first()
    if post is None:
        raise Http404("no such post in this live story")
    return post


def post_title(post: LivePost, story: LiveStoryPage) -> str:
    return _("%(post)s | %(story)s") % {"post": post.headline, "story": story.title}


def post_sharing_tags(tags: list, post: LivePost, story: LiveStoryPage, url: str) -> list:
    """The story's sharing tags with the post's title, text and address."""
    title = post.headline
    text = Truncator(post.plain_text()).chars(DESCRIPTION_CHARS) or story.title
    replaced = {
        "og:title": title,
        "twitter:title": title,
        "og:url": url,
        "og:description": text,
        "twitter:description": text,
    }
    return [(a, n, replaced.get(n, c)) for a, n, c in tags]


LIVE_STATE = ("live_version", "live_status", "poll_seconds", "coverage_start", "coverage_end")


def refresh_live_state(story: LiveStoryPage) -> None:
    """The story's live fields as they are now. The routed page object is kept until the story
    itself changes (warta.core.sites.routing); a post or the desk's controls change these
    alone (`live:<id>`). Read before the posts: the version a page embeds is never ahead of
    the posts it shows (a post in between is sent again and replaced in place)."""
    state = LiveStoryPage.objects.filter(pk=story.pk).values(*LIVE_STATE).first()
    for name, value in (state or {}).items():
        setattr(story, name, value)


def live_page_context(
    story: LiveStoryPage,
    request: HttpRequest,
    context: dict,
    *,
    focus: int | None = None,
    before: int | None = None,
) -> dict:
    """What a live story's page adds to a story's context (warta.articles.queries)."""
    live_key = keys.live(story.pk)
    declare_lists(request, live_key)
    refresh_live_state(story)
    fragment_keys = [*context["fragment_keys"], live_key]
    story_path = story.get_url(request) or ""
    share_base = context["canonical_url"]  # the story's own host: what a share carries
    extra: dict = {}
    if focus is not None or before is not None:
        vary = [story.pk, request.get_host(), request.path]

        def head() -> dict:
            if before is not None:
                cursor = story.live_posts.filter(pk=before).first()
                return {"found": cursor is not None, "page_title": _("Pembaruan sebelumnya")}
            post = _post_in(story, focus)
            assert post is not None
            url = f"{share_base}{post.share_path}"
            return {
                "found": True,
                "page_title": post_title(post, story),
                "canonical_url": url,
                "description": Truncator(post.plain_text()).chars(DESCRIPTION_CHARS),
                "sharing_tags": post_sharing_tags(context["sharing_tags"], post, story, url),
            }

        # Keeps the 404 too (found: False), so a missing post is not looked up every time.
        # A copy: the kept value may be this process's own object (localcache).
        extra = dict(cached_part("live-head", vary, fragment_keys, lambda: _safe(head)))
        if not extra.pop("found"):
            raise Http404("no such post in this live story")
        if before is not None:
            extra["page_title"] = f"{extra['page_title']}: {story.title}"

    def listing() -> LiveListing:
        cursor = story.live_posts.filter(pk=before).first() if before is not None else None
        return LiveListing(story, story_url=story_path, focus=_post_in(story, focus), before=cursor)

    return {
        **extra,
        "live": listing,
        "live_view": "post" if focus else "older" if before else "latest",
        # Under /r/<slug> and /en as the page is (the answer's words follow the edition).
        "live_updates_url": f"{editions.site_prefix(request)}/live/{story.pk}/updates/",
        "share_base": share_base,
        "fragment_keys": fragment_keys,
    }


def _safe(head) -> dict:
    try:
        return head()
    except Http404:
        return {"found": False}

"""The newsroom side of a live story (live.admin_views): which live stories a user's desk
covers, the posts the posting screen lists, and a post sent from the phone screen (its photo
stored in the story's site collection through the filing desk's hardened upload, credited from
the reporter's profile; then `services.add_post`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from warta.articles.models import Author
from warta.live import services
from warta.live.forms import LivePostForm
from warta.live.models import MAX_PAGE_ID, MAX_POST_ID, LivePost, LiveStatus, LiveStoryPage
from warta.newsroom import filing, isolation

LATEST = 30  # posts listed under the form


def story_for(user: Any, page_id: int) -> LiveStoryPage:
    """The live story if it is in one of the user's own sites and they may post in it: another
    site's is not found (whatever exists there), a story they may not write in is refused."""
    story = LiveStoryPage.objects.filter(pk=page_id).first() if 0 < page_id <= MAX_PAGE_ID else None
    if story is None or not isolation.is_own_page(user, story):
        raise Http404
    if not services.may_post(user, story):
        raise PermissionDenied
    return story


def _post_key(value: Any) -> bool:
    """ASCII digits naming a key a post can have ("²" is a digit to str.isdigit, not to int)."""
    text = str(value)
    return text.isascii() and text.isdecimal() and 0 < int(text) <= MAX_POST_ID


def post_of(story: LiveStoryPage, post_id: Any) -> LivePost:
    post = (
        story.live_posts.exclude(state=LivePost.State.DELETED)
        .filter(pk=post_id)
        .select_related("story", "author")
        .first()
        if _post_key(post_id)
        else None
    )
    if post is None:
        raise Http404
    post.story = story  # the checked instance (its permissions are cached on it)
    return post


def may_change(user: Any, post: LivePost, trusted: bool) -> bool:
    """The services' own rule for correcting and deleting: the trusted roles, or the poster."""
    return trusted or post.posted_by_id == user.pk


@dataclass(frozen=True)
class DeskPosts:
    pending: list[LivePost]
    latest: list[LivePost]


def desk_posts(story: LiveStoryPage) -> DeskPosts:
    """What the screen lists: posts waiting for review (oldest first: first come, first
    reviewed) and the latest published ones, newest first. Two queries."""
    posts = story.live_posts.select_related("author", "posted_by")
    return DeskPosts(
        pending=list(posts.filter(state=LivePost.State.PENDING).order_by("posted_at", "pk")),
        latest=list(
            posts.filter(state=LivePost.State.PUBLISHED).order_by("-posted_at", "-pk")[:LATEST]
        ),
    )


def live_stories_for_desk(user: Any) -> QuerySet[LiveStoryPage]:
    """The live and upcoming stories of the user's own sites, with how many posts wait for
    review; one query."""
    stories = LiveStoryPage.objects.filter(live_status__in=[LiveStatus.LIVE, LiveStatus.UPCOMING])
    return (
        isolation.own_pages(user, stories)
        .annotate(
            pending_count=Count("live_posts", filter=Q(live_posts__state=LivePost.State.PENDING))
        )
        .select_related("channel")
        .order_by("live_status", "-latest_revision_created_at", "-pk")
    )


def author_of(user: Any) -> Author | None:
    return Author.objects.filter(user=user).first()


def post_from_screen(story: LiveStoryPage, user: Any, form: LivePostForm, upload: Any = None):
    """A valid screen form as a post. The photo goes first (filing.UploadError says what is
    wrong with it: nothing is posted then); a post refused after that leaves the photo in the
    site's collection, where the photo desk finds it."""
    image = None
    if upload is not None:
        image = filing.upload_hero_photo(
            user, story, upload, caption=form.cleaned_data.get("caption", "")
        )
    return services.add_post(
        story,
        user=user,
        body=form.body(image),
        title=form.cleaned_data.get("title", ""),
        author=author_of(user),
        pinned=form.cleaned_data.get("pinned", False),
        key_event=form.cleaned_data.get("key_event", False),
    )


def text_blocks(text: str, *, keep_from: Any) -> list[tuple[str, Any]]:
    """A corrected post's blocks: the new text where the text was (a quote stays a quote,
    with its speaker), and its photo, embed or video kept as they were."""
    from warta.live.forms import text_to_paragraphs

    quote = next((b for b in keep_from if b.block_type == "quote"), None)
    has_paragraphs = any(b.block_type == "paragraph" for b in keep_from)
    blocks: list[tuple[str, Any]]
    if quote is not None and not has_paragraphs:
        blocks = [("quote", {**dict(quote.value), "text": text.strip()})]
    else:
        blocks = list(text_to_paragraphs(text))
    # Videos are lines of the text (text_of_body writes their address back): not kept twice.
    kept = [
        (b.block_type, b.value)
        for b in keep_from
        if b.block_type not in ("paragraph", "quote", "video")
    ]
    return blocks + kept

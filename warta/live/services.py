"""Writes to a live story: posting, correcting, pinning, deleting, reviewing; and the status
and polling controls. Every change to a post raises the story's `live_version` in the same
transaction and, once committed, purges `live:<story>` (the story's page and its updates
address), so the next poll of any reader gets the new state, rendered once per site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from warta.core.pagecache import keys, purge_keys
from warta.live.models import LivePost, LiveStatus, LiveStoryPage
from warta.live.signals import live_changed

MAX_POST_CHARS = 5000


@dataclass(frozen=True)
class PostResult:
    post: LivePost
    needs_review: bool


def may_post(user: Any, story: LiveStoryPage) -> bool:
    """Who may post at all: the desk of the story's site (whoever may write stories there:
    its reporters and editors), not only the story's owner."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    tester = story.permissions_for_user(user)
    return tester.can_edit() or "add" in tester.permissions


def is_trusted(user: Any, story: LiveStoryPage) -> bool:
    """The desk's trusted roles (who may publish the story) post live at once; others' posts
    wait for a quick review."""
    return bool(user and user.is_authenticated and story.permissions_for_user(user).can_publish())


def _bump(story: LiveStoryPage, *, urgent: bool = False) -> int:
    """Raise the story's version (inside the caller's transaction; the row update serialises
    concurrent posters) and purge its live key. `urgent`: listeners (feeds) should not
    throttle this change (`warta.live.signals`)."""
    LiveStoryPage.objects.filter(pk=story.pk).update(live_version=F("live_version") + 1)
    version = LiveStoryPage.objects.filter(pk=story.pk).values_list("live_version", flat=True).get()
    story.live_version = version
    purge_keys([keys.live(story.pk)])  # now, and again once committed (pagecache)
    live_changed.send(sender=LiveStoryPage, story=story, urgent=urgent)
    return version


def _check_body(body: Any, title: str) -> None:
    if len(title) > 200:
        raise ValidationError({"title": _("Judul paling panjang 200 karakter.")})
    if not body or not len(body):
        raise ValidationError({"body": _("Pembaruan tidak boleh kosong.")})


@transaction.atomic
def add_post(
    story: LiveStoryPage,
    *,
    user: Any,
    body: Any,
    title: str = "",
    author: Any = None,
    pinned: bool = False,
    key_event: bool = False,
    posted_at=None,
) -> PostResult:
    """A new post: live at once for a trusted user, pending review otherwise. `body` is the
    post's StreamField value (a list of (block type, value) or the raw JSON list)."""
    if user is not None and not may_post(user, story):
        raise PermissionDenied(_("Anda tidak boleh menulis di berita live ini."))
    if story.is_finished:
        raise ValidationError(_("Berita live ini sudah selesai; buka lagi untuk menambah."))
    _check_body(body, title)
    trusted = user is None or is_trusted(user, story)
    post = LivePost(
        story=story,
        title=title.strip(),
        body=body,
        author=author,
        posted_by=user if user is not None and user.is_authenticated else None,
        pinned=pinned and trusted,
        key_event=key_event and trusted,
        state=LivePost.State.PUBLISHED if trusted else LivePost.State.PENDING,
        posted_at=posted_at or timezone.now(),
    )
    post.full_clean(exclude=["story", "version"])
    if trusted:
        post.version = _bump(story, urgent=post.key_event or post.pinned)
    post.save()
    return PostResult(post=post, needs_review=not trusted)


def _may_change_own(user: Any, post: LivePost, refusal: str) -> None:
    """Editors change any post; a writer changes only their own post still waiting for review
    (once an editor let it out, changing or withdrawing it is the desk's call, or a correction
    would bypass the review)."""
    if is_trusted(user, post.story):
        return
    own = post.posted_by_id is not None and post.posted_by_id == getattr(user, "pk", None)
    if not own:
        raise PermissionDenied(refusal)
    if post.state != LivePost.State.PENDING:
        raise PermissionDenied(
            _("Pembaruan ini sudah tayang: minta editor untuk mengoreksi atau menghapusnya.")
        )


@transaction.atomic
def approve_post(post: LivePost, *, user: Any) -> LivePost:
    """A pending post goes live, timed now (it appears at the top, where readers look)."""
    if not is_trusted(user, post.story):
        raise PermissionDenied(_("Hanya editor yang boleh menayangkan pembaruan ini."))
    if post.state != LivePost.State.PENDING:
        raise ValidationError(_("Pembaruan ini tidak sedang menunggu tinjauan."))
    if post.story.is_finished:
        raise ValidationError(_("Berita live ini sudah selesai; buka lagi untuk menambah."))
    post.state = LivePost.State.PUBLISHED
    post.posted_at = timezone.now()
    post.version = _bump(post.story, urgent=post.key_event or post.pinned)
    post.save()
    return post


@transaction.atomic
def correct_post(
    post: LivePost, *, user: Any, body: Any, title: str | None = None, note: str = ""
) -> LivePost:
    """A published post's text changes in place and is shown as corrected (with the note)."""
    _may_change_own(user, post, _("Anda tidak boleh mengoreksi pembaruan ini."))
    new_title = post.title if title is None else title.strip()
    _check_body(body, new_title)
    post.body = body
    post.title = new_title
    if post.state == LivePost.State.PUBLISHED:
        post.corrected_at = timezone.now()
        post.correction_note = note.strip()[:300]
        post.version = _bump(post.story)
    post.save()
    return post


@transaction.atomic
def set_flags(
    post: LivePost, *, user: Any, pinned: bool | None = None, key_event: bool | None = None
) -> LivePost:
    if not is_trusted(user, post.story):
        raise PermissionDenied(_("Hanya editor yang boleh menyematkan atau menandai momen."))
    if pinned is not None:
        post.pinned = pinned
    if key_event is not None:
        post.key_event = key_event
    if post.state == LivePost.State.PUBLISHED:
        post.version = _bump(post.story, urgent=True)
    post.save()
    return post


@transaction.atomic
def delete_post(post: LivePost, *, user: Any) -> LivePost:
    """Deleted posts leave readers' pages at their next poll; the row stays (nothing is lost:
    the desk can see what was removed and when)."""
    _may_change_own(user, post, _("Anda tidak boleh menghapus pembaruan ini."))
    was_visible = post.is_visible
    post.state = LivePost.State.DELETED
    if was_visible:
        post.version = _bump(post.story, urgent=True)
    post.save()
    return post


@transaction.atomic
def set_live_controls(
    story: LiveStoryPage, *, user: Any, status: str | None = None, poll_seconds: int | None = None
) -> LiveStoryPage:
    """The desk's controls without a page revision: status, and how often readers poll (slow
    or stop polling under load). Raises the version: readers learn the new interval or that
    the story ended at their next poll."""
    if not is_trusted(user, story):
        raise PermissionDenied(_("Hanya editor yang boleh mengubah status berita live."))
    fields: dict[str, Any] = {}
    if status is not None:
        if status not in LiveStatus.values:
            raise ValidationError(_("Status tidak dikenal: %(s)s") % {"s": status})
        fields["live_status"] = status
        if status == LiveStatus.FINISHED and story.coverage_end is None:
            fields["coverage_end"] = timezone.now()
        if status == LiveStatus.LIVE and story.coverage_start is None:
            fields["coverage_start"] = timezone.now()
    if poll_seconds is not None:
        if not 0 <= poll_seconds <= 600:
            raise ValidationError(_("Interval pembaruan 0 sampai 600 detik."))
        fields["poll_seconds"] = poll_seconds
    if fields:
        LiveStoryPage.objects.filter(pk=story.pk).update(**fields)
        for name, value in fields.items():
            setattr(story, name, value)
        _bump(story, urgent=True)
        if "live_status" in fields:  # cards show whether it is live
            purge_keys([keys.article(story.pk)])
    return story

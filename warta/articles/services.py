"""Writes to stories: creating one (every importer and the demo go through `create_story`),
saving a new revision of one already in the tree, and dates that bypass the page's own save.

A story is a page of a registered story type (`core.sites.pages.register_story_type`):
`ArticlePage` today; later types (a live story, a gallery) use the same functions."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from wagtail.models import Page

from warta.articles.listing import relist
from warta.core.sites.pages import is_story

StoryT = TypeVar("StoryT", bound=Page)


def create_story(
    story: StoryT,
    *,
    parent: Page,
    user: AbstractBaseUser | None = None,
    publish: bool = False,
    go_live_at: datetime | None = None,
    first_published_at: datetime | None = None,
    log_action: bool = False,
) -> StoryT:
    """Add the unsaved `story` (a specific page, with its bylines, tags and other child objects
    already attached) under `parent` and save its first revision, as the admin's "create" does.

    - By default it stays an unpublished draft with that one revision.
    - `publish=True` publishes the revision: the story goes live now, or, when its go-live time
      is in the future (`go_live_at`, or one an embargo sets), Wagtail schedules it and the
      worker publishes it then.
    - `go_live_at` sets the page's go-live time; without `publish` it is only stored on the
      draft, as when an editor sets it and saves.
    - `first_published_at` keeps the original publication time of a story published now (an
      import, the demo): first and last publication are set to it and its listing rows follow.
    - `user` is recorded on the revision and on the publish log entry, and becomes the page's
      owner when it has none; publishing checks that they may publish (Wagtail raises
      `PublishPermissionError`). Without a user the write is the system's.
    - `log_action=True` also writes the saved revision to the page's history ("wagtail.edit"),
      as an edit in the admin does. Creation (attributed to the owner), publishing and
      scheduling are always logged, as Wagtail does.

    All of it happens in one transaction. Returns `story`, refreshed from the database when it
    was published or scheduled. Raises `TypeError` for a page that is not a story type."""
    _check_story(story)
    _check_dates(publish=publish, go_live_at=go_live_at, first_published_at=first_published_at)
    with transaction.atomic():
        story.live = False  # live only through publishing its revision
        if user is not None and story.owner_id is None:
            story.owner = user
        if go_live_at is not None:
            story.go_live_at = go_live_at
        parent.add_child(instance=story)
        return _save_revision(
            story,
            user=user,
            publish=publish,
            log_action=log_action,
            first_published_at=first_published_at,
            last_published_at=first_published_at,
        )


def update_story(
    story: StoryT,
    *,
    user: AbstractBaseUser | None = None,
    publish: bool = False,
    go_live_at: datetime | None = None,
    first_published_at: datetime | None = None,
    log_action: bool = False,
) -> StoryT:
    """Save the in-memory changes to a story already in the tree as a new revision, then
    publish, schedule or leave it as `create_story` does with the same arguments.

    A live story saved without `publish` stays live as it was, with the revision waiting as
    unpublished changes. `go_live_at=None` leaves the page's go-live time as it is.
    `first_published_at` backdates the first publication only: the last one is this one."""
    _check_story(story)
    _check_dates(publish=publish, go_live_at=go_live_at, first_published_at=first_published_at)
    with transaction.atomic():
        if go_live_at is not None:
            story.go_live_at = go_live_at
        return _save_revision(
            story,
            user=user,
            publish=publish,
            log_action=log_action,
            first_published_at=first_published_at,
            last_published_at=None,
        )


def backdate(
    story_id: int, first_published_at: datetime, last_published_at: datetime | None = None
) -> None:
    """Keep a story's original publication time (an import, the demo network): lists order by
    it, so its listing rows follow."""
    dates: dict[str, datetime] = {"first_published_at": first_published_at}
    if last_published_at is not None:
        dates["last_published_at"] = last_published_at
    Page.objects.filter(pk=story_id).update(**dates)
    relist([story_id])


def _check_story(story: Page) -> None:
    if not is_story(story):
        raise TypeError(
            f"{type(story).__name__} is not a story type (see core.sites.pages.STORY_TYPES); "
            "section pages are added with parent.add_child()"
        )


def _check_dates(
    *, publish: bool, go_live_at: datetime | None, first_published_at: datetime | None
) -> None:
    if first_published_at is not None and (not publish or go_live_at is not None):
        raise ValueError(
            "first_published_at backdates a story published now: it needs publish=True and no "
            "go_live_at"
        )


def _save_revision(
    story: StoryT,
    *,
    user: AbstractBaseUser | None,
    publish: bool,
    log_action: bool,
    first_published_at: datetime | None,
    last_published_at: datetime | None,
) -> StoryT:
    revision = story.save_revision(user=user, log_action=log_action)
    if not publish:
        return story
    revision.publish(user=user)
    if first_published_at is not None:
        backdate(story.pk, first_published_at, last_published_at)
    story.refresh_from_db()
    return story

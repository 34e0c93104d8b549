"""Newsroom writes: withdrawing, lifting embargoes, ending a breaking flag."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.discovery.services import find_duplicates


class EmbargoError(ValueError):
    pass


def withdraw_article(article: ArticlePage, *, user=None) -> None:
    """Take a story off every public page, keeping it and all its revisions."""
    if article.live:
        article.unpublish(user=user, log_action="wagtail.unpublish")


@transaction.atomic
def lift_embargo(article: ArticlePage, *, user=None) -> None:
    """Publish an embargoed story now instead of at the embargo time."""
    if not article.is_embargoed:
        raise EmbargoError(f"article {article.pk} is not under embargo")
    article = ArticlePage.objects.get(pk=article.pk)
    article.embargo_until = None
    article.go_live_at = None
    revision = article.save_revision(user=user, clean=False)
    revision.publish(user=user)
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=timezone.now())


class BreakingError(ValueError):
    pass


@transaction.atomic
def end_breaking(article: ArticlePage, *, user=None) -> None:
    """Take a story out of the breaking-news ticker now. The published version is republished
    with the flag ended (so the ticker's caches are dropped as on any publish); a draft waiting
    on top of it keeps waiting, with the flag ended too."""
    article = ArticlePage.objects.get(pk=article.pk)
    now = timezone.now()
    if not article.live or article.breaking_until is None or article.breaking_until <= now:
        raise BreakingError(f"article {article.pk} is not in the breaking-news ticker")
    draft = article.get_latest_revision() if article.has_unpublished_changes else None
    live = article.live_revision.as_object() if article.live_revision else article
    live.breaking_until = now
    live.save_revision(user=user, clean=False, log_action=True).publish(user=user)
    if draft is not None:
        waiting = draft.as_object()
        waiting.breaking_until = now
        waiting.save_revision(user=user, clean=False)


def near_duplicates(article: ArticlePage) -> list:
    """Published stories nearly matching `article` (see discovery); empty if none."""
    return find_duplicates(article)

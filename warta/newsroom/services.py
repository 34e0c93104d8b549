"""Newsroom writes: withdrawing, lifting embargoes."""

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


def near_duplicates(article: ArticlePage) -> list:
    """Published stories nearly matching `article` (see discovery); empty if none."""
    return find_duplicates(article)

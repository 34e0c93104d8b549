"""Writes to stories that bypass the page's own save."""

from __future__ import annotations

from datetime import datetime

from warta.articles.listing import relist
from warta.articles.models import ArticlePage


def backdate(article_id: int, first_published_at: datetime, last_published_at=None) -> None:
    """Keep a story's original publication time (an import, the demo network): lists order by
    it, so its listing rows follow."""
    dates: dict[str, datetime] = {"first_published_at": first_published_at}
    if last_published_at is not None:
        dates["last_published_at"] = last_published_at
    ArticlePage.objects.filter(pk=article_id).update(**dates)
    relist([article_id])

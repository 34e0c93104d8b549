"""Receivers of every story type's page signals.

Wagtail sends `page_published` / `page_unpublished` with the page's specific class as the
sender, so a receiver connected with `sender=ArticlePage` never hears a gallery, a video or a
live story (a story type an app above `articles` adds). `connect_to_stories` connects once,
for every sender, and passes on only stories: `ArticlePage` and any subclass, whichever app
defines it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

from warta.articles.models import ArticlePage


def connect_to_stories(signal: Signal, receiver: Callable[..., Any]) -> None:
    def only_stories(sender: Any, instance: Any = None, **kwargs: Any) -> None:
        if isinstance(instance, ArticlePage):
            receiver(sender, instance=instance, **kwargs)

    uid = f"{receiver.__module__}.{receiver.__qualname__}@{id(signal)}"
    signal.connect(only_stories, weak=False, dispatch_uid=uid)

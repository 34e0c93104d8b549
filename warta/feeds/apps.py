"""Feeds owns what machines read: RSS 2.0, Atom and JSON Feed for the network, each site,
channel, topic and author; sitemaps (index, paged, Google News, images) and robots.txt."""

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "warta.feeds"
    label = "feeds"
    verbose_name = "Feeds"

    def ready(self) -> None:
        from warta.feeds import receivers  # noqa: F401 - connects the signal handlers

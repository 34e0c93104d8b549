"""Discovery owns how readers find the next story: content-based related articles (stored per
story, with a reason), near-duplicate detection for editors, and the term index behind both."""

from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "warta.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from warta.core.ops.periodic import periodic
        from warta.discovery import receivers  # noqa: F401
        from warta.discovery.popularity import flush_views

        periodic("flush_views")(flush_views)

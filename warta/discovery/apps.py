"""Discovery owns how readers find the next story: content-based related articles (stored per
story, with a reason), near-duplicate detection for editors, and the term index behind both."""

from django.apps import AppConfig

STORY_NAMES_HOUR = 2  # local time: the quietest hour of a news site


class DiscoveryConfig(AppConfig):
    name = "warta.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        from warta.core.ops.periodic import periodic
        from warta.discovery import receivers  # noqa: F401
        from warta.discovery.tasks import queue_story_names_refresh

        # The gazetteer of names recurring across stories, each night after 02:00 WIB.
        periodic("refresh_story_names", nightly_at=STORY_NAMES_HOUR)(queue_story_names_refresh)

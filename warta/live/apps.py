"""Live owns the live story (`LiveStoryPage`, an ArticlePage subclass: listed, circulated, fed
and searched like any story) and its posts (`LivePost`): posting, correcting, deleting, the
version that names the live story's current state, and the updates readers poll."""

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "warta.live"
    label = "live"
    verbose_name = "Live"

    def ready(self) -> None:
        from warta.core.sites.pages import register_story_type
        from warta.live.models import LiveStoryPage

        register_story_type(LiveStoryPage)

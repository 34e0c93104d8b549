"""Search owns "Cari": Indonesian full-text search over published stories with stemming, stop
words, phrases, filters, sorting, highlighted snippets and pagination; and the search box's
suggestions (autocomplete: headlines and topics as the reader types)."""

from django.apps import AppConfig

RECENT_INDEX_HOUR = 3  # local time, after the story names (discovery, 02:00)


class SearchConfig(AppConfig):
    name = "warta.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from warta.search import (
            autocomplete_receivers,  # models are ready only now
            receivers,  # noqa: F401
        )

        autocomplete_receivers.connect()

        from warta.core.ops.periodic import periodic
        from warta.search.tasks import queue_recent_index_refresh

        # PostgreSQL's index over the newest stories, rebuilt when the rows above it doubled.
        periodic("refresh_recent_search_index", nightly_at=RECENT_INDEX_HOUR)(
            queue_recent_index_refresh
        )

"""Search owns "Cari": Indonesian full-text search over published stories with stemming, stop
words, phrases, filters, sorting, highlighted snippets and pagination; and the search box's
suggestions (autocomplete: headlines and topics as the reader types)."""

from django.apps import AppConfig


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

"""Search owns "Cari": Indonesian full-text search over published stories with stemming, stop
words, phrases, filters, sorting, highlighted snippets and pagination."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "warta.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from warta.search import receivers  # noqa: F401

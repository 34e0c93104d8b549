"""Search's tables: the autocomplete prefix index (warta.search.autocomplete_models)."""

from warta.search.autocomplete_models import Suggestion, SuggestionWord

__all__ = ["Suggestion", "SuggestionWord"]

"""OpenSearch's side of Indonesian search (WARTA_SEARCH_BACKEND=opensearch): the index settings
given to modelsearch's OpenSearch backend. PostgreSQL stays the default; this is for a network
whose search outgrows the database (docs/scale/search.md).

Text fields are analysed by an Indonesian `default` analyzer (lowercase, ASCII folding,
OpenSearch's Indonesian stop words and its Indonesian stemmer), so a reader's words match
however they are inflected. The stems field (`ArticlePage.search_stems`) already holds
Sastrawi's stems, the one analyzer index and query share (warta.core.indonesia.text): it is
analysed by `warta_stems` (whitespace and lowercase only), never stemmed a second time, and
carries a reader's query (also Sastrawi stems) to the same words as on PostgreSQL."""

from __future__ import annotations

from typing import Any

STEMS_ANALYZER = "warta_stems"

INDEX_SETTINGS: dict[str, Any] = {
    "settings": {
        "analysis": {
            "filter": {
                "indonesian_stop": {"type": "stop", "stopwords": "_indonesian_"},
                "indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "asciifolding",
                        "indonesian_stop",
                        "indonesian_stemmer",
                    ],
                },
                STEMS_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase"],
                },
            },
        }
    }
}

# What the stems field's mapping gets (SearchField(..., es_extra=STEMS_FIELD_MAPPING)).
STEMS_FIELD_MAPPING = {"analyzer": STEMS_ANALYZER, "search_analyzer": STEMS_ANALYZER}

BACKENDS = {
    "2": "wagtail.search.backends.opensearch2",
    "3": "wagtail.search.backends.opensearch3",
}


def search_backend(urls: list[str], *, version: str, index_prefix: str) -> dict[str, Any]:
    """WAGTAILSEARCH_BACKENDS["default"] for an OpenSearch cluster at `urls`."""
    if not urls:
        raise ValueError("WARTA_OPENSEARCH_URLS is required with WARTA_SEARCH_BACKEND=opensearch")
    if version not in BACKENDS:
        raise ValueError(f"WARTA_OPENSEARCH_VERSION must be one of {sorted(BACKENDS)}: {version!r}")
    return {
        "BACKEND": BACKENDS[version],
        "URLS": urls,
        "INDEX_PREFIX": index_prefix,
        "TIMEOUT": 5,
        "INDEX_SETTINGS": INDEX_SETTINGS,
        # Rebuilding writes a new index and switches the alias: search keeps answering.
        "ATOMIC_REBUILD": True,
    }

"""WARTA_SEARCH_BACKEND=opensearch: one setting selects modelsearch's OpenSearch backend with
the Indonesian analyzer, and the stems field is never stemmed twice. No OpenSearch runs on this
machine (none in Debian, PyPI or npm), so these check the configuration OpenSearch receives;
docs/scale/search.md says what is left to measure where a cluster is reachable."""

import os
import subprocess
import sys

import pytest
from wagtail.search.backends import get_search_backend

from warta.articles.models import ArticlePage
from warta.core.indonesia import opensearch
from warta.search.parsing import parse_query
from warta.search.queries import _scored_ids, uses_database_index


def settings_in_child(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as a server starting with `env` would."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILSEARCH_BACKENDS['default']))"
    )
    child_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "warta.settings.dev", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=child_env, capture_output=True, text=True, timeout=60
    )


def test_one_setting_selects_opensearch_with_the_indonesian_analyzer():
    import json

    done = settings_in_child(
        {"WARTA_SEARCH_BACKEND": "opensearch", "WARTA_OPENSEARCH_URLS": "http://10.0.0.5:9200"}
    )
    assert done.returncode == 0, done.stderr
    backend = json.loads(done.stdout)
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["http://10.0.0.5:9200"]
    analyzer = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert analyzer["filter"][-2:] == ["indonesian_stop", "indonesian_stemmer"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WARTA_SEARCH_BACKEND": "opensearch"}, "WARTA_OPENSEARCH_URLS is required"),
        ({"WARTA_SEARCH_BACKEND": "elastic"}, "must be 'database' or 'opensearch'"),
        (
            {
                "WARTA_SEARCH_BACKEND": "opensearch",
                "WARTA_OPENSEARCH_URLS": "http://x:9200",
                "WARTA_OPENSEARCH_VERSION": "1",
            },
            "WARTA_OPENSEARCH_VERSION must be one of",
        ),
    ],
)
def test_a_bad_search_setting_stops_the_start_with_its_name(env, message):
    done = settings_in_child(env)
    assert done.returncode != 0
    assert message in done.stderr


def test_the_backend_gets_the_analyzer_and_the_stems_field_is_analysed_as_written(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": opensearch.search_backend(["http://127.0.0.1:1"], version="2", index_prefix="t_")
    }
    backend = get_search_backend("default")  # builds the client; connects only when used
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"][-1] == "indonesian_stemmer"
    # modelsearch's own ngram analyzers for autocomplete are kept beside ours.
    assert "edgengram_analyzer" in analysis["analyzer"]
    mapping = backend.mapping_class(ArticlePage).get_mapping()
    stems = next(v for k, v in mapping["properties"].items() if k.endswith("search_stems"))
    assert stems["analyzer"] == stems["search_analyzer"] == opensearch.STEMS_ANALYZER
    assert "analyzer" not in next(
        v for k, v in mapping["properties"].items() if k.endswith("__body")
    )


def test_search_asks_modelsearch_not_the_database_index_when_opensearch_is_set(settings):
    query = parse_query("banjir")
    assert uses_database_index()
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": opensearch.search_backend(["http://127.0.0.1:1"], version="3", index_prefix="")
    }
    assert not uses_database_index()
    assert _scored_ids(query, limit=10) is None

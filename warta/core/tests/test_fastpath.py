"""The WSGI-level hit path (warta.core.pagecache.fastpath): a cached page is answered before
Django runs, with the same headers and body as through Django, and never for signed-in readers."""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core import pagecache
from warta.core.pagecache import localcache
from warta.core.pagecache.fastpath import PageCacheApplication

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0"


@pytest.fixture
def app():
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    # As Django's test client does: the test's transaction must survive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield PageCacheApplication(WSGIHandler())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call(app, path, **extra):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        **extra,
    }
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture
def story(channel):
    return ArticlePageFactory(parent=channel, title="Cerita dari jalur cepat")


def path_of(story):
    return story.url.replace("http://localhost", "")


def test_a_hit_is_answered_before_django_with_the_same_answer(app, story):
    status, through_django, body = call(app, path_of(story))
    assert status.startswith("200") and through_django["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        status, fast, fast_body = call(app, path_of(story))
    assert status.startswith("200") and fast["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert fast_body == body and b"Cerita dari jalur cepat" in body
    # Security headers and the Content Security Policy come along on the fast path too.
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
        "ETag",
        "Cache-Control",
        "Surrogate-Key",
    ):
        assert fast[header] == through_django[header], header


def test_revalidation_head_and_encodings(app, story):
    _, first, body = call(app, path_of(story))
    status, headers, empty = call(app, path_of(story), HTTP_IF_NONE_MATCH=first["ETag"])
    assert status.startswith("304") and empty == b""
    status, headers, empty = call(app, path_of(story), REQUEST_METHOD="HEAD")
    assert status.startswith("200") and empty == b"" and headers["X-Cache"] == "HIT"
    _, headers, zipped = call(app, path_of(story), HTTP_ACCEPT_ENCODING="gzip, br")
    import brotli

    assert headers["Content-Encoding"] == "br" and brotli.decompress(zipped) == body
    assert headers["Content-Length"] == str(len(zipped))


def test_signed_in_readers_and_other_methods_go_to_django(app, story):
    call(app, path_of(story))
    _, headers, _ = call(app, path_of(story), HTTP_COOKIE="sessionid=abc")
    assert "X-Cache" not in headers
    _, headers, _ = call(app, path_of(story), REQUEST_METHOD="POST")
    assert headers.get("X-Cache") != "HIT"


def test_a_publish_is_seen_at_once_and_lite_reads_are_counted(app, story):
    from warta.analytics import buffer

    buffer.take()
    call(app, path_of(story))
    for _ in range(3):
        assert call(app, path_of(story), HTTP_USER_AGENT=BROWSER)[1]["X-Cache"] == "HIT"
    assert buffer.take() == []  # full pages are counted by the beacon, not the server
    call(app, "/lite" + path_of(story), HTTP_USER_AGENT=BROWSER)
    for _ in range(2):
        hit = call(app, "/lite" + path_of(story), HTTP_USER_AGENT=BROWSER)
        assert hit[1]["X-Cache"] == "HIT"
    counted = buffer.take()
    assert [(e.kind, e.story_id) for e in counted] == [("l", story.pk)] * 3
    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Cerita yang sudah diubah"
    edited.save_revision().publish()
    _, headers, body = call(app, path_of(story))
    assert headers["X-Cache"] == "MISS" and b"Cerita yang sudah diubah" in body


def test_another_process_purge_is_seen_within_the_recheck(app, story, monkeypatch):
    """Pages held in this process are trusted only while the shared purge epoch is
    unchanged; another process's purge reaches this one within EPOCH_RECHECK."""
    monkeypatch.setattr(localcache, "EPOCH_RECHECK", 60)
    call(app, path_of(story))
    assert call(app, path_of(story))[1]["X-Cache"] == "HIT"  # now held in this process
    # What another worker's publish does to the shared cache (not to this process).
    for key in (f"article:{story.pk}",):
        cache.incr(pagecache.GENERATION_PREFIX + key)
    cache.incr(localcache.EPOCH_KEY)
    assert call(app, path_of(story))[1]["X-Cache"] == "HIT"  # within the recheck window
    monkeypatch.setattr(localcache, "EPOCH_RECHECK", 0)
    assert call(app, path_of(story))[1]["X-Cache"] == "MISS"  # seen at the next check

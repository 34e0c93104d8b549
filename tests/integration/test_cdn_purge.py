"""Purging Fastly (surrogate keys) and Cloudflare (cache tags) by Warta's keys, against local
stubs that answer as the two APIs do (tests/integration/cdn_stubs.py): every request checked
field by field, the APIs' limits kept by batching, what can succeed later retried, a refusal
logged with the API's own message, and a publish never broken by a CDN that fails."""

import logging
import time
from urllib.parse import urlsplit

import pytest

from tests.integration.cdn_stubs import CloudflareStub, Failure, FastlyStub
from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.pagecache.edge import CloudflareTagBackend, FastlyKeyBackend, PurgeError

SERVICE, TOKEN, ZONE = (
    "SU1Z0isxPaozGVKXdv0eY",
    "fastly-token-123",
    "023e105f4ecef8ad9ca31a8372d0c353",
)
KEYS = [f"article:{n}" for n in range(300)]


def fastly(stub: FastlyStub, **params) -> FastlyKeyBackend:
    return FastlyKeyBackend(
        {"SERVICE_ID": SERVICE, "API_KEY": TOKEN, "API_URL": stub.url, "BACKOFF": 0, **params}
    )


def cloudflare(stub: CloudflareStub, **params) -> CloudflareTagBackend:
    return CloudflareTagBackend(
        {"ZONE_ID": ZONE, "BEARER_TOKEN": TOKEN, "API_URL": stub.url, "BACKOFF": 0, **params}
    )


def test_fastly_purges_keys_in_batches_of_256():
    with FastlyStub(SERVICE, TOKEN) as stub:
        fastly(stub).purge_keys(reversed(KEYS))
    assert len(stub.requests) == 2
    expected = sorted(KEYS)
    for request, keys in zip(stub.requests, (expected[:256], expected[256:]), strict=True):
        assert request.method == "POST"
        assert request.path == f"/service/{SERVICE}/purge"
        assert request.headers["Fastly-Key"] == TOKEN
        assert request.headers["Accept"] == "application/json"
        assert request.headers["Content-Type"] == "application/json"
        assert "Fastly-Soft-Purge" not in request.headers
        assert request.body == {"surrogate_keys": keys}


def test_fastly_soft_purge_asks_for_stale_copies():
    with FastlyStub(SERVICE, TOKEN) as stub:
        fastly(stub, SOFT=True).purge_keys(["article:1", "latest:2"])
    (request,) = stub.requests
    assert request.headers["Fastly-Soft-Purge"] == "1"
    assert request.body == {"surrogate_keys": ["article:1", "latest:2"]}


def test_fastly_refusal_is_reported_with_its_message_and_not_retried():
    with FastlyStub(SERVICE, "another-token") as stub, pytest.raises(PurgeError) as refused:
        fastly(stub).purge_keys(["article:1"])
    assert len(stub.requests) == 1
    assert str(refused.value) == (
        f"Fastly purge of 1 keys on service {SERVICE} failed: "
        "HTTP 401 Provided credentials are missing or invalid"
    )


def test_fastly_server_errors_are_retried():
    with FastlyStub(SERVICE, TOKEN) as stub:
        stub.failures = [Failure(503, {"msg": "Service unavailable"})] * 2
        fastly(stub).purge_keys(["article:1"])
        assert len(stub.requests) == 3
        assert stub.requests[0].body == stub.requests[2].body == {"surrogate_keys": ["article:1"]}
        stub.failures = [Failure(503, {"msg": "Service unavailable"})] * 3
        with pytest.raises(PurgeError, match="HTTP 503 Service unavailable"):
            fastly(stub).purge_keys(["article:1"])
        assert len(stub.requests) == 6  # three attempts, then given up


def test_cloudflare_purges_tags_in_batches_of_its_limit():
    keys = KEYS[:150]
    with CloudflareStub(ZONE, TOKEN) as stub:
        cloudflare(stub).purge_keys(keys)
    assert len(stub.requests) == 2
    expected = sorted(keys)
    for request, tags in zip(stub.requests, (expected[:100], expected[100:]), strict=True):
        assert request.method == "POST"
        assert request.path == f"/client/v4/zones/{ZONE}/purge_cache"
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Content-Type"] == "application/json"
        assert request.body == {"tags": tags}


def test_cloudflare_older_limit_is_kept_when_configured():
    with CloudflareStub(ZONE, TOKEN, max_tags=30) as stub:
        cloudflare(stub, MAX_TAGS=30).purge_keys(KEYS[:61])
    assert [len(r.body["tags"]) for r in stub.requests] == [30, 30, 1]


def test_cloudflare_rate_limit_is_waited_out():
    limited = Failure(
        429,
        CloudflareStub.envelope(
            False,
            [{"code": 971, "message": "Please wait and consider throttling your request speed"}],
        ),
        {"Retry-After": "0"},
    )
    with CloudflareStub(ZONE, TOKEN) as stub:
        stub.failures = [limited]
        started = time.monotonic()
        cloudflare(stub, BACKOFF=5).purge_keys(["article:1"])  # Retry-After wins over backoff
    assert time.monotonic() - started < 2
    assert [r.body for r in stub.requests] == [{"tags": ["article:1"]}] * 2


def test_cloudflare_errors_are_reported_with_their_codes():
    with CloudflareStub(ZONE, "another-token") as stub, pytest.raises(PurgeError) as refused:
        cloudflare(stub).purge_keys(["article:1"])
    assert len(stub.requests) == 1
    assert str(refused.value) == (
        f"Cloudflare purge of 1 tags in zone {ZONE} failed: HTTP 403 10000 Authentication error"
    )
    with CloudflareStub(ZONE, TOKEN) as stub:  # a 200 that says it did not work
        stub.failures = [
            Failure(
                200,
                CloudflareStub.envelope(
                    False, [{"code": 1012, "message": "Request must contain tags"}]
                ),
            )
        ]
        with pytest.raises(PurgeError, match="HTTP 200 1012 Request must contain tags"):
            cloudflare(stub).purge_keys(["article:1"])


def wait_for_requests(stub, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(stub.requests) < count and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.mark.django_db
def test_a_publish_purges_the_story_keys_at_fastly(
    channel, settings, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(parent=channel, title="Banjir di Semarang")
    with FastlyStub(SERVICE, TOKEN) as stub:
        settings.WARTA_EDGE = "fastly"
        settings.WAGTAILFRONTENDCACHE = {
            "fastly": {
                "BACKEND": "warta.core.pagecache.edge.FastlyKeyBackend",
                "SERVICE_ID": SERVICE,
                "API_KEY": TOKEN,
                "API_URL": stub.url,
            }
        }
        edited = ArticlePage.objects.get(pk=story.pk)
        edited.title = "Banjir di Semarang surut"
        with django_capture_on_commit_callbacks(execute=True):
            edited.save_revision().publish()
        wait_for_requests(stub, 1)
        time.sleep(0.1)  # a publish's few purges go out together; none after them
    assert 1 <= len(stub.requests) <= 3
    purged = {key for r in stub.requests for key in r.body["surrogate_keys"]}
    assert f"article:{story.pk}" in purged
    assert all(r.path == f"/service/{SERVICE}/purge" for r in stub.requests)


@pytest.mark.django_db
def test_a_failing_cdn_is_logged_and_the_publish_goes_on(
    client, channel, settings, caplog, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(parent=channel, title="Gempa di Palu")
    with CloudflareStub(ZONE, "another-token") as stub:
        settings.WARTA_EDGE = "cloudflare"
        settings.WAGTAILFRONTENDCACHE = {
            "cloudflare": {
                "BACKEND": "warta.core.pagecache.edge.CloudflareTagBackend",
                "ZONE_ID": ZONE,
                "BEARER_TOKEN": TOKEN,
                "API_URL": stub.url,
            }
        }
        edited = ArticlePage.objects.get(pk=story.pk)
        edited.title = "Gempa di Palu: warga mengungsi"
        with caplog.at_level(logging.ERROR, logger="warta.core.pagecache.frontend"):
            with django_capture_on_commit_callbacks(execute=True):
                edited.save_revision().publish()
            deadline = time.monotonic() + 5
            while not caplog.records and time.monotonic() < deadline:
                time.sleep(0.01)
    assert ArticlePage.objects.get(pk=story.pk).title == "Gempa di Palu: warga mengungsi"
    assert b"warga mengungsi" in client.get(urlsplit(story.url).path).content
    message = caplog.records[0].getMessage()
    assert message.startswith("frontend cache cloudflare: purge of ")
    assert "Cloudflare purge of " in message
    assert f"in zone {ZONE} failed: HTTP 403 10000 Authentication error" in message
    assert caplog.records[0].exc_info is None  # the API's answer, not a traceback


@pytest.mark.django_db
def test_behind_cloudflare_pages_carry_their_keys_as_cache_tags(client, channel, settings):
    settings.WARTA_EDGE = "cloudflare"
    story = ArticlePageFactory(parent=channel, title="Pasar murah")
    path = urlsplit(story.url).path
    for expected in ("MISS", "HIT"):
        response = client.get(path)
        assert response["X-Cache"] == expected
        tags = response["Cache-Tag"].split(",")
        assert f"article:{story.pk}" in tags and tags == sorted(tags)
        assert "Surrogate-Key" not in response
    settings.WARTA_EDGE = "varnish"
    response = client.get(path)
    assert f"article:{story.pk}" in response["Surrogate-Key"].split(" ")
    assert "Cache-Tag" not in response

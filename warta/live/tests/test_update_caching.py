"""The updates address through the caches: every reader is answered from the page cache until a
post changes the story, while browsers revalidate at about half the poll interval (not the
standard minute); a post purges the page cache and the frontend cache (nginx) of exactly this
address. The naive per-reader endpoint exists only when the benchmark switches it on."""

import threading
from datetime import timedelta

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from warta.core import pagecache
from warta.core.pagecache import frontend
from warta.core.tests.test_fastpath import app, call  # noqa: F401 - the fast path's fixture
from warta.live import services
from warta.live.models import LiveStatus
from warta.live.tests.factories import LiveStoryPageFactory, text_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    return LiveStoryPageFactory(parent=channel)


@pytest.fixture
def editor(django_user_model, site):
    return django_user_model.objects.create_superuser("redaktur", "r@warta.example", "x")


def test_readers_share_one_cached_answer_that_browsers_revalidate_at_half_the_poll(
    client,
    story,
    app,  # noqa: F811 - the fast path's fixture, imported above
    editor,
):
    url = f"/live/{story.pk}/updates/"
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    # The default poll is 10 s: a browser may keep the answer 5 s, never the standard minute.
    assert first["Cache-Control"] == "public, max-age=5, s-maxage=5"
    assert "stale-while-revalidate" not in first["Cache-Control"]
    hit = client.get(url)
    assert hit["X-Cache"] == "HIT" and hit["Cache-Control"] == first["Cache-Control"]
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["Cache-Control"] == first["Cache-Control"]
    # The WSGI fast path answers hits with the same header (its first request, for another
    # host name, goes through Django and teaches it the outer headers).
    # The test client reconnects Django's close_old_connections after each of its requests
    # (the app fixture had disconnected it): keep the test's transaction open through these.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        call(app, url)
        status, headers, _ = call(app, url)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert status.startswith("200") and headers["X-Cache"] == "HIT"
    assert headers["Cache-Control"] == first["Cache-Control"]

    # The desk slows polling under load: browsers keep the answer longer.
    services.set_live_controls(story, user=editor, poll_seconds=60)
    assert client.get(url)["Cache-Control"] == "public, max-age=30, s-maxage=30"
    services.set_live_controls(story, user=editor, poll_seconds=1)
    assert client.get(url)["Cache-Control"] == "public, max-age=1, s-maxage=1"
    # A finished story polls no more: its answer is an ordinary cached page.
    services.set_live_controls(story, user=editor, status=LiveStatus.FINISHED)
    finished = client.get(url)
    assert finished.json()["poll"] == 0
    assert finished["Cache-Control"] == pagecache.cache_control()


def test_a_post_purges_the_cached_answer_here_and_in_nginx(
    client, story, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "warta.core.pagecache.frontend.NginxPurgeBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    purged: list[str] = []
    done = threading.Event()

    def record(urls: list[str]) -> None:
        purged.extend(urls)
        done.set()

    monkeypatch.setattr(frontend, "purge_urls", record)
    url = f"/live/{story.pk}/updates/"
    other = LiveStoryPageFactory(parent=story.get_parent())
    other_url = f"/live/{other.pk}/updates/"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(other_url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        services.add_post(story, user=None, body=text_body("Suara masuk 80%."))
    assert done.wait(5)
    assert purged == [f"http://testserver{url}"]  # this story's address, not the other's
    fresh = client.get(url)
    assert fresh["X-Cache"] == "MISS" and fresh.json()["version"] == 1
    assert "Suara masuk 80%." in fresh.json()["posts"][0]["html"]
    assert client.get(url)["X-Cache"] == "HIT"
    assert client.get(other_url)["X-Cache"] == "HIT"  # another story's answer is untouched


def test_the_naive_endpoint_is_off_unless_the_benchmark_turns_it_on(client, story, settings):
    url = f"/live/{story.pk}/naive/"
    since = timezone.now()
    assert client.get(url, {"since": since.isoformat()}).status_code == 404

    settings.WARTA_LIVE_NAIVE_ENDPOINT = True
    old = services.add_post(
        story, user=None, body=text_body("Sebelum."), posted_at=since - timedelta(minutes=1)
    ).post
    new = services.add_post(story, user=None, body=text_body("Sesudah.")).post
    first = client.get(url, {"since": since.isoformat()})
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    assert [p["id"] for p in first.json()["posts"]] == [new.pk]
    earlier = client.get(url, {"since": (since - timedelta(hours=1)).isoformat()}).json()
    assert [p["id"] for p in earlier["posts"]] == [new.pk, old.pk]  # newest first
    # Never stored: every poll renders.
    assert "X-Cache" not in client.get(url, {"since": since.isoformat()})
    assert client.get(url, {"since": "kemarin"}).status_code == 400

"""The shipped Varnish configuration (deploy/varnish/warta.vcl, vmod xkey) in front of Warta:
anonymous pages are served from Varnish, a publish purges exactly the pages that show the
story by their surrogate keys (a single PURGE request carrying the keys, no URL) and the new
page is served within a second, in every encoding; a page not showing the story keeps its
copy; signed-in readers pass; only Warta's own addresses may purge."""

import http.client
import os
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.ops.ports import free_port
from warta.core.ops.varnish import VarnishSetup, render_vcl, running_varnish, varnishd_missing
from warta.core.pagecache import edge

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str, headers: dict | None = None) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return dict(response.headers), response.read()


def send(
    base: str, method: str, headers: dict, source: str = "127.0.0.1", path: str = "/"
) -> tuple[int, str]:
    """One request to Varnish from the loopback address `source` (127.0.0.x)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def purges(monkeypatch) -> list[tuple[str, str, dict]]:
    """Every purge request Warta's Varnish backend sends (method, URL, headers), as sent."""
    sent: list[tuple[str, str, dict]] = []
    original = edge.VarnishXkeyBackend.request

    def record(self, what, method, url, **kwargs):
        sent.append((method, url, dict(kwargs.get("headers", {}))))
        return original(self, what, method, url, **kwargs)

    monkeypatch.setattr(edge.VarnishXkeyBackend, "request", record)
    return sent


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    missing = varnishd_missing()
    if missing:
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    setup = VarnishSetup(
        backends=[live_server.url.removeprefix("http://")],
        listen=f"127.0.0.1:{free_port()}",
        purge_networks=["127.0.0.3/32"],
        storage="malloc,32m",
        params={"thread_pools": "1", "thread_pool_min": "10"},
    )
    with running_varnish(setup, tmp_path) as running:
        settings.WARTA_EDGE = "varnish"
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "warta.core.pagecache.edge.VarnishXkeyBackend",
                "LOCATIONS": [running.purge_url],
            }
        }
        yield running.url


def cached_by_varnish(url: str, headers: dict | None = None) -> bytes:
    get(url, headers)
    answer, body = get(url, headers)
    assert answer["X-Edge-Cache"] == "HIT", url
    # Surrogate keys and Warta's own cache status are for caches, not readers' browsers.
    names = {name.lower() for name in answer}
    assert not names & {"surrogate-key", "xkey", "x-cache", "x-varnish"}, names
    assert answer["Vary"] == "Accept-Encoding, Save-Data"
    return body


def wait_for(urls: dict[str, dict], marker: bytes, started: float) -> float:
    waiting = dict(urls)
    while waiting and time.monotonic() - started < 5:
        waiting = {u: h for u, h in waiting.items() if marker not in get(u, h)[1]}
        time.sleep(0.02)
    assert not waiting, f"still old after 5 s: {sorted(waiting)}"
    return time.monotonic() - started


def test_publish_purges_varnish_by_key_exactly(varnish, channel, purges):
    story = ArticlePageFactory(parent=channel, title="Harga cabai naik", tags=["Pangan"])
    other = ArticlePageFactory(parent=channel, title="Festival layang-layang", tags=["Budaya"])
    story_url = varnish + urlsplit(story.url).path
    unrelated = varnish + "/tag/budaya/"  # lists only the other story
    plain, brotli = {}, {"Accept-Encoding": "gzip, deflate, br"}
    assert b"Harga cabai naik" in cached_by_varnish(story_url)
    cached_by_varnish(story_url, brotli)  # copies of their own, purged by the same keys
    lite = {"Save-Data": "on"}
    assert b"Harga cabai naik" in cached_by_varnish(story_url, lite)
    assert b"Harga cabai naik" in cached_by_varnish(varnish + "/")
    body = cached_by_varnish(unrelated)
    assert b"Festival layang-layang" in body and b"Harga cabai" not in body
    purges.clear()  # creating the stories purged their authors' and lists' keys

    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Harga cabai turun lagi"
    started = time.monotonic()
    edited.save_revision().publish()
    targets = {story_url: plain, varnish + "/": plain}
    visible_after = wait_for(targets, b"Harga cabai turun lagi", started)
    assert visible_after < 1.0, visible_after
    headers, body = get(story_url, brotli)
    assert headers["Content-Encoding"] == "br" and headers["X-Edge-Cache"] == "MISS"
    headers, body = get(story_url, lite)
    assert headers["X-Edge-Cache"] == "MISS" and b"Harga cabai turun lagi" in body

    # A request per change (the story, its sitemap page ...), each carrying all its keys in
    # one header; never a URL of a page, nor a request per page, encoding or host.
    assert 1 <= len(purges) <= 3, purges
    keys = set()
    for method, url, sent in purges:
        assert (method, url, list(sent)) == ("PURGE", varnish + "/", ["xkey"])
        keys.update(sent["xkey"].split(" "))
    assert f"article:{story.pk}" in keys and f"article:{other.pk}" not in keys
    assert not any(key.startswith(("tag:", "latest:")) for key in keys), keys  # lists unchanged
    headers, _ = get(unrelated)
    assert headers["X-Edge-Cache"] == "HIT"  # not purged: it does not show the story
    headers, _ = get(varnish + urlsplit(other.url).path)
    assert headers["X-Edge-Cache"] == "MISS"  # never asked for before: first fetch now
    headers, _ = get(varnish + urlsplit(other.url).path)
    assert headers["X-Edge-Cache"] == "HIT"


def test_signed_in_editor_bypasses_varnish(varnish, channel, editor):
    story = ArticlePageFactory(parent=channel, title="Khusus redaksi")
    url = varnish + urlsplit(story.url).path
    cached_by_varnish(url)
    browser = Client()
    browser.force_login(editor)
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    headers, body = get(url, {"Cookie": cookie})
    assert headers["X-Edge-Cache"] == "PASS"
    assert b"Khusus redaksi" in body
    headers, _ = get(url, {"Cookie": "csrftoken=abc"})  # other cookies: the shared copy
    assert headers["X-Edge-Cache"] == "HIT"


def test_purge_only_from_warta_and_only_by_key(varnish, channel):
    story = ArticlePageFactory(parent=channel, title="Tetap di cache")
    url = varnish + urlsplit(story.url).path
    key = {"xkey": f"article:{story.pk}"}
    cached_by_varnish(url)
    assert send(varnish, "PURGE", key, source="127.0.0.2") == (403, "Forbidden\n")
    assert get(url)[0]["X-Edge-Cache"] == "HIT"
    # A purge by URL is refused: it would miss the other hosts, encodings and lite copies.
    assert send(varnish, "PURGE", {}, source="127.0.0.1")[0] == 400
    assert get(url)[0]["X-Edge-Cache"] == "HIT"
    # The configured purge network (an app host) may.
    status, text = send(varnish, "PURGE", key, source="127.0.0.3")
    assert (status, text) == (200, "Purged 1\n")
    assert get(url)[0]["X-Edge-Cache"] == "MISS"


def test_forged_client_addresses_stop_at_varnish(varnish, site, settings):
    settings.WARTA_TRUSTED_PROXIES = ["127.0.0.1/32"]
    get_user_model().objects.create_superuser("admin", "admin@warta.example", "Benar-2026")
    from django.core.signals import request_started

    seen = []

    def record(sender, environ=None, **kwargs):
        seen.append((environ.get("HTTP_X_REAL_IP"), environ.get("HTTP_X_FORWARDED_FOR")))

    request_started.connect(record)
    try:
        parts = urlsplit(varnish)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=10, source_address=("127.0.0.2", 0)
        )
        connection.request(
            "GET",
            "/admin/login/",
            headers={"X-Real-IP": "198.51.100.1", "X-Forwarded-For": "198.51.100.2"},
        )
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        request_started.disconnect(record)
    assert seen == [("127.0.0.2", "127.0.0.2")]


def test_a_dead_app_host_is_left_out_by_the_health_check(live_server, tmp_path, site):
    missing = varnishd_missing()
    if missing:
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    dead = f"127.0.0.1:{free_port()}"  # nothing listens there
    setup = VarnishSetup(
        backends=[live_server.url.removeprefix("http://"), dead],
        listen=f"127.0.0.1:{free_port()}",
        storage="malloc,32m",
        health_interval="0.1s",
        params={"thread_pools": "1", "thread_pool_min": "10"},
    )
    vcl = render_vcl(setup)
    assert vcl.count(".probe = warta_health;") == 2
    assert "warta.add_backend(app1);" in vcl and "warta.add_backend(app2);" in vcl
    with running_varnish(setup, tmp_path) as running:
        # /admin/login/ always passes to an app host: each request picks one in turn.
        deadline, in_a_row = time.monotonic() + 10, 0
        while in_a_row < 10 and time.monotonic() < deadline:
            status = send(running.url, "GET", {"Host": "localhost"}, path="/admin/login/")[0]
            in_a_row = in_a_row + 1 if status == 200 else 0
        assert in_a_row == 10, "the dead host was never marked sick"
        answers = [send(running.url, "GET", {}, path="/admin/login/")[0] for _ in range(20)]
        assert answers == [200] * 20


def test_purge_network_is_written_into_the_acl():
    vcl = render_vcl(VarnishSetup(purge_networks=["10.1.2.3/24", "192.0.2.7"]))
    acl = vcl[vcl.index("acl warta_internal") : vcl.index("sub vcl_recv")]
    assert '"10.1.2.0"/24;' in acl and '"192.0.2.7"/32;' in acl
    assert "PURGE NETWORK" not in acl

"""The shipped nginx configuration in front of Warta: anonymous pages are served from nginx's
cache, a publish purges exactly the pages that show the story through Wagtail's frontend
cache backends (warta.core.frontend.NginxPurgeBackend) and the new page is served within a
second, while a page that does not show the story keeps its nginx entry. Behind it, Warta
counts each client under its real address whatever forwarded headers the client sends."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.signals import request_started

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.nginxconf import NginxSetup, nginx_command, standalone_config

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[dict, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
        return dict(response.headers), response.read()


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    if shutil.which("nginx") is None:
        message = "nginx is missing: apt-get install nginx-light libnginx-mod-http-cache-purge"
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    tmp_path.chmod(0o755)
    port, purge_port = free_port(), free_port()
    upstream = live_server.url.removeprefix("http://")
    setup = NginxSetup(upstream=upstream, listen=f"127.0.0.1:{port}",
                       purge_listen=f"127.0.0.1:{purge_port}", cache_dir=str(tmp_path / "cache"),
                       static_root=str(tmp_path), media_root=str(tmp_path))  # fmt: skip
    config = standalone_config(setup, tmp_path)
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "warta.core.frontend.NginxPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{purge_port}",
        }  # fmt: skip
    }
    process = subprocess.Popen(nginx_command(config, tmp_path))
    base = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def cached_by_nginx(url: str) -> bytes:
    get(url)
    headers, body = get(url)
    assert headers["X-Proxy-Cache"] == "HIT", url
    # Surrogate keys are for caches, not for readers' browsers (header names in any case).
    assert "surrogate-key" not in {name.lower() for name in headers}
    return body


def test_publish_purges_nginx_exactly(nginx, channel):
    story = ArticlePageFactory(parent=channel, title="Harga cabai naik", tags=["Pangan"])
    other = ArticlePageFactory(parent=channel, title="Festival layang-layang", tags=["Budaya"])
    story_url = nginx + urlsplit(story.url).path
    unrelated = nginx + "/tag/budaya/"  # lists only the other story
    assert b"Harga cabai naik" in cached_by_nginx(story_url)
    assert b"Harga cabai naik" in cached_by_nginx(nginx + "/")
    body = cached_by_nginx(unrelated)
    assert b"Festival layang-layang" in body and b"Harga cabai" not in body

    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Harga cabai turun lagi"
    started = time.monotonic()
    edited.save_revision().publish()
    waiting = {story_url, nginx + "/"}
    while waiting and time.monotonic() - started < 5:
        waiting = {url for url in waiting if b"Harga cabai turun lagi" not in get(url)[1]}
        time.sleep(0.02)
    visible_after = time.monotonic() - started
    assert not waiting, f"still old after 5 s: {waiting}"
    assert visible_after < 1.0, visible_after
    headers, _ = get(unrelated)
    assert headers["X-Proxy-Cache"] == "HIT"  # not purged: it does not show the story
    assert other.pk  # the other story's own page was never touched either


def test_signed_in_readers_bypass_nginx(nginx, channel):
    story = ArticlePageFactory(parent=channel, title="Khusus pembaca")
    url = nginx + urlsplit(story.url).path
    cached_by_nginx(url)
    request = urllib.request.Request(url, headers={"Cookie": "sessionid=abc"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.headers["X-Proxy-Cache"] == "BYPASS"


def request_from(source: str, base: str, method: str, path: str, *, body: str = "",
                 headers: dict | None = None) -> tuple[http.client.HTTPResponse, str]:  # fmt: skip
    """One request to nginx from the loopback address `source` (127.0.0.x)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    connection = http.client.HTTPConnection(host, port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def test_forged_client_addresses_stop_at_nginx(nginx, settings):
    settings.WARTA_TRUSTED_PROXIES = ["127.0.0.1/32"]  # nginx connects to Warta from here
    get_user_model().objects.create_superuser("admin", "admin@warta.example", "Benar-2026")
    client, forged = "127.0.0.2", {"X-Real-IP": "198.51.100.1",
                                   "X-Forwarded-For": "198.51.100.2"}  # fmt: skip
    seen = []

    def record(sender, environ=None, **kwargs):
        seen.append((environ.get("HTTP_X_REAL_IP"), environ.get("HTTP_X_FORWARDED_FOR")))

    request_started.connect(record)
    try:
        page, html = request_from(client, nginx, "GET", "/admin/login/", headers=forged)
    finally:
        request_started.disconnect(record)
    # nginx replaces both headers with the address it saw; it never passes the client's on.
    assert seen == [(client, client)]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response, _ = request_from(
        client, nginx, "POST", "/admin/login/",
        body=f"csrfmiddlewaretoken={token}&username=admin&password=salah",
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded",
                 "Referer": f"{nginx}/admin/login/", **forged},
    )  # fmt: skip
    assert response.status == 200  # the form again, with its error
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [client]

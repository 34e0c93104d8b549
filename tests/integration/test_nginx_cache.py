"""The shipped nginx configuration in front of Warta: anonymous pages are served from nginx's
cache, a publish purges exactly the pages that show the story through Wagtail's frontend
cache backends (warta.core.frontend.NginxPurgeBackend) and the new page is served within a
second, while a page that does not show the story keeps its nginx entry."""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

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

"""The shipped nginx configuration in front of Warta: anonymous pages are served from nginx's
cache, a publish purges exactly the pages that show the story through Wagtail's frontend
cache backends (warta.core.pagecache.frontend.NginxPurgeBackend) and the new page is served within a
second, while a page that does not show the story keeps its nginx entry. Behind it, Warta
counts each client under its real address whatever forwarded headers the client sends.
Documents: nginx sends their bytes only after Warta's document view let the reader through
(X-Accel-Redirect to its internal location), and serves nothing under /media/ but the image
folders."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.test import Client
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction
from wagtail.utils import sendfile as wagtail_sendfile

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.ops.nginxconf import NginxSetup, nginx_command, standalone_config
from warta.core.ops.ports import free_port
from warta.core.tests.factories import WartaImageFactory, make_document
from warta.core.tests.test_private_documents import media_urls

pytestmark = pytest.mark.django_db(transaction=True)


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
    # Warta's media and private roots are the ones nginx serves from, as on a server.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WARTA_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    setup = NginxSetup(
        upstream=upstream,
        listen=f"127.0.0.1:{port}",
        purge_listen=f"127.0.0.1:{purge_port}",
        cache_dir=str(tmp_path / "cache"),
        static_root=str(tmp_path),
        media_root=str(settings.MEDIA_ROOT),
        private_root=str(settings.WARTA_PRIVATE_MEDIA_ROOT),
    )
    config = standalone_config(setup, tmp_path)
    # WARTA_NGINX_SENDFILE=true, as behind this nginx in production.
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.WARTA_PRIVATE_MEDIA_ROOT)
    settings.SENDFILE_URL = "/_private"
    wagtail_sendfile._get_sendfile.clear()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "warta.core.pagecache.frontend.NginxPurgeBackend",
            "LOCATION": f"http://127.0.0.1:{purge_port}",
        }
    }
    # Django's live server also serves all of MEDIA_ROOT at /media/, a test convenience no
    # Warta server has: behind nginx here, only Warta's own routes answer.
    httpd = live_server.thread.httpd
    test_app = httpd.get_app()
    httpd.set_app(StaticFilesHandler(WSGIHandler()))
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
    httpd.set_app(test_app)
    wagtail_sendfile._get_sendfile.clear()


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


def request_from(
    source: str, base: str, method: str, path: str, *, body: str = "", headers: dict | None = None
) -> tuple[http.client.HTTPResponse, str]:
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
    client, forged = "127.0.0.2", {"X-Real-IP": "198.51.100.1", "X-Forwarded-For": "198.51.100.2"}
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
        client,
        nginx,
        "POST",
        "/admin/login/",
        body=f"csrfmiddlewaretoken={token}&username=admin&password=salah",
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{nginx}/admin/login/",
            **forged,
        },
    )
    assert response.status == 200  # the form again, with its error
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [client]


def raw_get(base: str, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    """GET `path` exactly as written (no client-side normalising of `..` or `%2e`)."""
    host, port = urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    answer = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return answer


SECRET = b"%PDF-1.4 notulen rapat redaksi: RAHASIA"
PUBLIC = b"%PDF-1.4 siaran pers untuk umum"


def test_nginx_sends_the_document_warta_hands_over(nginx, live_server, site):
    document = make_document("Siaran pers", Collection.get_first_root_node(), "siaran.pdf", PUBLIC)
    # Warta itself answers with the file's internal address and no body...
    status, headers, body = raw_get(live_server.url, document.url)
    assert (status, body) == (200, b"")
    assert headers["x-accel-redirect"] == "/_private/documents/siaran.pdf"
    # ...and nginx sends the bytes, with Warta's headers and without the internal address.
    for _ in range(2):  # and again: never from nginx's page cache
        status, headers, body = raw_get(nginx, document.url)
        assert (status, body) == (200, PUBLIC)
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"] == 'inline; filename="siaran.pdf"'
        assert headers["content-length"] == str(len(PUBLIC))
        assert "content-encoding" not in headers
        assert "x-accel-redirect" not in headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-security-policy"] == "default-src 'none'"
        assert headers["x-frame-options"] == "DENY"
        assert "private" in headers["cache-control"]
        assert headers.get("x-proxy-cache") != "HIT"
    # A name outside ASCII travels percent-encoded in X-Accel-Redirect.
    report = make_document("Laporan", Collection.get_first_root_node(), "laporan ütama.pdf", PUBLIC)
    status, headers, body = raw_get(nginx, report.url)
    assert (status, body) == (200, PUBLIC)
    assert "filename*=UTF-8''laporan_%C3%BCtama.pdf" in headers["content-disposition"]


def test_nginx_never_gives_a_private_document_to_the_wrong_reader(nginx, site):
    readers = Collection.get_first_root_node().add_child(name="Khusus pembaca")
    CollectionViewRestriction.objects.create(
        collection=readers, restriction_type=BaseViewRestriction.LOGIN
    )
    document = make_document("Notulen", readers, "notulen.pdf", SECRET)
    # A copy where documents used to live, for a site not yet moved (warta move_documents).
    legacy = Path(settings.MEDIA_ROOT) / document.file.name
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(SECRET)

    status, headers, body = raw_get(nginx, document.url)
    assert status == 302 and SECRET not in body
    assert "/login/" in headers["location"]
    for url in media_urls(document.file.name):
        status, _, body = raw_get(nginx, url)
        assert status in (400, 404), (url, status)
        assert SECRET not in body, url

    member = Client()
    member.force_login(get_user_model().objects.create_user("pembaca", "p@w.localhost", "pw"))
    cookie = f"sessionid={member.cookies['sessionid'].value}"
    status, headers, body = raw_get(nginx, document.url, cookie)
    assert (status, body) == (200, SECRET)
    status, _, body = raw_get(nginx, document.url)  # and not kept for the next reader
    assert status == 302 and SECRET not in body


def test_nginx_serves_images_from_media(nginx, site):
    image = WartaImageFactory()
    rendition = image.get_rendition("width-100")
    for url in (image.file.url, rendition.url):
        status, headers, body = raw_get(nginx, url)
        assert status == 200, url
        assert body == (Path(settings.MEDIA_ROOT) / url.removeprefix("/media/")).read_bytes()
        assert headers["content-type"] == "image/jpeg"


def test_live_updates_are_one_nginx_copy_for_every_reader_purged_by_a_post(nginx, channel):
    from warta.live import services
    from warta.live.tests.factories import LiveStoryPageFactory, text_body

    story = LiveStoryPageFactory(parent=channel)
    url = f"{nginx}/live/{story.pk}/updates/"
    cached_by_nginx(url)
    # A client's cache-buster or session cookie does not make a copy of its own.
    busted = urllib.request.Request(url + "?_=1733300000", headers={"Cookie": "sessionid=abc"})  # noqa: S310
    with urllib.request.urlopen(busted, timeout=10) as response:  # noqa: S310
        assert response.headers["X-Proxy-Cache"] == "HIT"
        assert response.headers["Cache-Control"] == "public, max-age=5, s-maxage=5"

    started = time.monotonic()
    services.add_post(story, user=None, body=text_body("Gol pertama!"))
    version = 0
    while version != 1 and time.monotonic() - started < 5:
        headers, body = get(url)
        version = json.loads(body)["version"]
    assert version == 1, "the post never reached nginx's copy"
    assert time.monotonic() - started < 1.0
    headers, body = get(url)
    assert headers["X-Proxy-Cache"] == "HIT" and b"Gol pertama!" in body


def test_live_updates_expire_at_the_poll_pace_and_nginx_revalidates_them(nginx, channel):
    """s-maxage is half the poll interval: nginx serves the expired copy while one request
    asks Warta in the background (its ETag: a 304), then holds it as fresh again. Asked as
    browsers ask (Accept-Encoding matches a map's regex, which must not break the request
    nginx sends Warta)."""
    from warta.live.tests.factories import LiveStoryPageFactory

    story = LiveStoryPageFactory(parent=channel, poll_seconds=2)  # s-maxage=1
    url = f"{nginx}/live/{story.pk}/updates/"

    def poll() -> tuple[dict, dict]:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return dict(response.headers), json.loads(brotli.decompress(response.read()))

    headers, _ = poll()
    assert headers["Cache-Control"] == "public, max-age=1, s-maxage=1"
    started = time.monotonic()
    seen = []
    # Served stale while Warta is asked: STALE from the request that starts the background
    # update, UPDATING from those arriving while it runs (which one a poll sees depends on
    # timing), then HIT once the answer is fresh again.
    served_stale_then_fresh = (["STALE", "HIT"], ["UPDATING", "HIT"])
    while time.monotonic() - started < 5 and seen[-2:] not in served_stale_then_fresh:
        headers, answer = poll()
        if not seen or seen[-1] != headers["X-Proxy-Cache"]:
            seen.append(headers["X-Proxy-Cache"])
        assert answer["story"] == story.pk
    # Fresh, expired (served stale while Warta is asked), fresh again.
    assert seen[-2:] in served_stale_then_fresh, seen

"""Two real app hosts (`warta serve` subprocesses, warta.core.ops.apphosts) sharing
PostgreSQL and Redis behind the shipped HAProxy (deploy/haproxy/warta.cfg):

- a story edited elsewhere is served new by both hosts at once, although each held the old
  page in its page cache and its per-process layer (the shared purge epoch);
- a sign-in on host A is a session on host B, a form served by B posts to A (CSRF), and an
  unpublish through A's admin is seen on B at once;
- one host killed under load: readers through HAProxy see no failed request;
- with media on S3 (Swift's s3api), both hosts show the renditions made once on publish:
  neither makes one or stores a file.

Needs PostgreSQL and Redis (the hosts are other processes: they cannot see SQLite's
in-memory test database or a local-memory cache): CI's PostgreSQL+Redis run."""

import http.cookiejar
import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.core.models import WartaRendition
from warta.core.ops.apphosts import app_hosts
from warta.core.tests.factories import WartaImageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str, opener=None, timeout: float = 10) -> tuple[int, Message, bytes]:
    """Status, headers (names in any case) and body."""
    try:
        with (opener or urllib.request.build_opener()).open(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def shared(settings):
    """The test database and Redis, as the hosts see them; this process's cache under the
    hosts' key prefix, so a publish here bumps the purge epoch they read."""
    if (
        connection.vendor != "postgresql"
        or "RedisCache" not in settings.CACHES["default"]["BACKEND"]
    ):
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL=postgres://… REDIS_URL=…)")
    if shutil.which("haproxy") is None:
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail("haproxy is missing: apt-get install haproxy")
        pytest.skip("haproxy is missing: apt-get install haproxy")
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    redis_url = settings.CACHES["default"]["LOCATION"]
    # Passwords set here are checked by the hosts, which know Django's real hashers only.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": "warta"},
    }
    from django.core.cache import cache

    cache.clear()
    return {
        "DJANGO_SETTINGS_MODULE": "tests.integration.hosts_settings",
        "WARTA_SERVE_SETTINGS": "tests.integration.hosts_settings",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        + db["NAME"],
        "REDIS_URL": redis_url,
        "SECRET_KEY": "hosts-test-key-shared-by-every-host-7f3a9c",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WARTA_LOG_LEVEL": "WARNING",
    }


@pytest.fixture
def cluster(shared, tmp_path):
    env = {**os.environ, **shared}
    with app_hosts(Path(tmp_path), env, count=2, workers=1) as running:
        yield running


def wait_for(url: str, marker: bytes, *, absent: bool = False, limit: float = 5) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, _, body = get(url)
        if (marker in body) != absent and (absent or status == 200):
            return time.monotonic() - started
        time.sleep(0.01)
    raise AssertionError(f"{url}: {'still' if absent else 'never'} {marker!r} after {limit}s")


def test_hosts_share_purges_sessions_and_csrf(cluster, channel):
    a, b = (host.url for host in cluster.hosts)
    story = ArticlePageFactory(parent=channel, title="Gempa di Cianjur")
    path = urlsplit(story.url).path
    for host in (a, b):  # each host holds the page (page cache and its own process layer)
        for _ in range(3):
            status, headers, body = get(host + path)
            assert status == 200 and b"Gempa di Cianjur" in body
        assert headers.get("X-Cache") == "HIT", host

    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Gempa susulan di Cianjur"
    edited.save_revision().publish()  # another process publishes: the epoch moves
    for host in (a, b):
        assert wait_for(host + path, b"Gempa susulan di Cianjur") < 0.5, host

    # A sign-in on A is a session on B.
    get_user_model().objects.create_superuser("redaksi", "redaksi@warta.localhost", "rahasia-1")
    jar = http.cookiejar.CookieJar()  # cookies are per host name, not per port: shared
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _, _, form = get(a + "/admin/login/", browser)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1).decode()
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "redaksi", "password": "rahasia-1"}
    ).encode()
    request = urllib.request.Request(a + "/admin/login/", data=data)  # noqa: S310
    with browser.open(request, timeout=10) as response:
        assert urlsplit(response.url).path == "/admin/", response.url  # signed in on A
    status, _, dashboard = get(b + "/admin/", browser)
    assert status == 200 and b"redaksi" in dashboard  # B knows the session

    # A form served by B is accepted by A (one CSRF secret, shared cookie); without the
    # token A refuses it.
    _, _, confirm = get(f"{b}/admin/pages/{story.pk}/unpublish/", browser)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', confirm).group(1).decode()
    refused = urllib.request.Request(f"{a}/admin/pages/{story.pk}/unpublish/", data=b"x=1")  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as forbidden:
        browser.open(refused, timeout=10)
    assert forbidden.value.code == 403
    assert ArticlePage.objects.get(pk=story.pk).live
    unpublish = urllib.request.Request(  # noqa: S310 - 127.0.0.1
        f"{a}/admin/pages/{story.pk}/unpublish/",
        data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
    )
    with browser.open(unpublish, timeout=10) as response:
        assert response.status == 200
    assert not ArticlePage.objects.get(pk=story.pk).live
    # B held the page; the unpublish through A reached it at once.
    assert wait_for(b + path, b"Gempa susulan di Cianjur", absent=True) < 0.5


def test_a_host_killed_under_load_fails_no_reader(cluster, channel):
    story = ArticlePageFactory(parent=channel, title="Pemilu serentak")
    urls = [cluster.lb_url + urlsplit(story.url).path, cluster.lb_url + "/"]
    for url in urls:
        assert get(url)[0] == 200
    failures: list[str] = []
    served = [0]
    stop = threading.Event()

    def reader(n: int) -> None:
        while not stop.is_set():
            status, _, _ = get(urls[n % len(urls)])
            if status == 200:
                served[0] += 1
            else:
                failures.append(str(status))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # noqa: load before the kill
    before = served[0]
    cluster.kill(1)
    deadline = time.monotonic() + 5
    while cluster.server_states().get("app2") != "DOWN" and time.monotonic() < deadline:
        time.sleep(0.05)
    after_kill = served[0]
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    assert cluster.server_states()["app2"] == "DOWN"
    assert failures == []
    assert before > 0 and served[0] > after_kill  # readers were served before and after


@pytest.fixture
def s3_cluster(shared, s3_media, tmp_path):
    env = {**os.environ, **shared, **s3_media.env()}
    with app_hosts(Path(tmp_path), env, count=2, workers=1, balancer=False) as running:
        yield running


def test_hosts_on_s3_reuse_the_renditions_made_once(s3_cluster, s3_media, channel):
    photo = WartaImageFactory(title="Sawah Subak", width=1400, height=800)
    story = ArticlePageFactory(parent=channel, title="Panen di Tabanan", hero_image=photo)
    made = set(WartaRendition.objects.filter(image=photo).values_list("pk", "file"))
    assert made  # on publish (articles.tasks.generate_renditions_task)
    keys = s3_media.client().list_objects_v2(Bucket=s3_media.bucket)["KeyCount"]
    sources = []
    for host in s3_cluster.hosts:
        status, _, body = get(host.url + urlsplit(story.url).path)
        assert status == 200
        sources.append(set(re.findall(rb'src="([^"]+/images/[^"]+)"', body)))
    assert sources[0] and sources[0] == sources[1]  # the same files, on the public URL
    assert all(src.decode().startswith(s3_media.public_url) for src in sources[0])
    # Neither host made a rendition or stored a file.
    assert set(WartaRendition.objects.filter(image=photo).values_list("pk", "file")) == made
    assert s3_media.client().list_objects_v2(Bucket=s3_media.bucket)["KeyCount"] == keys
    for src in sources[0]:
        assert get(src.decode())[2][:2] == b"\xff\xd8"  # served by the S3 server

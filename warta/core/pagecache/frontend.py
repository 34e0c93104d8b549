"""Purging caches in front of Warta (nginx, Varnish, a CDN) through Wagtail's frontend-cache
backends.

An edge that files pages under our surrogate keys (Varnish with xkey, Fastly, Cloudflare:
`warta.core.pagecache.edge`) is handed the keys themselves. A frontend cache that knows only
URLs (the shipped nginx, Wagtail's CloudFront backend) needs every stored page to record its URL
under each of its keys; purging a key takes the URLs recorded under it and hands them to those
backends. The page cache's own purge happens first, so a frontend that refetches at once gets
the new page."""

from __future__ import annotations

import fcntl
import http.client
import logging
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from django_redis import get_redis_connection
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from warta.core.pagecache import edge
from warta.core.pagecache.edge import (
    CloudflareTagBackend,
    FastlyKeyBackend,
    KeyPurgeBackend,
    VarnishXkeyBackend,
)
from warta.core.pagecache.localcache import EPOCH_RECHECK

__all__ = [
    "CloudflareTagBackend",
    "FastlyKeyBackend",
    "NginxPurgeBackend",
    "VarnishXkeyBackend",
    "purge",
    "remember",
]

logger = logging.getLogger(__name__)
INDEX_PREFIX = "warta:urls:v1:"
INDEX_TTL = 24 * 3600  # longer than any frontend keeps a page


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purges_by_url() -> bool:
    """Is any configured frontend one that must be told URLs (so pages record theirs)?"""
    configured = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    return any(
        not issubclass(import_string(params["BACKEND"]), KeyPurgeBackend)
        for params in configured.values()
    )


def _redis():
    if not settings.REDIS_URL:
        return None

    return get_redis_connection("default")


def remember(url: str, keys: Iterable[str]) -> None:
    """Record that the page at `url` depends on `keys`."""
    if not enabled() or not purges_by_url():
        return
    keys = list(keys)
    redis = _redis()
    if redis is not None:  # atomic set additions: no update is lost between workers
        pipe = redis.pipeline(transaction=False)
        for key in keys:
            pipe.sadd(INDEX_PREFIX + key, url)
            pipe.expire(INDEX_PREFIX + key, INDEX_TTL)
        pipe.execute()
        return
    # The embedded default: read-modify-write in the shared file cache, under a lock every
    # worker process takes, so no URL is lost when two store at once.
    with _index_lock():
        found = cache.get_many([INDEX_PREFIX + key for key in keys])
        cache.set_many(
            {INDEX_PREFIX + key: found.get(INDEX_PREFIX + key, set()) | {url} for key in keys},
            INDEX_TTL,
        )


def take_urls(keys: Iterable[str]) -> set[str]:
    """The URLs recorded under `keys`, forgetting them (they are about to be purged)."""
    names = [INDEX_PREFIX + key for key in set(keys)]
    redis = _redis()
    if redis is not None:
        pipe = redis.pipeline(transaction=True)
        for name in names:
            pipe.smembers(name)
        pipe.delete(*names)
        *members, _ = pipe.execute()
        return {m.decode() for group in members for m in group}
    with _index_lock():
        found = cache.get_many(names)
        cache.delete_many(names)
    return set().union(*found.values()) if found else set()


_thread_lock = threading.Lock()


@contextmanager
def _index_lock():
    """Across the worker processes of one machine (the file cache is local to it)."""
    location = settings.CACHES["default"].get("LOCATION", "")
    if "filebased" not in settings.CACHES["default"]["BACKEND"]:
        with _thread_lock:  # local memory: one process
            yield
        return
    Path(location).mkdir(parents=True, exist_ok=True)
    with _thread_lock, open(Path(location) / "warta-url-index.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def purge(keys: Iterable[str], *, wait: bool = False) -> threading.Thread | None:
    """Purge the frontend caches of every page showing `keys`, off the request thread: the
    keys themselves for edges that purge by key, the URLs recorded under them for the others."""
    if not enabled():
        return None
    keys = sorted(set(keys))
    urls = sorted(take_urls(keys)) if purges_by_url() else []
    by_key = any(isinstance(b, KeyPurgeBackend) for b in get_backends().values())
    if not urls and not (keys and by_key):
        return None
    worker = threading.Thread(target=purge_frontends, args=(keys, urls), daemon=True)
    worker.start()
    if wait:
        worker.join()
    return worker


def purge_frontends(keys: list[str], urls: list[str]) -> None:
    # Every worker must have seen the purge before the frontend refetches a page, or one
    # could hand it a page it still holds (warta.core.pagecache.localcache): wait out the recheck.
    time.sleep(EPOCH_RECHECK * 1.5)
    if urls:
        purge_urls(urls)
    if keys:
        purge_edge_keys(keys)


def purge_urls(urls: list[str]) -> None:
    """Purge `urls` from the frontends that purge by URL."""
    for name, backend in get_backends().items():
        if isinstance(backend, KeyPurgeBackend):
            continue
        try:
            backend.purge_batch(urls)
        except Exception:  # noqa: BLE001 - a frontend down must not break publishing
            logger.exception("frontend cache %s: purge of %d URLs failed", name, len(urls))


def purge_edge_keys(keys: list[str]) -> None:
    """Purge `keys` from the edges that purge by key (warta.core.pagecache.edge)."""
    for name, backend in get_backends().items():
        if not isinstance(backend, KeyPurgeBackend):
            continue
        try:
            backend.purge_keys(keys)
        except edge.PurgeError as error:  # the API's refusal, already spelled out
            logger.error("frontend cache %s: purge of %d keys failed: %s", name, len(keys), error)
        except Exception:  # noqa: BLE001 - a frontend down must not break publishing
            logger.exception("frontend cache %s: purge of %d keys failed", name, len(keys))


class NginxPurgeBackend(BaseBackend):
    """Purges the shipped nginx cache (deploy/nginx/warta.conf): one PURGE per cached
    encoding and Save-Data variant of each URL (nginx keeps br, gzip and plain copies of the
    full and the lite rendering), over one kept-alive
    connection to the purge server. 404 means "was not cached": fine."""

    ENCODINGS = ("", "gzip", "br")
    # nginx keeps the lite rendering a Save-Data reader gets apart too (warta.core.sites.lite).
    SAVE_DATA = ("", "on")

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params["LOCATION"])
        self.host, self.port = location.hostname, location.port or 80
        self.timeout = params.get("TIMEOUT", 5)

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            for url in urls:
                parts = urlsplit(url)
                if not self.invalidates_hostname(parts.hostname):
                    continue
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                for encoding in self.ENCODINGS:
                    for save_data in self.SAVE_DATA:
                        headers = {"Host": parts.netloc, "Accept-Encoding": encoding}
                        if save_data:
                            headers["Save-Data"] = save_data
                        connection.request("PURGE", path, headers=headers)
                        response = connection.getresponse()
                        response.read()
                        if response.status not in (200, 404):
                            logger.error("nginx purge of %s answered %s", url, response.status)
        finally:
            connection.close()

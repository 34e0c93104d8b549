"""Page cache for anonymous readers, in the shared Django cache (file or Redis).

A hit is answered before URL resolution and page lookup. Bodies are stored compressed (gzip,
and brotli), so a hit costs no compression. Invalidation is exact by surrogate keys with
generations: every entry remembers the generation of each key it depends on; purging bumps
the generation, so every variant of every page showing that content (including ?page=N) is
stale at once, and nothing else is touched.

The keys a page carries:
- `article:<id>` for every story it shows: its own, and each card, Terpopuler, Network
  Updates and ticker item (registered while the template renders, `{% shows story %}`);
- one key per list it shows: `latest:<site>`, `section:<page>`, `channel:<site>:<slug>`,
  `tag:<site>:<slug>`, `author-stories:<site>:<id>`, `network-updates`,
  `indeks:<site>:<day>[:<channel>]`;
- `trust:<kind>`: a trust page (/redaksi/ …) on every site, which may show the network's default;
- `author:<id>`: a byline's name, photo and bio;
- `site:<id>`: the frame (navigation, settings, ticker membership);
- `stories:<site>`: only pages that did not declare their lists (feeds, sitemaps, API,
  corrections), which any story change on that site makes stale.
Key names are built in `warta.core.pagecache.keys`. Which lists a story belongs to, and so
which keys its publish purges, is `warta.articles.purging.story_purge_keys`."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from warta.core.db import freshness
from warta.core.pagecache import frontend, keys, localcache
from warta.core.request import WartaRequest

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is in the lock; gzip alone still works
    brotli = None

logger = logging.getLogger(__name__)

ENTRY_PREFIX = "warta:page:v1:"
RENDER_LOCK_PREFIX = "warta:rendering:v1:"
# A render that dies without releasing its claim frees the page after this many seconds.
RENDER_CLAIM_TTL = 10
GENERATION_PREFIX = "warta:gen:v1:"
ENTRY_TTL = 600  # seconds an entry is served as fresh; purges end it sooner
# Entries are kept this long as stale copies: served while the database is down, and to
# other readers for the moment one request renders a purged page again (claim_render).
STALE_TTL = 24 * 3600
BROWSER_MAX_AGE = 60
SHARED_MAX_AGE = 300
STALE_WHILE_REVALIDATE = 600
# Every cached answer depends on these request headers (the stored encodings; Save-Data: the
# lite edition, warta.core.sites.lite), and is keyed on them.
VARY = "Accept-Encoding, Save-Data"
CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "text/plain",
)
BYPASS_PREFIXES = ("/admin/", "/akun/", "/cari/", "/documents/", "/_util/", "/static/", "/media/")
# Cached although under a bypassed prefix: the search box's suggestions (warta.search).
CACHED_UNDER_BYPASS = ("/cari/saran/",)
# A regional site reached by the path fallback (/r/<slug>/…, warta.core.sites.middleware) and the
# English edition (/en/…, warta.core.sites.editions): the rest of the path is what the bypass
# list is about, after the lite edition's /lite (warta.core.sites.lite).
PATH_FALLBACK_PREFIX = re.compile(r"^(?:/r/[a-z0-9-]+)?(?:/en)?(?=/)")
LITE_PREFIX = "/lite/"
# A WordPress site's old query addresses (/?p=123, /index.php?page_id=7 …) answer with a
# redirect (warta.ingest.legacy), never from the cache nor into it: before an import they
# showed the home page, and that copy must not keep answering once the redirect exists.
LEGACY_PATHS = ("/", "/index.php")
LEGACY_QUERY = re.compile(r"(?:^|&)(?:p|page_id|cat|author|attachment_id)=\d")


@dataclass
class Entry:
    status: int
    content_type: str
    gzip_body: bytes
    brotli_body: bytes | None
    etag: str
    last_modified: float
    keys: dict[str, int] = field(default_factory=dict)
    extra_headers: dict[str, str] = field(default_factory=dict)
    story_id: int | None = None  # the story this page is (for read counts), not its cards
    # The view's own Cache-Control (own_cache_control), None for the standard one. Entries
    # stored before this field unpickle with the class default, None.
    cache_control: str | None = None


# Keys registered while the current request renders (templates have no request at hand).
_rendering_keys: ContextVar[set[str] | None] = ContextVar("warta_rendering_keys", default=None)


def add_cache_keys(request: HttpRequest, *keys: str) -> None:
    """Declare what content a response shows, for exact invalidation."""
    marked = cast(WartaRequest, request)
    if not hasattr(marked, "surrogate_keys"):
        marked.surrogate_keys = set()
    marked.surrogate_keys.update(k for k in keys if k)


def declare_lists(request: HttpRequest, *keys: str) -> None:
    """The view names every list its page shows, so a story change elsewhere on the site
    leaves the page alone (no `stories:<site>` catch-all)."""
    cast(WartaRequest, request).precise_keys = True
    add_cache_keys(request, *keys)


def own_cache_control(request: HttpRequest, response: HttpResponse, value: str) -> None:
    """The response's Cache-Control is the view's, not the standard one: kept on the page
    cache's entry and sent with every hit (the live updates address, which browsers must
    revalidate at about the poll interval while nginx and the page cache hold it until a purge)."""
    cast(WartaRequest, request).warta_cache_control = value
    response["Cache-Control"] = value


def frontend_ttl_only(request: HttpRequest) -> None:
    """Frontend caches (nginx, a CDN) keep this answer only for its own short max-age: its URL
    is not recorded for purging. For endpoints with too many addresses to purge one by one
    (the search box's suggestions); the page cache itself is still purged exactly."""
    cast(WartaRequest, request).warta_frontend_ttl_only = True


def depends_on(*keys: str) -> None:
    """Called while rendering: the page being built shows this content."""
    found = _rendering_keys.get()
    if found is not None:
        found.update(keys)


def start_collecting() -> object:
    return _rendering_keys.set(set())


@contextmanager
def collecting():
    """Collect the keys registered inside the block apart (they are also kept for the page)."""
    outer = _rendering_keys.get()
    inner: set[str] = set()
    token = _rendering_keys.set(inner)
    try:
        yield inner
    finally:
        _rendering_keys.reset(token)
        if outer is not None:
            outer.update(inner)


def stop_collecting(token) -> None:
    _rendering_keys.reset(token)


def keys_of(request: HttpRequest) -> set[str]:
    """Every key the response to this request depends on."""
    found = set(getattr(request, "surrogate_keys", ())) | (_rendering_keys.get() or set())
    site_id = getattr(request, "warta_site_id", None)
    if site_id is not None:
        found.add(keys.site(site_id))
        if not getattr(request, "precise_keys", False):
            found.add(keys.stories(site_id))
    return found


def _generation_keys(keys) -> list[str]:
    return [GENERATION_PREFIX + k for k in keys]


def generations(keys) -> dict[str, int]:
    held, missing = localcache.known_generations(keys)
    if missing:
        found = cache.get_many(_generation_keys(missing))
        read = {k: int(found.get(GENERATION_PREFIX + k, 0)) for k in missing}
        localcache.remember_generations(read)
        held.update(read)
    return held


_purges_held: ContextVar[bool] = ContextVar("warta_purges_held", default=False)


@contextmanager
def purges_held():
    """Within it `purge_keys` does nothing: for work that is rolled back whole (a dry run of
    an import), where a purge would only make caches render unchanged pages again."""
    token = _purges_held.set(True)
    try:
        yield
    finally:
        _purges_held.reset(token)


class _Gathered:
    def __init__(self, every_seconds: float) -> None:
        self.keys: set[str] = set()
        self.every_seconds = every_seconds
        self.since = time.monotonic()


_purges_gathered: ContextVar[_Gathered | None] = ContextVar("warta_purges_gathered", default=None)


@contextmanager
def purges_gathered(every_seconds: float = 30.0):
    """Within it the keys of `purge_keys` are gathered and purged together at most every
    `every_seconds` and at the end: for bulk work (a migration of thousands of stories), where
    each story would otherwise bump the same site, channel and list keys again, thousands of
    times. Caches may show lists up to `every_seconds` old meanwhile; nothing stays stale."""
    gathered = _Gathered(every_seconds)
    token = _purges_gathered.set(gathered)
    try:
        yield
    finally:
        _purges_gathered.reset(token)
        if gathered.keys:
            purge_keys(gathered.keys)


def purge_keys(keys) -> None:
    """Make every cached page that depends on any of `keys` stale, here at once and in the
    frontend caches (nginx, CDN) when the change is committed."""
    if _purges_held.get():
        return
    gathered = _purges_gathered.get()
    if gathered is not None:
        gathered.keys.update(keys)
        if time.monotonic() - gathered.since < gathered.every_seconds:
            return
        keys, gathered.keys, gathered.since = gathered.keys, set(), time.monotonic()
    keys = set(keys)
    _bump(keys)

    def after_commit() -> None:
        # A request that read the old rows before the commit may have stored them under the
        # new generation: bump once more now that the change is visible. Readers of a
        # replica read the primary until it has replayed this change (warta.core.db).
        freshness.note_primary_position()
        _bump(keys)
        frontend.purge(keys)

    transaction.on_commit(after_commit)


def _bump(keys: set[str]) -> None:
    for key in keys:
        generation_key = GENERATION_PREFIX + key
        try:
            cache.incr(generation_key)
        except ValueError:
            cache.set(generation_key, int(time.time() * 1000) % 10**9, None)
    localcache.bump_epoch()


def bypassed(path: str) -> bool:
    """Paths never cached (admin, accounts, search, files), on a site's own host or under
    /r/<slug>/, in either language, full or lite (/lite/cari/, warta.core.sites.lite)."""
    if path.startswith(("/r/", "/en/")):
        path = PATH_FALLBACK_PREFIX.sub("", path, count=1)
    if path.startswith(LITE_PREFIX):
        path = path[len(LITE_PREFIX) - 1 :]
    return path.startswith(BYPASS_PREFIXES) and not path.startswith(CACHED_UNDER_BYPASS)


def legacy_query(path: str, query: str) -> bool:
    """Is this one of WordPress's query addresses (on any host, /r/<slug>/, /en/ or /lite/)?"""
    if not query or LEGACY_QUERY.search(query) is None:
        return False
    if path.startswith(("/r/", "/en/")):
        path = PATH_FALLBACK_PREFIX.sub("", path, count=1)
    if path.startswith(LITE_PREFIX):
        path = path[len(LITE_PREFIX) - 1 :]
    return path in LEGACY_PATHS


def saves_data(value: str | None) -> bool:
    """A `Save-Data` header asking for less data ("on", parameters allowed): the page is
    answered in its lite edition (warta.core.sites.lite), a variant of its own here."""
    return value is not None and value.split(";", 1)[0].strip().lower() == "on"


def entry_key(request: HttpRequest) -> str | None:
    path = request.path
    if request.method not in ("GET", "HEAD") or bypassed(path):
        return None
    if request.COOKIES.get("sessionid"):
        return None  # signed-in readers and staff always get fresh pages
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        return None  # answered with 400 further in
    query = request.META.get("QUERY_STRING", "")
    if legacy_query(path, query):
        return None
    return key_for(host, path, query, save_data=saves_data(request.META.get("HTTP_SAVE_DATA")))


def key_for(host: str, path: str, query: str, *, save_data: bool = False) -> str:
    """A reader asking to save data gets the lite rendering of the same URL: its own entry
    (responses say `Vary: Save-Data`)."""
    raw = f"{host}|{path}|{query}" + ("|save-data" if save_data else "")
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def lookup(key: str) -> Entry | None:
    """The entry to answer with, if it is fresh and nothing it shows was purged since."""
    return find(key)[0]


def find(key: str) -> tuple[Entry | None, Entry | None]:
    """(fresh entry or None, the stored copy however old or purged), from one read."""
    entry = localcache.get(key)  # held here and nothing purged since
    if entry is not None:
        return entry, entry
    stored = cache.get(key)
    if stored is None or time.time() - stored.last_modified > ENTRY_TTL:
        return None, stored
    if stored.keys and generations(stored.keys) != stored.keys:
        return None, stored  # purged since it was stored
    localcache.put(key, stored)
    return stored, stored


def claim_render(key: str, stored: Entry | None) -> tuple[bool, Entry | None]:
    """After a miss, decide who renders: (claimed, copy). Exactly one request renders a page
    that has a stored copy (purged or expired, `stored` from `find`); every other one
    meanwhile gets that copy, so a purged home page under a breaking-news spike is rendered
    once, not once per reader, and no worker waits. With no copy at all, everyone renders
    (claimed False, copy None)."""
    if stored is None:
        return False, None
    if cache.add(RENDER_LOCK_PREFIX + key, 1, RENDER_CLAIM_TTL):
        return True, None
    return False, stored


def release_render(key: str) -> None:
    cache.delete(RENDER_LOCK_PREFIX + key)


def lookup_stale(key: str) -> Entry | None:
    """The last stored copy, however old or purged: for readers while the database is down."""
    return cache.get(key)


def store(key: str, request: HttpRequest, response: HttpResponse) -> Entry | None:
    if not _cacheable(request, response):
        return None
    body = response.content
    keys = keys_of(request)
    entry = Entry(
        status=response.status_code,
        content_type=response["Content-Type"],
        gzip_body=gzip.compress(body, compresslevel=6, mtime=0),
        brotli_body=brotli.compress(body, quality=5) if brotli else None,
        etag='"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"',
        last_modified=time.time(),
        keys=generations(keys) if keys else {},
        story_id=getattr(request, "warta_story_id", None),
        cache_control=getattr(request, "warta_cache_control", None),
        extra_headers={
            h: response[h] for h in ("Content-Language", "X-Robots-Tag") if h in response
        },
    )
    cache.set(key, entry, STALE_TTL)
    if keys and not getattr(request, "warta_frontend_ttl_only", False):
        frontend.remember(request.build_absolute_uri(), keys)
    return entry


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "")
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    content_type = response.get("Content-Type", "")
    return content_type.startswith(CACHEABLE_TYPES)


def plain_body(entry: Entry) -> bytes:
    """The uncompressed body, decompressed once per process for clients without gzip."""
    body = vars(entry).get("_plain")
    if body is None:
        body = gzip.decompress(entry.gzip_body)
        # On this process's copy only (not a field: entries stored before it unpickle too).
        vars(entry)["_plain"] = body
    return body


def cache_control(entry: Entry | None = None) -> str:
    """The entry's own Cache-Control if its view set one, else the standard one."""
    if entry is not None and entry.cache_control:
        return entry.cache_control
    return (
        f"public, max-age={BROWSER_MAX_AGE}, s-maxage={SHARED_MAX_AGE}, "
        f"stale-while-revalidate={STALE_WHILE_REVALIDATE}"
    )


def respond(request: HttpRequest, entry: Entry, *, hit: bool) -> HttpResponse:
    if request.META.get("HTTP_IF_NONE_MATCH") == entry.etag:
        response = HttpResponse(status=304)
    else:
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if entry.brotli_body is not None and "br" in accepted:
            response = HttpResponse(entry.brotli_body, status=entry.status)
            response["Content-Encoding"] = "br"
        elif "gzip" in accepted:
            response = HttpResponse(entry.gzip_body, status=entry.status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(plain_body(entry), status=entry.status)
        response["Content-Type"] = entry.content_type
    for header, value in entry.extra_headers.items():
        response[header] = value
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = cache_control(entry)
    response["Vary"] = VARY
    # Proxies keep and send a body of known length without chunking it on every hit.
    response["Content-Length"] = str(len(response.content))
    if entry.keys:
        name, value = key_header(entry.keys)
        response[name] = value
    response["X-Cache"] = "HIT" if hit else "MISS"
    return response


def key_header(keys) -> tuple[str, str]:
    """The header carrying a page's surrogate keys to the edge: `Surrogate-Key`, space
    separated (nginx ignores it, Varnish's xkey and Fastly file the page under them), or
    `Cache-Tag`, comma separated, behind Cloudflare (WARTA_EDGE=cloudflare)."""
    if getattr(settings, "WARTA_EDGE", "") == "cloudflare":
        return "Cache-Tag", ",".join(sorted(keys))
    return "Surrogate-Key", " ".join(sorted(keys))


def respond_stale(request: HttpRequest, entry: Entry) -> HttpResponse:
    """The previous copy while the page is being rendered again: a shared cache must not keep
    it (nginx would otherwise hold the old page for s-maxage)."""
    response = respond(request, entry, hit=True)
    response["X-Cache"] = "STALE"
    response["Cache-Control"] = "no-cache"
    return response

"""The page cache's hit path at the WSGI level: an anonymous reader's request for a cached
page is answered before Django builds a request object or runs any middleware.

The answer is the same as the middleware's (warta.core.pagecache.respond): the stored body
in the encoding asked for, 304 on a matching ETag, and the headers the outer middleware
(security headers, Content Security Policy) put on every public page, learnt from the first
page cache response this process sends through Django. Until then, and for anything that is
not a plain anonymous GET or HEAD of a cached page, Django answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http.request import HttpHeaders
from django.utils.http import http_date

from warta.core import pagecache
from warta.core.signals import page_viewed

# Headers the page cache sets itself; every other header on its responses comes from the
# middleware outside it and is the same for every public page.
OWN_HEADERS = {
    "content-type",
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "surrogate-key",
    "x-cache",
    "content-language",
    "x-robots-tag",
}
REASONS = {
    200: "200 OK",
    204: "204 No Content",
    304: "304 Not Modified",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    410: "410 Gone",
    413: "413 Content Too Large",
    429: "429 Too Many Requests",
    503: "503 Service Unavailable",
}

# Addresses answered here, before Django, by an app's handler (the analytics beacon): the
# handler takes the WSGI environ and returns (status, headers, body). Apps register theirs in
# their ready().
Endpoint = Callable[[dict], tuple[int, list[tuple[str, str]], bytes]]
_ENDPOINTS: dict[str, Endpoint] = {}


def register_endpoint(path: str, handler: Endpoint) -> None:
    _ENDPOINTS[path] = handler


class EnvironHeaders:
    """request.headers.get() read straight from the WSGI environ, parsing nothing else."""

    def __init__(self, environ: dict):
        self.environ = environ

    def get(self, name: str, default=None):
        return self.environ.get(HttpHeaders.to_wsgi_name(name), default)


class ReaderRequest:
    """What the read counters look at (method and headers), without a Django request."""

    user = None

    def __init__(self, environ: dict):
        self.method = environ["REQUEST_METHOD"]
        self.headers = EnvironHeaders(environ)
        self.META = environ  # the client address is read from it
        self.path = environ.get("PATH_INFO", "/")


class PageCacheApplication:
    def __init__(self, django_app: Callable):
        self.django_app = django_app
        self.enabled = settings.WARTA_PAGE_CACHE
        self.plain_script = settings.FORCE_SCRIPT_NAME is None
        self.outer_headers: list[tuple[str, str]] | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        endpoint = _ENDPOINTS.get(environ.get("PATH_INFO", ""))
        if endpoint is not None:
            code, headers, body = endpoint(environ)
            start_response(REASONS.get(code, f"{code} OK"), headers)
            return [body]
        if not self.enabled:
            return self.django_app(environ, start_response)
        if self.outer_headers is not None:
            answer = self.hit(environ)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        if self.outer_headers is None:
            return self.django_app(environ, self.learning(start_response))
        return self.django_app(environ, start_response)

    def learning(self, start_response: Callable) -> Callable:
        def capture(status, headers, exc_info=None):
            names = {name.lower() for name, _ in headers}
            if "x-cache" in names and status.startswith("200"):
                self.outer_headers = [(n, v) for n, v in headers if n.lower() not in OWN_HEADERS]
            return start_response(status, headers, exc_info)

        return capture

    def hit(self, environ: dict) -> tuple[str, list, bytes] | None:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or "sessionid=" in environ.get("HTTP_COOKIE", ""):
            return None
        path = self.path_of(environ)
        if pagecache.bypassed(path):
            return None
        host = environ.get("HTTP_HOST", "").lower()
        if not host:
            return None
        save_data = pagecache.saves_data(environ.get("HTTP_SAVE_DATA"))
        query = environ.get("QUERY_STRING", "")
        if pagecache.legacy_query(path, query):
            return None  # a WordPress address: redirected further in (warta.ingest.legacy)
        entry = pagecache.lookup(pagecache.key_for(host, path, query, save_data=save_data))
        if entry is None:
            return None
        # Lite readers are counted by the server (warta.analytics.receivers); a client without
        # User-Agent never is.
        if environ.get("HTTP_USER_AGENT"):
            page_viewed.send(
                sender=type(self), request=ReaderRequest(environ), story_id=entry.story_id
            )
        return self.answer(environ, entry, head=method == "HEAD")

    def path_of(self, environ: dict) -> str:
        """request.path as Django computes it (the page cache key uses it)."""
        path_info = environ.get("PATH_INFO", "/")
        if not environ.get("SCRIPT_NAME") and self.plain_script and path_info.isascii():
            return path_info or "/"
        return get_script_name(environ) + get_path_info(environ)

    def answer(self, environ: dict, entry, *, head: bool) -> tuple[str, list, bytes]:
        headers = list(self.fixed_headers(entry))
        if environ.get("HTTP_IF_NONE_MATCH") == entry.etag:
            return REASONS[304], headers, b""
        accepted = environ.get("HTTP_ACCEPT_ENCODING", "")
        if entry.brotli_body is not None and "br" in accepted:
            body, encoding = entry.brotli_body, "br"
        elif "gzip" in accepted:
            body, encoding = entry.gzip_body, "gzip"
        else:
            body, encoding = pagecache.plain_body(entry), None
        headers.append(("Content-Type", entry.content_type))
        headers.append(("Content-Length", str(len(body))))
        if encoding:
            headers.append(("Content-Encoding", encoding))
        status = REASONS.get(entry.status, f"{entry.status} OK")
        return status, headers, b"" if head else body

    def fixed_headers(self, entry) -> list[tuple[str, str]]:
        """The headers that do not depend on the request, built once per entry here."""
        fixed = getattr(entry, "_fixed_headers", None)
        if fixed is None:
            fixed = [
                ("ETag", entry.etag),
                ("Last-Modified", http_date(entry.last_modified)),
                ("Cache-Control", pagecache.cache_control(entry)),
                ("Vary", pagecache.VARY),
                ("X-Cache", "HIT"),
            ]
            if entry.keys:
                fixed.append(pagecache.key_header(entry.keys))
            fixed += list(entry.extra_headers.items())
            assert self.outer_headers is not None  # hit() is only tried once they are known
            fixed += self.outer_headers
            entry._fixed_headers = fixed  # this process's copy only
        return fixed

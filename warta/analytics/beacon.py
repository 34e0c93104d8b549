"""The beacon's one address, answered at the WSGI level before Django's middleware (like a
page cache hit) and by a plain view for everything else (tests, the development server).

POST /_e with the event as text/plain JSON (warta.analytics.ingest); 204 when kept, 400 with
the reason when not, 405 for any other method. No cookie is read or set, nothing is cached,
and nothing is written to the database on the way."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from warta.analytics import buffer
from warta.analytics.ingest import MAX_BODY, PING, BeaconError, event, parse, refuses_tracking
from warta.core.pagecache.fastpath import EnvironHeaders, register_endpoint
from warta.core.security.clientaddress import client_address
from warta.core.sites.lookup import all_sites

PATH = "/_e"
NO_STORE = [("Cache-Control", "no-store"), ("X-Robots-Tag", "noindex")]


def _known_site(site_id: int, host: str) -> bool:
    """The site exists and the beacon came from its own host, or from the default site's
    host, which serves every regional site through the /r/<slug>/ path."""
    hostname = host.split(":")[0].lower()
    sites = all_sites()
    site = next((s for s in sites if s.pk == site_id), None)
    if site is None:
        return False
    if site.hostname.lower() == hostname:
        return True
    return any(s.is_default_site and s.hostname.lower() == hostname for s in sites)


def _from_elsewhere(headers) -> bool:
    """A beacon sent by another web site's page (its readers are not ours to count): the
    browser says so in Sec-Fetch-Site, or an Origin that is no network host."""
    if headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = headers.get("Origin")
    if not origin or origin == "null":
        return bool(origin)
    hostname = (urlsplit(origin).hostname or "").lower()
    return hostname not in {s.hostname.lower() for s in all_sites()}


def accept(body: bytes, headers, meta: dict) -> tuple[int, str]:
    """Keep one event; (status, reason). Shared by both ways in."""
    try:
        fields = parse(body)
    except BeaconError as error:
        return 400, str(error)
    host = headers.get("Host", "") or ""
    if not _known_site(fields["site_id"], host):
        return 400, "unknown site"
    if _from_elsewhere(headers):
        return 400, "not sent from a page of this network"
    if fields["kind"] == PING and refuses_tracking(headers):
        return 204, "not counted: Do Not Track"
    agent = headers.get("User-Agent", "") or ""
    address = client_address(cast(HttpRequest, _Meta(meta)))  # it reads META only
    if not _allowance.take(address):
        return 429, "too many events from this address"
    buffer.add(event(fields, host=host, address=address, agent=agent))
    return 204, ""


class Allowance:
    """At most `per_minute` events per client address per serving process and minute, in
    memory (no I/O): one machine changing its browser string cannot pose as a crowd. Generous,
    because many readers share an address behind a mobile carrier's NAT."""

    def __init__(self, per_minute: int | None = None) -> None:
        self.per_minute = per_minute
        self.minute = 0
        self.counts: dict[str, int] = {}

    def take(self, address: str) -> bool:
        if self.per_minute is None:
            self.per_minute = settings.WARTA_ANALYTICS_EVENTS_PER_ADDRESS
        minute = int(time.monotonic() // 60)
        if minute != self.minute:
            self.minute, self.counts = minute, {}
        used = self.counts.get(address, 0)
        if used >= self.per_minute:
            return False
        self.counts[address] = used + 1
        return True


_allowance = Allowance()


class _Meta:
    """What client_address reads, from a WSGI environ."""

    def __init__(self, meta: dict) -> None:
        self.META = meta


def _read_body(environ: dict) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return b""
    if length > MAX_BODY:
        return None
    return environ["wsgi.input"].read(length) if length > 0 else b""


def wsgi_beacon(environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
    if environ.get("REQUEST_METHOD") != "POST":
        return 405, [("Allow", "POST"), *NO_STORE], b"POST only\n"
    body = _read_body(environ)
    if body is None:
        return 413, [("Content-Type", "text/plain"), *NO_STORE], b"body over 1024 bytes\n"
    status, reason = accept(body, EnvironHeaders(environ), environ)
    if status == 204:
        return 204, NO_STORE, b""
    return (
        status,
        [("Content-Type", "text/plain; charset=utf-8"), *NO_STORE],
        (reason.encode() + b"\n"),
    )


@csrf_exempt
def beacon_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        response = HttpResponse("POST only\n", status=405, content_type="text/plain")
        response["Allow"] = "POST"
    elif len(request.body) > MAX_BODY:
        response = HttpResponse("body over 1024 bytes\n", status=413, content_type="text/plain")
    else:
        status, reason = accept(request.body, request.headers, request.META)
        response = HttpResponse(status=status)
        if status != 204:
            response = HttpResponse(reason + "\n", status=status, content_type="text/plain")
    for name, value in NO_STORE:
        response[name] = value
    return response


def install() -> Callable:
    register_endpoint(PATH, wsgi_beacon)
    return wsgi_beacon

"""The beacon's request path, kept free of I/O: parse and check one event, add it to this
process's buffer (warta.analytics.buffer). Hashing, referrer classes and bot checks happen
off the request path, when the buffer is written to the event log.

The beacon is a small JSON object sent by `navigator.sendBeacon` as text/plain (no CORS
preflight, no cookie):

    {"k": "v", "s": 3, "a": 1234, "r": "https://www.google.com/"}   a page view
    {"k": "p", "s": 3, "a": 1234, "e": 15, "d": 80}                   an engaged-time ping

k: kind (v view, p ping); s: the site's id; a: the story's page id (0 for other pages);
r: document.referrer (views); e: engaged seconds since the last ping, 1-30 (pings);
d: the deepest scroll reached, 0-100 %."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

MAX_BODY = 1024
MAX_REFERRER = 512
MAX_ENGAGED = 30  # seconds one ping may add (pings come every 15 s)
# What static/analytics/beacon.js does (a test holds the script to these; /privasi/ says them).
PING_SECONDS = 15  # a ping every 15 s while visible, if the reader was active in that time
PINGS_PER_PAGE = 120  # then no more: 30 minutes of pings on one page
VIEW = "v"
PING = "p"
LITE = "l"  # a view counted by the server: the lite edition runs no JavaScript
KINDS = (VIEW, PING)

# "bot" but not in "Cubot", a phone maker.
BOTS = re.compile(
    r"(?<!cu)bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|curl|wget|"
    r"python-requests|python-urllib|httpx|aiohttp|axios|node-fetch|undici|libwww|postman|"
    r"guzzle|httpclient|headless|lighthouse|monitor|uptime|phantomjs|scrapy|go-http|java/|okhttp",
    re.IGNORECASE,
)


class BeaconError(ValueError):
    """The beacon's body is not an event Warta counts; the message says why."""


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the request path keeps it: what the beacon said and who sent it."""

    at: float  # Unix time
    kind: str
    site_id: int
    story_id: int
    referrer: str
    engaged: int
    scroll: int
    host: str
    address: str
    agent: str


def _int(data: dict, name: str, low: int, high: int, default: int | None = None) -> int:
    value = data.get(name, default)
    if value is None:
        raise BeaconError(f"'{name}' is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise BeaconError(f"'{name}' must be a whole number")
    if not low <= value <= high:
        raise BeaconError(f"'{name}' must be between {low} and {high}")
    return value


def parse(body: bytes) -> dict:
    """The beacon's fields, checked; BeaconError names the first thing wrong."""
    if not body:
        raise BeaconError("empty body")
    if len(body) > MAX_BODY:
        raise BeaconError(f"body over {MAX_BODY} bytes")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise BeaconError("body is not JSON") from error
    if not isinstance(data, dict):
        raise BeaconError("body is not a JSON object")
    kind = data.get("k")
    if kind not in KINDS:
        raise BeaconError("'k' must be 'v' (view) or 'p' (ping)")
    fields = {
        "kind": kind,
        "site_id": _int(data, "s", 1, 2**31 - 1),
        "story_id": _int(data, "a", 0, 2**31 - 1, 0),
        "scroll": _int(data, "d", 0, 100, 0),
        "engaged": 0,
        "referrer": "",
    }
    if kind == PING:
        fields["engaged"] = _int(data, "e", 0, MAX_ENGAGED)
    else:
        referrer = data.get("r", "")
        if not isinstance(referrer, str):
            raise BeaconError("'r' must be text")
        fields["referrer"] = referrer[:MAX_REFERRER]
    return fields


def is_bot(agent: str) -> bool:
    return not agent or _is_bot(agent[:512])


@lru_cache(maxsize=1024)
def _is_bot(agent: str) -> bool:
    return BOTS.search(agent) is not None  # browsers repeat a handful of strings


def refuses_tracking(headers) -> bool:
    """Do Not Track or Global Privacy Control: such a reader's view is counted, engaged time
    is not (the page's script sends no pings either)."""
    return headers.get("DNT") == "1" or headers.get("Sec-GPC") == "1"


def event(fields: dict, *, host: str, address: str, agent: str, at: float | None = None) -> Event:
    return Event(
        at=time.time() if at is None else at,
        host=host,
        address=address,
        agent=agent[:512],
        **fields,
    )


# Referrer classes -------------------------------------------------------------------------

SEARCH = re.compile(
    r"(^|\.)(google\.[a-z.]+|bing\.com|yahoo\.[a-z.]+|duckduckgo\.com|yandex\.[a-z.]+|"
    r"ecosia\.org|baidu\.com|search\.brave\.com|naver\.com|qwant\.com|startpage\.com)$"
)
SOCIAL = re.compile(
    r"(^|\.)(facebook\.com|fb\.com|fb\.me|instagram\.com|t\.co|twitter\.com|x\.com|"
    r"tiktok\.com|linkedin\.com|lnkd\.in|reddit\.com|youtube\.com|youtu\.be|threads\.net|"
    r"pinterest\.[a-z.]+|snapchat\.com|mastodon\.social|bsky\.app)$"
)
APPS = re.compile(
    r"(^|\.)(whatsapp\.com|wa\.me|l\.wl\.co|t\.me|telegram\.org|line\.me|"
    r"discord\.com|discordapp\.com|messenger\.com)$"
)


def referrer_class(referrer: str, host: str, network_hosts: frozenset[str]) -> str:
    """search, social, apps (WhatsApp, Telegram, LINE, any Android app), direct, internal (the
    same site), network (another Warta site) or other."""
    if not referrer:
        return "direct"
    if referrer.startswith("android-app://"):
        app = referrer[len("android-app://") :].split("/")[0]
        if app.startswith("com.google.android.googlequicksearchbox"):
            return "search"
        if app in ("com.facebook.katana", "com.instagram.android", "com.twitter.android"):
            return "social"
        return "apps"
    try:
        referrer_host = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        return "other"
    if not referrer_host:
        return "other"
    if referrer_host == host.split(":")[0].lower():
        return "internal"
    if referrer_host in network_hosts:
        return "network"
    if SEARCH.search(referrer_host):
        return "search"
    if SOCIAL.search(referrer_host):
        return "social"
    if APPS.search(referrer_host):
        return "apps"
    return "other"

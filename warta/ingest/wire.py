"""Fetching and parsing wire feeds (RSS 2.0, Atom, ninjs). No database: `inbox.pull_source`
stores what this returns. Every failure is a `FeedError` with a message an editor can act on."""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
import nh3
from django.conf import settings

from warta.core.security import outbound
from warta.core.security.sanitise import clean_rich_text


class FeedError(Exception):
    """The feed could not be fetched or read; the message is shown to editors."""


@dataclass
class WireEntry:
    guid: str
    title: str
    link: str = ""
    summary: str = ""
    body_html: str = ""
    byline: str = ""
    published_at: datetime | None = None


@dataclass
class ParsedFeed:
    entries: list[WireEntry]
    notes: list[str] = field(default_factory=list)  # problems that did not stop the feed


def max_bytes() -> int:
    return getattr(settings, "WARTA_INGEST_MAX_BYTES", 5 * 1024 * 1024)


def timeout() -> float:
    return getattr(settings, "WARTA_INGEST_TIMEOUT", 15.0)


def fetch(url: str) -> bytes:
    """The response body, through `core.security.outbound` (no internal addresses, every redirect
    checked, size and total time limited); any failure is a `FeedError`."""
    try:
        return outbound.fetch(url, timeout=timeout(), max_bytes=max_bytes()).body
    except outbound.OutboundError as error:
        raise FeedError(str(error)) from error


def web_link(url: str) -> str:
    """`url` if it is an http(s) address with a host, else "": a wire item's link is only ever
    shown as a link to the original, never as `javascript:` or `data:`."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", nh3.clean(html or "", tags=set())).strip()


def _guid(*parts: str) -> str:
    return "sha1:" + hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


def parse(data: bytes, kind: str) -> ParsedFeed:
    if kind == "ninjs":
        return parse_ninjs(data)
    return parse_xml_feed(data)


def parse_xml_feed(data: bytes) -> ParsedFeed:
    """RSS 2.0 or Atom through feedparser; malformed XML is refused rather than guessed at."""
    if re.search(rb"<!ENTITY", data[:20000], re.IGNORECASE):
        raise FeedError("feed memuat deklarasi ENTITY (ditolak demi keamanan)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    notes = []
    if parsed.bozo:
        problem = parsed.bozo_exception
        if isinstance(problem, feedparser.CharacterEncodingOverride):
            notes.append(f"encoding: {problem}")
        elif isinstance(problem, feedparser.NonXMLContentType):
            notes.append(f"content type: {problem}")
        else:
            raise FeedError(f"XML tidak valid: {problem}")
    # An empty or non-XML body leaves no `version` at all (found by the fuzz tests).
    if not parsed.get("version") and not parsed.get("entries"):
        raise FeedError("bukan feed RSS atau Atom")
    entries = []
    for n, entry in enumerate(parsed.entries, 1):
        title = _text(entry.get("title", ""))
        if not title:
            notes.append(f"item {n}: tanpa judul, dilewati")
            continue
        link = web_link(entry.get("link", ""))
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        entries.append(
            WireEntry(
                guid=(entry.get("id") or link or _guid(title, entry.get("published", "")))[:500],
                title=title[:255],
                link=link[:1000],
                summary=_text(entry.get("summary", ""))[:1000] if content else "",
                body_html=clean_rich_text(body),
                byline=_text(entry.get("author", ""))[:255],
                published_at=datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None,
            )
        )
    return ParsedFeed(entries, notes)


def _ninjs_value(item: dict, old: str, new: str, role_preferred: str = "") -> str:
    """ninjs 1.x has flat fields (`headline`, `body_html`); 2.x lists (`headlines`, `bodies`)."""
    if isinstance(item.get(old), str):
        return item[old]
    values = item.get(new)
    if isinstance(values, list):
        for value in values:
            if isinstance(value, dict) and (
                not role_preferred or value.get("role") in (None, role_preferred)
            ):
                return str(value.get("value", ""))
    return ""


def _ninjs_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_ninjs(data: bytes) -> ParsedFeed:
    """A ninjs object, a list of them, or `{"items": [...]}` as wire APIs return."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise FeedError(f"ninjs harus UTF-8: {error}") from error
    except json.JSONDecodeError as error:
        raise FeedError(f"JSON tidak valid: {error}") from error
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        items = document["items"]
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict) and "uri" in document:
        items = [document]
    else:
        raise FeedError("bukan dokumen ninjs (tidak ada `uri` atau `items`)")
    entries, notes = [], []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            notes.append(f"item {n}: bukan objek, dilewati")
            continue
        uri = str(item.get("uri") or "")
        title = _text(_ninjs_value(item, "headline", "headlines", "main"))
        if not uri or not title:
            notes.append(f"item {n}: tanpa {'uri' if not uri else 'judul'}, dilewati")
            continue
        body = _ninjs_value(item, "body_html", "bodies", "main")
        if not body and (plain := _ninjs_value(item, "body_text", "bodies")):
            body = "".join(f"<p>{nh3.clean(p)}</p>" for p in plain.split("\n\n") if p.strip())
        summary = _ninjs_value(item, "description_text", "descriptions", "summary")
        by = item.get("byline") or ", ".join(
            str(p.get("name"))
            for p in item.get("people", [])
            if isinstance(p, dict) and p.get("rel") in ("author", "creator", None) and p.get("name")
        )
        links = item.get("links") if isinstance(item.get("links"), list) else []
        hrefs = [
            str(x.get("href"))
            for x in links
            if isinstance(x, dict) and x.get("rel") in ("canonical", "alternate")
        ]
        link = next(filter(None, map(web_link, hrefs)), "")
        entries.append(
            WireEntry(
                guid=uri[:500],
                title=title[:255],
                link=link[:1000],
                summary=_text(summary)[:1000],
                body_html=clean_rich_text(body),
                byline=_text(str(by))[:255],
                published_at=_ninjs_time(item.get("firstcreated") or item.get("versioncreated")),
            )
        )
    return ParsedFeed(entries, notes)

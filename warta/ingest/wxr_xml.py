"""The XML side of reading a WordPress export, for `wxr.py`: scanning the file a megabyte at a
time into its header and items, parsing each piece with defusedxml (no DTDs, no entities),
repairing a piece that is not well-formed, and, as WordPress's `WXR_Parser_Regex` does, reading
one that cannot be repaired with patterns. Every WXR namespace reads as `WP`/`EXCERPT` here."""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# Every WXR namespace WordPress has written: http and https, 1.0, 1.1 and 1.2 (and the matching
# excerpt namespace). Inside Warta they all read as these two.
WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
WXR_EXCERPT = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
WP_URI, EXCERPT_URI = "urn:warta:wxr", "urn:warta:wxr:excerpt"
WP = "{" + WP_URI + "}"
EXCERPT = "{" + EXCERPT_URI + "}encoded"
INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHUNK = 1 << 20


class WxrError(ValueError):
    """The file is not a WordPress export Warta can read; nothing was imported."""


def text_of(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


# --- Scanning the file ------------------------------------------------------------------------

# Outside CDATA and comments: the markers that matter. Inside CDATA only its end, or (for a
# CDATA section never closed) a line holding only </item> followed by the next <item>.
_OUTSIDE = re.compile(rb"<!\[CDATA\[|<!--|(?i:<!DOCTYPE|<!ENTITY)|<item(?=[\s>/])[^>]*>|</item\s*>")
_IN_CDATA = re.compile(
    rb"\]\]>|(?<=\n)[ \t]{0,16}</item>[ \t]{0,16}\r?\n"
    rb"(?=[ \t]{0,16}(?:<item>[ \t]{0,16}\r?\n[ \t]{0,16}<title>|</channel>[ \t]{0,16}\r?\n</rss>))"
)
_IN_COMMENT = re.compile(rb"-->")
_KEEP = 256  # bytes kept unsearched at the end of the buffer: no marker is longer


@dataclass
class Chunk:
    kind: str  # "header", "item", "tail"
    line: int
    offset: int
    data: bytes
    complete: bool = True


def scan(path: Path) -> Iterator[Chunk]:
    """The header, each item (with its line and byte offset) and the tail, reading the file
    a megabyte at a time; an item is the only thing held whole."""
    with open(path, "rb") as stream:
        buf = b""
        dropped = 0  # bytes of the file before buf
        line_pos, line_no = 0, 1  # a position in buf and its line
        pos = 0  # where the next search starts
        start: int | None = None  # start of the open item, in buf
        start_line = 0
        header_done = False
        mode = _OUTSIDE
        eof = False

        def line_at(p: int) -> int:
            nonlocal line_pos, line_no
            line_no += buf.count(b"\n", line_pos, p)
            line_pos = p
            return line_no

        while True:
            match = mode.search(buf, pos)
            if match is None or (not eof and match.end() > len(buf) - _KEEP):
                if eof:
                    break
                if match is None:
                    pos = max(pos, len(buf) - _KEEP)
                # drop what is behind us (outside an item, and the header once it is out)
                keep_from = start if start is not None else (pos if header_done else 0)
                if keep_from > 0:
                    line_at(keep_from)
                    buf, dropped = buf[keep_from:], dropped + keep_from
                    pos -= keep_from
                    line_pos -= keep_from
                    if start is not None:
                        start -= keep_from
                more = stream.read(CHUNK)
                eof = not more
                buf += more
                continue
            token = match.group()
            pos = match.end()
            if mode is _IN_COMMENT:
                mode = _OUTSIDE
            elif mode is _IN_CDATA:
                mode = _OUTSIDE
                if token != b"]]>" and start is not None:  # an unclosed CDATA: end the item here
                    yield Chunk("item", start_line, dropped + start, buf[start:pos])
                    start = None
            elif token == b"<![CDATA[":
                mode = _IN_CDATA
            elif token == b"<!--":
                mode = _IN_COMMENT
            elif token.startswith(b"<!"):
                raise WxrError(
                    f"XML ditolak demi keamanan: deklarasi {token[2:].decode().upper()} "
                    f"di baris {line_at(match.start())}"
                )
            elif token.startswith(b"<item"):
                if not header_done:
                    header_done = True
                    yield Chunk("header", 1, dropped, buf[: match.start()])
                if start is not None:  # an item never closed: the next one begins
                    yield Chunk(
                        "item", start_line, dropped + start, buf[start : match.start()], False
                    )
                start, start_line = match.start(), line_at(match.start())
            elif start is not None:  # </item>
                yield Chunk("item", start_line, dropped + start, buf[start:pos])
                start = None
        if not header_done:
            yield Chunk("header", 1, 0, buf)
        elif start is not None:
            yield Chunk("item", start_line, dropped + start, buf[start:], False)
        else:
            yield Chunk("tail", line_at(pos), dropped + pos, buf[pos:])


# --- Parsing one piece, with repairs ----------------------------------------------------------

DECLARATION = re.compile(r"""(?<![\w:.-])xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""", re.S)
_CDATA_ELEMENT = re.compile(
    r"(<(?P<tag>[\w.:-]+)(?:\s[^>]*)?>)(?P<space>\s*)<!\[CDATA\[(?P<body>.*?)\]\]>(?=\s*</(?P=tag)\s*>)",
    re.S,
)
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)
_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)(?:([A-Za-z][\w]*);)?")
_PREFIXED = re.compile(r"</?([A-Za-z_][\w.-]*):[\w.-]+|\s([A-Za-z_][\w.-]*):[\w.-]+\s*=")
_XML_ENTITIES = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}


def _outside_cdata(text: str, change: Callable[[str, int], str]) -> str:
    """Apply `change(segment, offset)` to the parts of `text` outside CDATA sections."""
    parts, last = [], 0
    for match in _CDATA.finditer(text):
        parts += [change(text[last : match.start()], last), match.group()]
        last = match.end()
    parts.append(change(text[last:], last))
    return "".join(parts)


@dataclass
class Parsed:
    element: Element | None
    issues: list[tuple[int, str, str]]  # (line offset in the piece, what, action)


class Reader:
    """Knows the file's namespace prefixes and encoding; parses its header and its items."""

    def __init__(self, declarations: dict[str, str], encoding: str) -> None:
        self.encoding = encoding
        self.declarations = dict(declarations)
        self.prefix = {"wp": "wp", "excerpt": "excerpt", "content": "content", "dc": "dc"}
        for prefix, uri in declarations.items():
            if WXR_NAMESPACE.match(uri):
                self.declarations[prefix], self.prefix["wp"] = WP_URI, prefix
            elif WXR_EXCERPT.match(uri):
                self.declarations[prefix], self.prefix["excerpt"] = EXCERPT_URI, prefix
            elif uri == CONTENT[1:].split("}")[0]:
                self.prefix["content"] = prefix
            elif uri == DC_CREATOR[1:].split("}")[0]:
                self.prefix["dc"] = prefix

    def decode(self, data: bytes, issues: list[tuple[int, str, str]]) -> str:
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start)
            issues.append((line, f"byte tidak sah untuk {self.encoding}", "diperbaiki"))
            return data.decode(self.encoding, errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")

    def _xmlns(self, extra: dict[str, str]) -> str:
        pairs = {**self.declarations, **extra}
        return "".join(
            f' xmlns{":" + p if p else ""}="{html.escape(uri, quote=True)}"'
            for p, uri in pairs.items()
        )

    def _undeclared(self, text: str) -> dict[str, tuple[str, int]]:
        """Prefixes used outside CDATA but never declared: their namespace and first use."""
        found: dict[str, tuple[str, int]] = {}

        def collect(segment: str, offset: int) -> str:
            for match in _PREFIXED.finditer(segment):
                prefix = match.group(1) or match.group(2)
                if prefix in self.declarations or prefix in ("xml", "xmlns") or prefix in found:
                    continue
                uri = {"wp": WP_URI, "excerpt": EXCERPT_URI}.get(
                    prefix, f"urn:warta:undeclared:{prefix}"
                )
                found[prefix] = (uri, offset + match.start())
            return segment

        _outside_cdata(text, collect)
        return found

    def parse(self, text: str, wrap: str | None) -> Parsed:
        """Parse `text` (inside a `wrap` element declaring the prefixes, or as a document with
        its own root); repair it if it does not parse; else read it with patterns."""
        issues: list[tuple[int, str, str]] = []
        error = self._try(text, wrap, {})
        if not isinstance(error, Exception):
            return Parsed(error, issues)
        text = self._repair(text, issues)
        undeclared = self._undeclared(text)
        for prefix, (_uri, position) in undeclared.items():
            line = text.count("\n", 0, position)
            issues.append((line, f"awalan {prefix}: tidak dideklarasikan", "diperbaiki"))
        result = self._try(text, wrap, {p: uri for p, (uri, _) in undeclared.items()})
        if not isinstance(result, Exception):
            return Parsed(result, issues)
        line, _column = getattr(result, "position", (1, 0))
        what = f"XML rusak ({_error_text(result)})"
        opened = text.rfind("<![CDATA[")
        if opened >= 0 and "]]>" not in text[opened:]:  # expat names the end, not the start
            line, what = 1 + text.count("\n", 0, opened), "CDATA tidak ditutup"
        if wrap is None:  # the header: the caller reads it with patterns
            issues.append((line - 1, what + ", dibaca dengan pola", "diperbaiki"))
            return Parsed(None, issues)
        element = _pattern_item(text, self.prefix)
        if text_of(element, WP + "post_id"):
            issues.append((line - 1, what + ", dibaca dengan pola", "diperbaiki"))
            return Parsed(element, issues)
        issues.append((line - 1, what, "dilewati"))
        return Parsed(None, issues)

    def _try(self, text: str, wrap: str | None, extra: dict[str, str]) -> Element | Exception:
        if wrap:
            document = f"<{wrap}{self._xmlns(extra)}>{text}</{wrap}>"
        else:
            document = _declare(text, self.declarations, extra)
        try:
            root = ElementTree.fromstring(document, forbid_dtd=True)
        except DefusedXmlException as error:
            raise WxrError(f"XML ditolak demi keamanan: {error}") from error
        except ElementTree.ParseError as error:
            return error
        return root

    def _repair(self, text: str, issues: list[tuple[int, str, str]]) -> str:
        def line_of(position: int) -> int:
            return text.count("\n", 0, position)

        bad = INVALID_CHARS.search(text)
        if bad:
            issues.append(
                (
                    line_of(bad.start()),
                    f"karakter kendali tidak sah (U+{ord(bad.group()):04X})",
                    "diperbaiki",
                )
            )
            # vertical tab and form feed (pasted from word processors) separate words
            text = INVALID_CHARS.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)

        def rewrap(match: re.Match[str]) -> str:
            body = match.group("body")
            if "]]>" not in body:
                return match.group()
            inner = match.start("body") + (
                body.find("<![CDATA[") if "<![CDATA[" in body else body.find("]]>")
            )
            tag = match.group("tag")
            place = "isi" if tag.endswith(":encoded") and "excerpt" not in tag else f"<{tag}>"
            what = "CDATA bersarang" if "<![CDATA[" in body else "]]>"
            issues.append((line_of(inner), f"{what} di dalam {place}", "diperbaiki"))
            body = body.replace("]]>", "]]]]><![CDATA[>")
            return f"{match.group(1)}{match.group('space')}<![CDATA[{body}]]>"

        text = _CDATA_ELEMENT.sub(rewrap, text)
        entity_issues: dict[str, int] = {}

        def escape(segment: str, offset: int) -> str:
            def one(match: re.Match[str]) -> str:
                name = match.group(1)
                if name and f"{name};" in html.entities.html5:
                    entity_issues.setdefault(
                        f"entitas HTML &{name}; di luar CDATA", offset + match.start()
                    )
                    return html.escape(html.entities.html5[f"{name};"], quote=False)
                entity_issues.setdefault("& tanpa escape", offset + match.start())
                return "&amp;" + match.group()[1:]

            return _AMPERSAND.sub(one, segment)

        text = _outside_cdata(text, escape)
        for what, position in entity_issues.items():
            issues.append((line_of(position), what, "diperbaiki"))
        return text


def _error_text(error: Exception) -> str:
    return str(error).split(":")[0]


def _declare(document: str, declarations: dict[str, str], extra: dict[str, str]) -> str:
    """The header as a document: its <rss> tag with the WXR namespaces read as Warta's, and
    any prefix it uses without declaring it declared."""

    def tag(match: re.Match[str]) -> str:
        rest = DECLARATION.sub("", match.group(1))
        xmlns = "".join(
            f' xmlns{":" + p if p else ""}="{html.escape(uri, quote=True)}"'
            for p, uri in {**declarations, **extra}.items()
        )
        return f"<rss{xmlns}{rest}>"

    return re.sub(r"<rss\b([^>]*)>", tag, document, count=1)


# --- Patterns, for an item that is not XML ----------------------------------------------------


def _pattern_value(raw: str) -> str:
    raw = raw.strip().replace("]]]]><![CDATA[>", "]]>")
    if raw.startswith("<![CDATA[") and raw.endswith("]]>"):
        return raw[9:-3]
    raw = raw.replace("<![CDATA[", "").replace("]]>", "")
    return re.sub(
        r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|quot|apos|amp);",
        lambda m: (
            html.unescape(m.group()) if m.group(1).startswith("#") else _XML_ENTITIES[m.group(1)]
        ),
        raw,
    )


def _pattern_tag(text: str, qname: str) -> str | None:
    match = re.search(rf"<{re.escape(qname)}(?:\s[^>]*)?>(.*?)</{re.escape(qname)}\s*>", text, re.S)
    return _pattern_value(match.group(1)) if match else None


def _pattern_blocks(text: str, qname: str) -> list[str]:
    return re.findall(rf"<{re.escape(qname)}>(.*?)</{re.escape(qname)}\s*>", text, re.S)


def _pattern_fields(parent: Element, text: str, fields: dict[str, str]) -> None:
    for qname, tag in fields.items():
        value = _pattern_tag(text, qname)
        if value is not None:
            SubElement(parent, tag).text = value


def _pattern_item(text: str, prefix: dict[str, str]) -> Element:
    """The item's fields found with patterns, as WordPress's WXR_Parser_Regex reads them."""
    wp, excerpt, content, dc = prefix["wp"], prefix["excerpt"], prefix["content"], prefix["dc"]
    item = Element("item")
    simple = {name: name for name in ("title", "link", "guid")}
    simple |= {f"{dc}:creator": DC_CREATOR, f"{content}:encoded": CONTENT}
    simple[f"{excerpt}:encoded"] = EXCERPT
    for name in [
        "post_id",
        "post_date",
        "post_date_gmt",
        "post_modified",
        "post_modified_gmt",
        "post_name",
        "status",
        "post_parent",
        "menu_order",
        "post_type",
        "attachment_url",
    ]:
        simple[f"{wp}:{name}"] = WP + name
    _pattern_fields(item, text, simple)
    for attributes, value in re.findall(r"<category(\s[^>]*)>(.*?)</category>", text, re.S):
        category = SubElement(item, "category", dict(re.findall(r'([\w-]+)="([^"]*)"', attributes)))
        category.text = _pattern_value(value)
    for block in _pattern_blocks(text, f"{wp}:postmeta"):
        meta = SubElement(item, WP + "postmeta")
        _pattern_fields(
            meta, block, {f"{wp}:meta_key": WP + "meta_key", f"{wp}:meta_value": WP + "meta_value"}
        )
    comment_fields = [
        "comment_id",
        "comment_author",
        "comment_author_email",
        "comment_author_url",
        "comment_date",
        "comment_date_gmt",
        "comment_content",
        "comment_approved",
        "comment_type",
        "comment_parent",
    ]
    for block in _pattern_blocks(text, f"{wp}:comment"):
        comment = SubElement(item, WP + "comment")
        _pattern_fields(comment, block, {f"{wp}:{name}": WP + name for name in comment_fields})
    return item


def pattern_channel(text: str, prefix: dict[str, str]) -> Element:
    wp = prefix["wp"]
    channel = Element("channel")
    _pattern_fields(
        channel,
        text,
        {"title": "title", "link": "link", f"{wp}:base_blog_url": WP + "base_blog_url"},
    )
    groups = {
        "author": "author_id author_login author_email author_display_name author_first_name "
        "author_last_name author_description",
        "category": "term_id category_nicename category_parent cat_name category_description",
        "tag": "term_id tag_slug tag_name",
    }
    for group, names in groups.items():
        for block in _pattern_blocks(text, f"{wp}:{group}"):
            node = SubElement(channel, WP + group)
            _pattern_fields(node, block, {f"{wp}:{name}": WP + name for name in names.split()})
    return channel

"""Reading a WordPress export (WXR, the XML that Tools → Export writes). Pure: no database;
`wordpress.import_wxr` turns the result into Warta content.

The file is read as a stream, item by item (as WordPress's fallback `WXR_Parser_Regex` does),
so a 2 GB export never sits in memory: the header (everything before the first `<item>`) gives
the site, authors, categories and tags; each `<item>…</item>` is parsed on its own with
defusedxml inside a root that declares the file's namespace prefixes. A first pass keeps
attachments (metadata only), guest authors, counts and every problem found; `WxrSite.posts`
reads the posts again, one at a time, from their offsets in the file.

Older exports are often not well-formed XML. An item that does not parse is repaired (CDATA
re-wrapped, control characters dropped, bare `&` escaped, undeclared prefixes declared), else
read with patterns as WordPress's regex parser does, else skipped; each repair or skip is a
`WxrIssue`. `<!DOCTYPE`/`<!ENTITY` in the markup refuse the whole file; a file that is not a
WXR export at all is refused with a clear message."""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import overload
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, SubElement

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.text import slugify

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
UPLOADS = "/wp-content/uploads/"
# Every WXR namespace WordPress has written: http and https, 1.0, 1.1 and 1.2 (and the matching
# excerpt namespace). Inside Warta they all read as these two.
WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/$")
WXR_EXCERPT = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
WP_URI, EXCERPT_URI = "urn:warta:wxr", "urn:warta:wxr:excerpt"
WP = "{" + WP_URI + "}"
EXCERPT = "{" + EXCERPT_URI + "}encoded"
# Unicode controls that reorder text (embeddings, overrides, isolates): a title holding them
# can display differently from what it says.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHUNK = 1 << 20


class WxrError(ValueError):
    """The file is not a WordPress export Warta can read; nothing was imported."""


@dataclass
class WxrAuthor:
    login: str
    display_name: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""  # the bio, where the export carries one
    id: str = ""  # wp:author_id, for ?author=ID redirects
    avatar_url: str = ""  # an image URL, or for a guest author the attachment id of its photo


@dataclass
class WxrComment:
    id: str
    author: str
    author_email: str
    author_url: str
    date: datetime | None
    content: str
    approved: str  # "1", "0", "spam", "trash"
    parent_id: str = ""  # "" for a top-level comment (WordPress writes "0")
    comment_type: str = ""  # "", "comment", "pingback", "trackback"


@dataclass
class WxrIssue:
    """Something in the file that was repaired or skipped while reading it."""

    line: int
    item_id: str  # "" when the item's id could not be read
    what: str
    action: str  # "diperbaiki" (repaired) or "dilewati" (skipped)

    def __str__(self) -> str:
        where = f"baris {self.line}, pos {self.item_id}" if self.item_id else f"baris {self.line}"
        return f"{where}: {self.what} — {self.action}"


@dataclass
class WxrCategory:
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: str = ""  # for ?cat=ID redirects


@dataclass
class WxrAttachment:
    id: str
    url: str
    title: str = ""
    caption: str = ""
    alt: str = ""
    credit: str = ""
    relative_path: str = ""  # under wp-content/uploads, from _wp_attached_file
    link: str = ""  # its attachment page on the old site
    parent_id: str = ""  # the post it was uploaded to

    @property
    def upload_path(self) -> str:
        """Where the file sits in an uploads folder copy."""
        if self.relative_path:
            return self.relative_path.lstrip("/")
        return upload_path_of(self.url)


@dataclass
class WxrPost:
    id: str
    title: str
    slug: str  # wp:post_name as written: may be empty or percent-encoded; see slug_for()
    link: str
    status: str
    post_type: str
    date: datetime | None
    author: str
    content: str
    excerpt: str = ""
    categories: list[str] = field(default_factory=list)  # nicenames
    tags: list[str] = field(default_factory=list)  # names
    thumbnail_id: str = ""
    modified: str = ""
    parent_id: str = ""  # pages: the parent page's post_id ("0" or "" at the top)
    menu_order: int = 0
    post_format: str = ""  # "gallery", "video", "aside" … from the post_format taxonomy
    meta: dict[str, str] = field(default_factory=dict)  # every wp:postmeta, by key
    comments: list[WxrComment] = field(default_factory=list)
    coauthors: list[str] = field(default_factory=list)  # Co-Authors Plus "author" terms
    guid: str = ""
    # where the item starts in the file, for the report; not part of the post's content (the
    # importer fingerprints repr(post): a line added above it must not count as a change)
    line: int = field(default=0, repr=False, compare=False)


@dataclass
class WxrSite:
    title: str
    base_url: str
    authors: dict[str, WxrAuthor]
    categories: dict[str, WxrCategory]
    tags: dict[str, str]  # slug -> name
    attachments: dict[str, WxrAttachment]
    # posts and pages, in file order: from parse_wxr a lazy sequence that reads them from the
    # file one at a time (len() is known after the first pass)
    posts: Sequence[WxrPost]
    other_types: dict[str, int]  # post types Warta does not import, with counts
    # Co-Authors Plus guest authors (items of type "guest-author"), by their login
    guest_authors: dict[str, WxrAuthor] = field(default_factory=dict)
    namespace: str = ""  # the WXR namespace found, e.g. "https://wordpress.org/export/1.2/"
    issues: list[WxrIssue] = field(default_factory=list)

    @property
    def version(self) -> str:
        """ "1.2" for https://wordpress.org/export/1.2/."""
        match = WXR_NAMESPACE.match(self.namespace)
        return match.group(1) if match else ""


def upload_path_of(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.split(UPLOADS, 1)[1] if UPLOADS in path else ""


def slug_for(post: WxrPost) -> str:
    """A valid (unicode) slug for the post, never empty: its WordPress slug decoded (WordPress
    stores non-Latin and emoji slugs percent-encoded), else one made from the title, else
    post-<id>."""
    for source in (unquote(post.slug), post.title):
        slug = slugify(unicodedata.normalize("NFC", source), allow_unicode=True)
        if slug.strip("-_"):
            return slug
    return f"post-{post.id}" if post.id else "post"


def clean_title(title: str) -> str:
    """The title as written, without the controls that reorder how it displays."""
    return BIDI_CONTROLS.sub("", title)


def _date(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


# --- Scanning the file ------------------------------------------------------------------------

# Outside CDATA and comments: the markers that matter. Inside CDATA only its end, or (for a
# CDATA section never closed) a line holding only </item> followed by the next <item>.
_OUTSIDE = re.compile(rb"<!\[CDATA\[|<!--|(?i:<!DOCTYPE|<!ENTITY)|<item(?=[\s>/])[^>]*>|</item\s*>")
_IN_CDATA = re.compile(
    rb"\]\]>|(?<=\n)[ \t]{0,16}</item>[ \t]{0,16}\r?\n(?=[ \t]{0,16}(?:<item>|</channel>))"
)
_IN_COMMENT = re.compile(rb"-->")
_KEEP = 96  # bytes kept unsearched at the end of the buffer: no marker is longer


@dataclass
class _Chunk:
    kind: str  # "header", "item", "tail"
    line: int
    offset: int
    data: bytes
    complete: bool = True


def _scan(path: Path) -> Iterator[_Chunk]:
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
                    yield _Chunk("item", start_line, dropped + start, buf[start:pos])
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
                    yield _Chunk("header", 1, dropped, buf[: match.start()])
                if start is not None:  # an item never closed: the next one begins
                    yield _Chunk(
                        "item", start_line, dropped + start, buf[start : match.start()], False
                    )
                start, start_line = match.start(), line_at(match.start())
            elif start is not None:  # </item>
                yield _Chunk("item", start_line, dropped + start, buf[start:pos])
                start = None
        if not header_done:
            yield _Chunk("header", 1, 0, buf)
        elif start is not None:
            yield _Chunk("item", start_line, dropped + start, buf[start:], False)
        else:
            yield _Chunk("tail", line_at(pos), dropped + pos, buf[pos:])


# --- Parsing one piece, with repairs ----------------------------------------------------------

_DECLARATION = re.compile(r"""(?<![\w:.-])xmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2""", re.S)
_CDATA_ELEMENT = re.compile(
    r"(<(?P<tag>[\w.:-]+)(?:\s[^>]*)?>)(?P<space>\s*)<!\[CDATA\[(?P<body>.*?)\]\]>(?=\s*</(?P=tag)\s*>)",
    re.S,
)
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)
_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)(?:([A-Za-z][\w]*);)?")
_PREFIXED = re.compile(r"</?([A-Za-z_][\w.-]*):[\w.-]+|\s([A-Za-z_][\w.-]*):[\w.-]+\s*=")
_XML_ENTITIES = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}


def _outside_cdata(text: str, change) -> str:
    """Apply `change(segment, offset)` to the parts of `text` outside CDATA sections."""
    parts, last = [], 0
    for match in _CDATA.finditer(text):
        parts += [change(text[last : match.start()], last), match.group()]
        last = match.end()
    parts.append(change(text[last:], last))
    return "".join(parts)


@dataclass
class _Parsed:
    element: Element | None
    issues: list[tuple[int, str, str]]  # (line offset in the piece, what, action)


class _Reader:
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

    def parse(self, text: str, wrap: str | None) -> _Parsed:
        """Parse `text` (inside a `wrap` element declaring the prefixes, or as a document with
        its own root); repair it if it does not parse; else read it with patterns."""
        issues: list[tuple[int, str, str]] = []
        error = self._try(text, wrap, {})
        if not isinstance(error, Exception):
            return _Parsed(error, issues)
        text = self._repair(text, issues)
        undeclared = self._undeclared(text)
        for prefix, (_uri, position) in undeclared.items():
            line = text.count("\n", 0, position)
            issues.append((line, f"awalan {prefix}: tidak dideklarasikan", "diperbaiki"))
        result = self._try(text, wrap, {p: uri for p, (uri, _) in undeclared.items()})
        if not isinstance(result, Exception):
            return _Parsed(result, issues)
        line, _column = getattr(result, "position", (1, 0))
        what = f"XML rusak ({_error_text(result)})"
        if wrap is None:  # the header: the caller reads it with patterns
            issues.append((line - 1, what + ", dibaca dengan pola", "diperbaiki"))
            return _Parsed(None, issues)
        element = _pattern_item(text, self.prefix)
        if _text(element, WP + "post_id"):
            issues.append((line - 1, what + ", dibaca dengan pola", "diperbaiki"))
            return _Parsed(element, issues)
        issues.append((line - 1, what, "dilewati"))
        return _Parsed(None, issues)

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
        rest = _DECLARATION.sub("", match.group(1))
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


def _pattern_channel(text: str, prefix: dict[str, str]) -> Element:
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


# --- From elements to the dataclasses ---------------------------------------------------------


def _author(node: Element) -> WxrAuthor | None:
    login = _text(node, WP + "author_login")
    if not login:
        return None
    return WxrAuthor(
        login,
        _text(node, WP + "author_display_name") or login,
        _text(node, WP + "author_email"),
        _text(node, WP + "author_first_name"),
        _text(node, WP + "author_last_name"),
        # not standard WordPress, but some exporters write the bio
        _text(node, WP + "author_description"),
        id=_text(node, WP + "author_id"),
    )


def _comment(node: Element) -> WxrComment:
    parent = _text(node, WP + "comment_parent")
    return WxrComment(
        id=_text(node, WP + "comment_id"),
        author=_text(node, WP + "comment_author"),
        author_email=_text(node, WP + "comment_author_email"),
        author_url=_text(node, WP + "comment_author_url"),
        date=_date(_text(node, WP + "comment_date_gmt")) or _date(_text(node, WP + "comment_date")),
        content=_text(node, WP + "comment_content"),
        approved=_text(node, WP + "comment_approved"),
        parent_id="" if parent == "0" else parent,
        comment_type=_text(node, WP + "comment_type"),
    )


def _meta(item: Element) -> dict[str, str]:
    meta = {}
    for node in item.findall(WP + "postmeta"):
        value = node.find(WP + "meta_value")
        if value is not None:
            meta[_text(node, WP + "meta_key")] = value.text or ""
    return meta


def _terms(item: Element, domain: str) -> list[Element]:
    return [c for c in item.findall("category") if c.get("domain") == domain]


def _post(item: Element, meta: dict[str, str], line: int) -> WxrPost:
    content = item.find(CONTENT)
    menu_order = _text(item, WP + "menu_order")
    return WxrPost(
        id=_text(item, WP + "post_id"),
        title=clean_title(_text(item, "title")),
        slug=_text(item, WP + "post_name"),
        link=_text(item, "link"),
        status=_text(item, WP + "status") or "draft",
        post_type=_text(item, WP + "post_type") or "post",
        date=_date(_text(item, WP + "post_date_gmt")) or _date(_text(item, WP + "post_date")),
        author=_text(item, DC_CREATOR),
        content=(content.text or "") if content is not None else "",
        excerpt=_text(item, EXCERPT),
        categories=[c.get("nicename", "") for c in _terms(item, "category") if c.get("nicename")],
        tags=[(c.text or "").strip() for c in _terms(item, "post_tag") if (c.text or "").strip()],
        thumbnail_id=meta.get("_thumbnail_id", "").strip(),
        modified=_text(item, WP + "post_modified_gmt"),
        parent_id=_text(item, WP + "post_parent"),
        menu_order=int(menu_order) if menu_order.lstrip("-").isdigit() else 0,
        post_format=next(
            (
                c.get("nicename", "").removeprefix("post-format-")
                for c in _terms(item, "post_format")
            ),
            "",
        ),
        meta=meta,
        comments=[_comment(node) for node in item.findall(WP + "comment")],
        coauthors=[
            c.get("nicename", "").removeprefix("cap-")
            for c in _terms(item, "author")
            if c.get("nicename")
        ],
        guid=_text(item, "guid"),
        line=line,
    )


def _attachment(item: Element, meta: dict[str, str]) -> WxrAttachment:
    post_id = _text(item, WP + "post_id")
    return WxrAttachment(
        id=post_id,
        url=_text(item, WP + "attachment_url") or _text(item, "guid"),
        title=_text(item, "title"),
        caption=_text(item, EXCERPT),
        alt=meta.get("_wp_attachment_image_alt", "").strip(),
        credit=(meta.get("_media_credit") or meta.get("credit") or "").strip(),
        relative_path=meta.get("_wp_attached_file", "").strip(),
        link=_text(item, "link"),
        parent_id=_text(item, WP + "post_parent"),
    )


def _guest_author(item: Element, meta: dict[str, str]) -> WxrAuthor | None:
    login = meta.get("cap-user_login", "").strip()
    if not login:
        return None
    return WxrAuthor(
        login,
        meta.get("cap-display_name", "").strip() or _text(item, "title") or login,
        meta.get("cap-user_email", "").strip(),
        meta.get("cap-first_name", "").strip(),
        meta.get("cap-last_name", "").strip(),
        meta.get("cap-description", "").strip(),
        # the avatar is the guest author's featured image (an attachment id)
        meta.get("_thumbnail_id", "").strip(),
    )


# --- The file ---------------------------------------------------------------------------------

_POST_ID = re.compile(rb"<(?:[\w.-]+:)?post_id>\s*(?:<!\[CDATA\[)?\s*(\d+)")


class WxrPosts(Sequence[WxrPost]):
    """The export's posts and pages, read from the file when asked for, one at a time."""

    def __init__(self, path: Path, reader: _Reader) -> None:
        self.path, self.reader = path, reader
        self.offsets, self.sizes, self.lines = array("q"), array("q"), array("q")

    def add(self, chunk: _Chunk) -> None:
        self.offsets.append(chunk.offset)
        self.sizes.append(len(chunk.data))
        self.lines.append(chunk.line)

    def __len__(self) -> int:
        return len(self.offsets)

    @overload
    def __getitem__(self, index: int) -> WxrPost: ...
    @overload
    def __getitem__(self, index: slice) -> list[WxrPost]: ...
    def __getitem__(self, index: int | slice) -> WxrPost | list[WxrPost]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        with open(self.path, "rb") as stream:
            return self._read(stream, range(len(self))[index])

    def __iter__(self) -> Iterator[WxrPost]:
        with open(self.path, "rb") as stream:
            for n in range(len(self)):
                yield self._read(stream, n)

    def _read(self, stream, n: int) -> WxrPost:
        stream.seek(self.offsets[n])
        data = stream.read(self.sizes[n])
        text = self.reader.decode(data, [])
        element = self.reader.parse(text, "wxr-item").element
        item = element.find("item") if element is not None and element.tag != "item" else element
        if item is None:  # the file changed since it was first read
            raise WxrError(f"{self.path} berubah sejak dibaca (baris {self.lines[n]})")
        return _post(item, _meta(item), self.lines[n])


def _strict_problem(path: Path) -> str:
    """For a file that is not WXR: why not, in the words that help most."""
    try:
        for _event, element in ElementTree.iterparse(str(path), forbid_dtd=True):
            element.clear()
    except ElementTree.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        return f"XML tidak valid di baris {line}, kolom {column}: {error}"
    except DefusedXmlException as error:
        return f"XML ditolak demi keamanan: {error}"
    return "bukan ekspor WordPress (WXR): tidak ada namespace wordpress.org/export"


def parse_wxr(path: Path) -> WxrSite:
    """Read the export: a first pass over the whole file (header, attachments, guest authors,
    counts, problems); the posts are read again when iterated."""
    try:
        if path.stat().st_size == 0:
            raise WxrError("berkas kosong: bukan ekspor WordPress (WXR)")
        chunks = _scan(path)
        header = next(chunks)
        return _read_site(path, header, chunks)
    except OSError as error:
        raise WxrError(f"tidak dapat membaca {path}: {error}") from error


def _header_reader(path: Path, data: bytes) -> tuple[_Reader, str, list[WxrIssue]]:
    declared = re.search(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']""", data[:200])
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "utf-8"  # an encoding Python does not know: WordPress writes UTF-8
    head = data.decode(encoding, errors="replace")
    rss = re.search(r"<rss\b[^>]*>", head)
    declarations = {
        prefix: uri for prefix, _quote, uri in _DECLARATION.findall(rss.group() if rss else "")
    }
    namespace = next((uri for uri in declarations.values() if WXR_NAMESPACE.match(uri)), "")
    issues = []
    if not namespace and rss and re.search(r"<wp:wxr_version>", head):
        version = re.search(r"<wp:wxr_version>\s*([\d.]+)", head)
        namespace = f"http://wordpress.org/export/{version.group(1) if version else '1.0'}/"
        issues.append(WxrIssue(1, "", "awalan wp: tidak dideklarasikan", "diperbaiki"))
        declarations["wp"] = namespace
    if not namespace:
        raise WxrError(_strict_problem(path))
    if rss is None:
        raise WxrError("bukan ekspor WordPress (WXR): elemen <rss><channel> tidak ada")
    return _Reader(declarations, encoding), namespace, issues


def _read_site(path: Path, header: _Chunk, chunks: Iterator[_Chunk]) -> WxrSite:
    reader, namespace, issues = _header_reader(path, header.data)
    raw: list[tuple[int, str, str]] = []
    head = reader.decode(header.data, raw)
    if "</rss>" not in head:
        head += "</channel></rss>"
    parsed = reader.parse(head, None)
    issues += [WxrIssue(1 + line, "", what, action) for line, what, action in parsed.issues + raw]
    root = parsed.element
    channel = root.find("channel") if root is not None else None
    if root is None or channel is None:
        if root is not None and root.tag != "rss":
            raise WxrError("bukan ekspor WordPress (WXR): elemen <rss><channel> tidak ada")
        channel = _pattern_channel(head, reader.prefix)
    site = WxrSite(
        title=_text(channel, "title"),
        base_url=_text(channel, WP + "base_blog_url") or _text(channel, "link"),
        authors={a.login: a for a in map(_author, channel.findall(WP + "author")) if a},
        categories={},
        tags={
            _text(node, WP + "tag_slug"): _text(node, WP + "tag_name")
            for node in channel.findall(WP + "tag")
            if _text(node, WP + "tag_slug")
        },
        attachments={},
        posts=WxrPosts(path, reader),
        other_types={},
        namespace=namespace,
        issues=issues,
    )
    for node in channel.findall(WP + "category"):
        slug = _text(node, WP + "category_nicename")
        if slug:
            site.categories[slug] = WxrCategory(
                slug,
                _text(node, WP + "cat_name") or slug,
                _text(node, WP + "category_parent"),
                _text(node, WP + "category_description"),
                _text(node, WP + "term_id"),
            )
    for chunk in chunks:
        _read_item(site, reader, chunk)
    return site


def _read_item(site: WxrSite, reader: _Reader, chunk: _Chunk) -> None:
    if chunk.kind == "tail":
        if b"</rss>" not in chunk.data:
            site.issues.append(
                WxrIssue(chunk.line, "", "berkas terpotong (tidak ada </rss>)", "dilewati")
            )
        return
    found = _POST_ID.search(chunk.data)
    item_id = found.group(1).decode() if found else ""
    if not chunk.complete:
        site.issues.append(
            WxrIssue(chunk.line, item_id, "butir tidak lengkap (berkas terpotong?)", "dilewati")
        )
        return
    raw: list[tuple[int, str, str]] = []
    parsed = reader.parse(reader.decode(chunk.data, raw), "wxr-item")
    element = parsed.element
    item = element.find("item") if element is not None and element.tag != "item" else element
    item_id = _text(item, WP + "post_id") if item is not None else item_id
    for line, what, action in raw + parsed.issues:
        site.issues.append(WxrIssue(chunk.line + line, item_id, what, action))
    if item is None:
        return
    kind = _text(item, WP + "post_type") or "post"
    meta = _meta(item)
    if kind == "attachment":
        site.attachments[item_id] = _attachment(item, meta)
    elif kind == "guest-author":
        guest = _guest_author(item, meta)
        if guest:
            site.guest_authors[guest.login] = guest
    elif kind in ("post", "page"):
        assert isinstance(site.posts, WxrPosts)
        site.posts.add(chunk)
        title = _text(item, "title")
        if title != clean_title(title):
            site.issues.append(
                WxrIssue(
                    chunk.line, item_id, "kontrol arah teks (bidi) dihapus dari judul", "diperbaiki"
                )
            )
    else:
        site.other_types[kind] = site.other_types.get(kind, 0) + 1

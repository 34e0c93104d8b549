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

import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import overload
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.text import slugify

from warta.ingest.wxr_xml import (
    CONTENT,
    DC_CREATOR,
    DECLARATION,
    EXCERPT,
    WP,
    WXR_NAMESPACE,
    Chunk,
    Reader,
    WxrError,
    pattern_channel,
    scan,
    text_of,
)

__all__ = [
    "WxrAttachment",
    "WxrAuthor",
    "WxrCategory",
    "WxrComment",
    "WxrError",
    "WxrIssue",
    "WxrPost",
    "WxrPosts",
    "WxrSite",
    "clean_title",
    "parse_wxr",
    "slug_for",
    "upload_path_of",
]

UPLOADS = "/wp-content/uploads/"
# Unicode controls that reorder text (embeddings, overrides, isolates): a title holding them
# can display differently from what it says.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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


# --- From elements to the dataclasses ---------------------------------------------------------


def _author(node: Element) -> WxrAuthor | None:
    login = text_of(node, WP + "author_login")
    if not login:
        return None
    return WxrAuthor(
        login,
        text_of(node, WP + "author_display_name") or login,
        text_of(node, WP + "author_email"),
        text_of(node, WP + "author_first_name"),
        text_of(node, WP + "author_last_name"),
        # not standard WordPress, but some exporters write the bio
        text_of(node, WP + "author_description"),
        id=text_of(node, WP + "author_id"),
    )


def _comment(node: Element) -> WxrComment:
    parent = text_of(node, WP + "comment_parent")
    return WxrComment(
        id=text_of(node, WP + "comment_id"),
        author=text_of(node, WP + "comment_author"),
        author_email=text_of(node, WP + "comment_author_email"),
        author_url=text_of(node, WP + "comment_author_url"),
        date=_date(text_of(node, WP + "comment_date_gmt"))
        or _date(text_of(node, WP + "comment_date")),
        content=text_of(node, WP + "comment_content"),
        approved=text_of(node, WP + "comment_approved"),
        parent_id="" if parent == "0" else parent,
        comment_type=text_of(node, WP + "comment_type"),
    )


def _meta(item: Element) -> dict[str, str]:
    meta = {}
    for node in item.findall(WP + "postmeta"):
        value = node.find(WP + "meta_value")
        if value is not None:
            meta[text_of(node, WP + "meta_key")] = value.text or ""
    return meta


def _terms(item: Element, domain: str) -> list[Element]:
    return [c for c in item.findall("category") if c.get("domain") == domain]


def _post(item: Element, meta: dict[str, str], line: int) -> WxrPost:
    content = item.find(CONTENT)
    menu_order = text_of(item, WP + "menu_order")
    return WxrPost(
        id=text_of(item, WP + "post_id"),
        title=clean_title(text_of(item, "title")),
        slug=text_of(item, WP + "post_name"),
        link=text_of(item, "link"),
        status=text_of(item, WP + "status") or "draft",
        post_type=text_of(item, WP + "post_type") or "post",
        date=_date(text_of(item, WP + "post_date_gmt")) or _date(text_of(item, WP + "post_date")),
        author=text_of(item, DC_CREATOR),
        content=(content.text or "") if content is not None else "",
        excerpt=text_of(item, EXCERPT),
        categories=[c.get("nicename", "") for c in _terms(item, "category") if c.get("nicename")],
        tags=[(c.text or "").strip() for c in _terms(item, "post_tag") if (c.text or "").strip()],
        thumbnail_id=meta.get("_thumbnail_id", "").strip(),
        modified=text_of(item, WP + "post_modified_gmt"),
        parent_id=text_of(item, WP + "post_parent"),
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
        guid=text_of(item, "guid"),
        line=line,
    )


def _attachment(item: Element, meta: dict[str, str]) -> WxrAttachment:
    post_id = text_of(item, WP + "post_id")
    return WxrAttachment(
        id=post_id,
        url=text_of(item, WP + "attachment_url") or text_of(item, "guid"),
        title=text_of(item, "title"),
        caption=text_of(item, EXCERPT),
        alt=meta.get("_wp_attachment_image_alt", "").strip(),
        credit=(meta.get("_media_credit") or meta.get("credit") or "").strip(),
        relative_path=meta.get("_wp_attached_file", "").strip(),
        link=text_of(item, "link"),
        parent_id=text_of(item, WP + "post_parent"),
    )


def _guest_author(item: Element, meta: dict[str, str]) -> WxrAuthor | None:
    login = meta.get("cap-user_login", "").strip()
    if not login:
        return None
    return WxrAuthor(
        login,
        meta.get("cap-display_name", "").strip() or text_of(item, "title") or login,
        meta.get("cap-user_email", "").strip(),
        meta.get("cap-first_name", "").strip(),
        meta.get("cap-last_name", "").strip(),
        meta.get("cap-description", "").strip(),
        # the avatar is the guest author's featured image (an attachment id)
        avatar_url=meta.get("_thumbnail_id", "").strip(),
    )


# --- The file ---------------------------------------------------------------------------------

_POST_ID = re.compile(rb"<(?:[\w.-]+:)?post_id>\s*(?:<!\[CDATA\[)?\s*(\d+)")


class WxrPosts(Sequence[WxrPost]):
    """The export's posts and pages, read from the file when asked for, one at a time."""

    def __init__(self, path: Path, reader: Reader) -> None:
        self.path, self.reader = path, reader
        self.offsets, self.sizes, self.lines = array("q"), array("q"), array("q")

    def add(self, chunk: Chunk) -> None:
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
        chunks = scan(path)
        header = next(chunks)
        return _read_site(path, header, chunks)
    except OSError as error:
        raise WxrError(f"tidak dapat membaca {path}: {error}") from error


def _header_reader(path: Path, data: bytes) -> tuple[Reader, str, list[WxrIssue]]:
    declared = re.search(rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']""", data[:200])
    encoding = declared.group(1).decode().lower() if declared else "utf-8"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "utf-8"  # an encoding Python does not know: WordPress writes UTF-8
    head = data.decode(encoding, errors="replace")
    rss = re.search(r"<rss\b[^>]*>", head)
    declarations = {
        prefix: uri for prefix, _quote, uri in DECLARATION.findall(rss.group() if rss else "")
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
    return Reader(declarations, encoding), namespace, issues


def _read_site(path: Path, header: Chunk, chunks: Iterator[Chunk]) -> WxrSite:
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
        channel = pattern_channel(head, reader.prefix)
    site = WxrSite(
        title=text_of(channel, "title"),
        base_url=text_of(channel, WP + "base_blog_url") or text_of(channel, "link"),
        authors={a.login: a for a in map(_author, channel.findall(WP + "author")) if a},
        categories={},
        tags={
            text_of(node, WP + "tag_slug"): text_of(node, WP + "tag_name")
            for node in channel.findall(WP + "tag")
            if text_of(node, WP + "tag_slug")
        },
        attachments={},
        posts=WxrPosts(path, reader),
        other_types={},
        namespace=namespace,
        issues=issues,
    )
    for node in channel.findall(WP + "category"):
        slug = text_of(node, WP + "category_nicename")
        if slug:
            site.categories[slug] = WxrCategory(
                slug,
                text_of(node, WP + "cat_name") or slug,
                text_of(node, WP + "category_parent"),
                text_of(node, WP + "category_description"),
                text_of(node, WP + "term_id"),
            )
    for chunk in chunks:
        _read_item(site, reader, chunk)
    return site


def _read_item(site: WxrSite, reader: Reader, chunk: Chunk) -> None:
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
    item_id = text_of(item, WP + "post_id") if item is not None else item_id
    for line, what, action in raw + parsed.issues:
        site.issues.append(WxrIssue(chunk.line + line, item_id, what, action))
    if item is None:
        return
    kind = text_of(item, WP + "post_type") or "post"
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
        title = text_of(item, "title")
        if title != clean_title(title):
            site.issues.append(
                WxrIssue(
                    chunk.line, item_id, "kontrol arah teks (bidi) dihapus dari judul", "diperbaiki"
                )
            )
    else:
        site.other_types[kind] = site.other_types.get(kind, 0) + 1

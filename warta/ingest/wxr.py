"""Reading a WordPress export (WXR, the XML that Tools → Export writes). Pure: no database;
`wordpress.import_wxr` turns the result into Warta content. The XML is parsed with defusedxml,
so entity tricks in a hostile file are refused rather than expanded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
UPLOADS = "/wp-content/uploads/"


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
    parent_id: str = ""
    comment_type: str = ""  # "", "comment", "pingback", "trackback"


@dataclass
class WxrIssue:
    """Something in the file that was repaired or skipped while reading it."""

    line: int
    item_id: str  # "" when the item's id could not be read
    what: str
    action: str  # "diperbaiki" (repaired) or "dilewati" (skipped)


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
    slug: str
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
    line: int = 0  # where the item starts in the file, for the report


@dataclass
class WxrSite:
    title: str
    base_url: str
    authors: dict[str, WxrAuthor]
    categories: dict[str, WxrCategory]
    tags: dict[str, str]  # slug -> name
    attachments: dict[str, WxrAttachment]
    posts: list[WxrPost]  # posts and pages, in file order
    other_types: dict[str, int]  # post types Warta does not import, with counts
    # Co-Authors Plus guest authors (items of type "guest-author"), by their login
    guest_authors: dict[str, WxrAuthor] = field(default_factory=dict)
    namespace: str = ""  # the WXR namespace found, e.g. "https://wordpress.org/export/1.2/"
    issues: list[WxrIssue] = field(default_factory=list)


def upload_path_of(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.split(UPLOADS, 1)[1] if UPLOADS in path else ""


def _wp_namespace(root) -> str:
    for element in root.iter():
        match = re.match(r"\{(http://wordpress\.org/export/[0-9.]+/)\}", element.tag)
        if match:
            return match.group(1)
    raise WxrError("bukan ekspor WordPress (WXR): tidak ada elemen wp:")


def _date(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_wxr(path: Path) -> WxrSite:
    try:
        tree = ElementTree.parse(str(path), forbid_dtd=True)
    except ElementTree.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise WxrError(f"XML tidak valid di baris {line}, kolom {column}: {error}") from error
    except DefusedXmlException as error:
        raise WxrError(f"XML ditolak demi keamanan: {error}") from error
    except OSError as error:
        raise WxrError(f"tidak dapat membaca {path}: {error}") from error
    root = tree.getroot()
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise WxrError("bukan ekspor WordPress (WXR): elemen <rss><channel> tidak ada")
    wp = "{" + _wp_namespace(root).rstrip("/") + "/}"
    excerpt_tag = "{" + _wp_namespace(root) + "excerpt/}encoded"

    def text(element, tag: str) -> str:
        found = element.find(tag)
        return (found.text or "").strip() if found is not None else ""

    authors = {}
    for node in channel.findall(f"{wp}author"):
        login = text(node, f"{wp}author_login")
        if login:
            authors[login] = WxrAuthor(
                login,
                text(node, f"{wp}author_display_name") or login,
                text(node, f"{wp}author_email"),
                text(node, f"{wp}author_first_name"),
                text(node, f"{wp}author_last_name"),
                text(node, f"{wp}author_description"),  # not in core exports; some add it
                id=text(node, f"{wp}author_id"),
            )
    categories = {}
    for node in channel.findall(f"{wp}category"):
        slug = text(node, f"{wp}category_nicename")
        if slug:
            categories[slug] = WxrCategory(
                slug,
                text(node, f"{wp}cat_name") or slug,
                text(node, f"{wp}category_parent"),
                text(node, f"{wp}category_description"),
                text(node, f"{wp}term_id"),
            )
    tags = {
        text(node, f"{wp}tag_slug"): text(node, f"{wp}tag_name")
        for node in channel.findall(f"{wp}tag")
        if text(node, f"{wp}tag_slug")
    }
    attachments: dict[str, WxrAttachment] = {}
    posts: list[WxrPost] = []
    other_types: dict[str, int] = {}
    guest_authors: dict[str, WxrAuthor] = {}
    for item in channel.findall("item"):
        kind = text(item, f"{wp}post_type") or "post"
        meta = {
            text(m, f"{wp}meta_key"): (m.find(f"{wp}meta_value").text or "")
            for m in item.findall(f"{wp}postmeta")
            if m.find(f"{wp}meta_value") is not None
        }
        post_id = text(item, f"{wp}post_id")
        if kind == "attachment":
            attachments[post_id] = WxrAttachment(
                id=post_id,
                url=text(item, f"{wp}attachment_url") or text(item, "guid"),
                title=text(item, "title"),
                caption=text(item, excerpt_tag),
                alt=meta.get("_wp_attachment_image_alt", "").strip(),
                credit=(meta.get("_media_credit") or meta.get("credit") or "").strip(),
                relative_path=meta.get("_wp_attached_file", "").strip(),
                link=text(item, "link"),
                parent_id=text(item, f"{wp}post_parent"),
            )
            continue
        if kind == "guest-author":
            login = meta.get("cap-user_login", "").strip()
            if login:
                guest_authors[login] = WxrAuthor(
                    login,
                    meta.get("cap-display_name", "").strip() or text(item, "title") or login,
                    meta.get("cap-user_email", "").strip(),
                    meta.get("cap-first_name", "").strip(),
                    meta.get("cap-last_name", "").strip(),
                    meta.get("cap-description", "").strip(),
                    # the avatar is the guest author's featured image (an attachment id)
                    avatar_url=meta.get("_thumbnail_id", "").strip(),
                )
            continue
        if kind not in ("post", "page"):
            other_types[kind] = other_types.get(kind, 0) + 1
            continue
        found = item.find(CONTENT)
        posts.append(
            WxrPost(
                id=post_id,
                title=text(item, "title"),
                slug=text(item, f"{wp}post_name"),
                link=text(item, "link"),
                status=text(item, f"{wp}status") or "draft",
                post_type=kind,
                date=_date(text(item, f"{wp}post_date_gmt")) or _date(text(item, f"{wp}post_date")),
                author=text(item, DC_CREATOR),
                content=(found.text or "") if found is not None else "",
                excerpt=text(item, excerpt_tag),
                categories=[
                    c.get("nicename", "")
                    for c in item.findall("category")
                    if c.get("domain") == "category" and c.get("nicename")
                ],
                tags=[
                    (c.text or "").strip()
                    for c in item.findall("category")
                    if c.get("domain") == "post_tag" and (c.text or "").strip()
                ],
                thumbnail_id=meta.get("_thumbnail_id", "").strip(),
                modified=text(item, f"{wp}post_modified_gmt"),
                parent_id=text(item, f"{wp}post_parent"),
                menu_order=int(text(item, f"{wp}menu_order") or 0)
                if text(item, f"{wp}menu_order").lstrip("-").isdigit()
                else 0,
                post_format=next(
                    (
                        c.get("nicename", "").removeprefix("post-format-")
                        for c in item.findall("category")
                        if c.get("domain") == "post_format"
                    ),
                    "",
                ),
                meta=meta,
                comments=comments_of(item, wp, text),
                guid=text(item, "guid"),
                coauthors=[
                    c.get("nicename", "").removeprefix("cap-")
                    for c in item.findall("category")
                    if c.get("domain") == "author" and c.get("nicename")
                ],
            )
        )
    return WxrSite(
        title=text(channel, "title"),
        base_url=text(channel, f"{wp}base_blog_url") or text(channel, "link"),
        authors=authors,
        categories=categories,
        tags=tags,
        attachments=attachments,
        posts=posts,
        other_types=other_types,
        guest_authors=guest_authors,
        namespace=_wp_namespace(root),
    )


def comments_of(item, wp: str, text) -> list[WxrComment]:
    """The wp:comment elements of an item, as they are (every status: the importer decides)."""
    return [
        WxrComment(
            id=text(node, f"{wp}comment_id"),
            author=text(node, f"{wp}comment_author"),
            author_email=text(node, f"{wp}comment_author_email"),
            author_url=text(node, f"{wp}comment_author_url"),
            date=_date(text(node, f"{wp}comment_date_gmt"))
            or _date(text(node, f"{wp}comment_date")),
            content=text(node, f"{wp}comment_content"),
            approved=text(node, f"{wp}comment_approved") or "0",
            parent_id=text(node, f"{wp}comment_parent").lstrip("0"),
            comment_type=text(node, f"{wp}comment_type"),
        )
        for node in item.findall(f"{wp}comment")
    ]

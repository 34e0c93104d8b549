"""WordPress post HTML (classic editor with [caption] shortcodes and bare paragraphs, or
Gutenberg blocks) to Warta body blocks. Pure; images come back as references the importer
resolves against the uploads folder. Everything kept as text is sanitised with nh3."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3

from warta.core.security.sanitise import clean_rich_text
from warta.ingest.text_format import CAPTION_RE

GUTENBERG_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
CAPTION_SHORTCODE = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
SHORTCODE = re.compile(r"\[(/?)([a-z_][\w-]*)([^\]]*)\]", re.IGNORECASE)
BLOCK = re.compile(
    r"<(figure|h[1-6]|blockquote|ul|ol|p|div|table|pre)\b[^>]*>.*?</\1\s*>",
    re.DOTALL | re.IGNORECASE,
)
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([\w-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')')


@dataclass
class ImageRef:
    url: str
    attachment_id: str = ""
    caption: str = ""
    credit: str = ""
    alt: str = ""


@dataclass
class Converted:
    blocks: list[tuple[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _attrs(tag: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(3) if m.group(3) is not None else m.group(4)
        for m in ATTR.finditer(tag)
    }


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()


def _image_ref(img_tag: str, caption_html: str = "", attachment_id: str = "") -> ImageRef | None:
    attrs = _attrs(img_tag)
    src = attrs.get("src", "")
    if not src:
        return None
    if not attachment_id:
        found = re.search(r"wp-image-(\d+)", attrs.get("class", ""))
        attachment_id = found.group(1) if found else ""
    caption, credit = _plain(caption_html), ""
    split = CAPTION_RE.match(caption)
    if split:
        caption, credit = split.group("caption"), split.group("credit").strip()
    return ImageRef(src, attachment_id, caption[:255], credit[:120], attrs.get("alt", "")[:255])


def _caption_to_figure(match: re.Match) -> str:
    attrs = _attrs(match.group(1))
    inner = match.group(2)
    img = IMG.search(inner)
    if not img:
        return inner
    caption_html = IMG.sub("", re.sub(r"</?a\b[^>]*>", "", inner))
    found = re.search(r"attachment_(\d+)", attrs.get("id", ""))
    ident = found.group(1) if found else ""
    caption = f"<figcaption>{caption_html}</figcaption>"
    return f'<figure data-id="{ident}">{img.group(0)}{caption}</figure>'


def convert(html: str) -> Converted:
    out = Converted()
    html = GUTENBERG_COMMENT.sub("", html or "")
    html = CAPTION_SHORTCODE.sub(_caption_to_figure, html)
    dropped = sorted({m.group(2).lower() for m in SHORTCODE.finditer(html)})
    if dropped:
        out.notes.append("shortcode dibuang: " + ", ".join(f"[{name}]" for name in dropped))
        html = SHORTCODE.sub("", html)
    position = 0
    for match in BLOCK.finditer(html):
        _loose_text(html[position : match.start()], out)
        _block(match.group(1).lower(), match.group(0), out)
        position = match.end()
    _loose_text(html[position:], out)
    return out


def _loose_text(text: str, out: Converted) -> None:
    """Text outside block tags: WordPress's wpautop makes each blank-line run a paragraph."""
    for chunk in re.split(r"\n\s*\n", text):
        _paragraph(chunk.replace("\n", "<br>"), out)


def _paragraph(inner_html: str, out: Converted) -> None:
    images = IMG.findall(inner_html)
    cleaned = clean_rich_text(IMG.sub("", inner_html)).strip()
    cleaned = re.sub(r"^(<br>\s*)+|(\s*<br>)+$", "", cleaned)
    if _plain(cleaned):
        out.blocks.append(("paragraph", f"<p>{cleaned}</p>"))
    for tag in images:
        ref = _image_ref(tag)
        if ref:
            out.blocks.append(("image", ref))


def _inner(element_html: str) -> str:
    return re.sub(r"^<[^>]+>|</[^>]+>\s*$", "", element_html.strip())


def _block(tag: str, element: str, out: Converted) -> None:
    if tag == "figure":
        img = IMG.search(element)
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", element, re.DOTALL)
        ident = _attrs(element.split(">", 1)[0]).get("data-id", "")
        ref = _image_ref(img.group(0), caption.group(1) if caption else "", ident) if img else None
        if ref:
            out.blocks.append(("image", ref))
        elif _plain(element):
            out.blocks.append(("paragraph", f"<p>{clean_rich_text(_inner(element))}</p>"))
    elif tag[0] == "h":
        heading = _plain(element)
        if heading:
            out.blocks.append(("subheading", heading[:255]))
    elif tag == "blockquote":
        cite = re.search(r"<cite[^>]*>(.*?)</cite>", element, re.DOTALL)
        body = re.sub(r"<cite[^>]*>.*?</cite>", "", element, flags=re.DOTALL)
        quote = _plain(body)
        if quote:
            speaker = _plain(cite.group(1)).lstrip("—–- ") if cite else ""
            out.blocks.append(("quote", {"text": quote, "speaker": speaker[:255], "source": ""}))
    elif tag in ("ul", "ol"):
        out.blocks.append(("paragraph", clean_rich_text(element)))
    elif tag in ("table", "pre"):
        out.notes.append(f"<{tag}> dijadikan teks biasa")
        _paragraph(_plain(element), out)
    else:  # p, div
        _paragraph(_inner(element), out)

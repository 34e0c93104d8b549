"""What WordPress plugins and themes keep in post meta that a news story needs: the subtitle,
the source ("Sumber", "Via") and the SEO title and description. Pure: `read_meta` turns a
post's meta into `PostMeta`; `wordpress.WordPressImporter` puts it into the story's fields.
Every value is reduced to plain text and cut to its field's length. Which keys are read, and
where they go, is listed in docs/subsystems/ingest.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from warta.ingest.php_serial import PhpSerialError, php_unserialize
from warta.ingest.wp_content import _plain

SUMMARY_MAX = 300
SEO_TITLE_MAX = 255  # Wagtail's Page.seo_title
SEO_DESCRIPTION_MAX = 300
CITED_MAX = 255  # ArticlePage.cited_sources
SOURCE_NAME_MAX = 120

# Plain-text subtitles, first found wins: WP Subtitle, Secondary Title, generic theme keys.
SUBTITLE_KEYS = ("wps_subtitle", "_secondary_title", "subtitle", "_subtitle")
# PHP-serialized arrays of themes: (meta key, subtitle, [(source name, source url), …]).
THEME_ARRAYS = (
    (
        "td_post_theme_settings",  # Newspaper / Newsmag (tagDiv)
        "td_subtitle",
        [("td_source", "td_source_url"), ("td_via", "td_via_url")],
    ),
    (
        "jnews_single_post",  # JNews
        "subtitle",
        [("source_name", "source_url"), ("via_name", "via_url")],
    ),
)
# SEO plugins, first with a title (or description) wins: (title key, description key, syntax).
SEO_KEYS = (
    ("_yoast_wpseo_title", "_yoast_wpseo_metadesc", "yoast"),
    ("rank_math_title", "rank_math_description", "rankmath"),
    ("_aioseo_title", "_aioseo_description", "aioseo"),
    ("_aioseop_title", "_aioseop_description", "aioseo"),  # All in One SEO before 4.0
)
# Where themes keep a video post's video: tagDiv's serialized {td_video: url}, CF Post Formats.
VIDEO_KEYS = (("td_post_video", "td_video"), ("_format_video_embed", ""))

YOAST_VAR = re.compile(r"%%([a-z0-9_]+)%%", re.IGNORECASE)
RANKMATH_VAR = re.compile(r"%([a-z][a-z0-9_]*)(?:\([^)%]*\))?%", re.IGNORECASE)
AIOSEO_VAR = re.compile(
    r"#(post_title|site_title|separator_sa|post_excerpt|post_excerpt_only|"
    r"taxonomy_title|categories|tagline|page_number|post_content|author_name|"
    r"author_first_name|author_last_name|post_date|post_day|post_month|"
    r"post_year|current_date|current_year)\b"
)
EDGE_SEPARATORS = " \t-–—|·•»«:/"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class PostMeta:
    subtitle: str = ""  # → summary
    sources: list[tuple[str, str]] = field(default_factory=list)  # (name, http(s) url or "")
    seo_title: str = ""  # → Page.seo_title ("" when it would only repeat the title)
    seo_description: str = ""  # → Page.search_description
    video_url: str = ""  # a video post's video, where the theme keeps it in meta
    notes: list[str] = field(default_factory=list)  # for the report

    @property
    def cited_sources(self) -> str:
        names = list(dict.fromkeys(name for name, _url in self.sources if name))
        text = ", ".join(names)
        return text if len(text) <= CITED_MAX else text[: CITED_MAX - 1].rsplit(",", 1)[0]


def clean_text(value: object, limit: int) -> str:
    """Plain text on one line, no tags or bidi/control characters, at most `limit` long."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    text = CONTROL.sub("", _plain(str(value)))
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]) + "…"


def clean_url(value: object) -> str:
    text = str(value or "").strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or len(text) > 500:
        return ""
    return text if not re.search(r"[\s<>\"']", text) else ""


def _array(meta: dict[str, str], key: str, notes: list[str]) -> dict:
    raw = meta.get(key, "").strip()
    if not raw:
        return {}
    try:
        value = php_unserialize(raw)
    except PhpSerialError as error:
        notes.append(f"meta {key} tidak terbaca ({error}); dilewati")
        return {}
    return value if isinstance(value, dict) else {}


def _source(name: object, url: object) -> tuple[str, str] | None:
    link = clean_url(url)
    label = clean_text(name, SOURCE_NAME_MAX) or (urlsplit(link).hostname or "" if link else "")
    return (label.removeprefix("www."), link) if label else None


def expand_seo(template: str, syntax: str, *, title: str, excerpt: str, category: str) -> str:
    """An SEO plugin's title or description with its variables filled in: the post's title,
    excerpt and category; the site name and separators dropped (Warta adds its own site name
    to every title); any other variable dropped."""
    values = {
        "title": title,
        "post_title": title,
        "excerpt": excerpt,
        "excerpt_only": excerpt,
        "post_excerpt": excerpt,
        "post_excerpt_only": excerpt,
        "category": category,
        "primary_category": category,
        "categories": category,
        "taxonomy_title": category,
        "term_title": category,
        "sep": " - ",
        "separator_sa": " - ",
    }

    def fill(match: re.Match) -> str:
        return values.get(match.group(1).lower(), "")

    pattern = {"yoast": YOAST_VAR, "rankmath": RANKMATH_VAR, "aioseo": AIOSEO_VAR}[syntax]
    text = pattern.sub(fill, template)
    if syntax == "rankmath":  # Rank Math also reads Yoast-style variables
        text = YOAST_VAR.sub(fill, text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(\s-\s)(\s*-\s)+", " - ", text)  # empty variables between separators
    return text.strip(EDGE_SEPARATORS)


def read_meta(
    meta: dict[str, str], *, title: str, excerpt: str = "", category: str = ""
) -> PostMeta:
    found = PostMeta()
    for key in SUBTITLE_KEYS:
        found.subtitle = clean_text(meta.get(key, ""), SUMMARY_MAX)
        if found.subtitle:
            break
    for key, subtitle_key, source_keys in THEME_ARRAYS:
        settings = _array(meta, key, found.notes)
        if not found.subtitle:
            found.subtitle = clean_text(settings.get(subtitle_key, ""), SUMMARY_MAX)
        for name_key, url_key in source_keys:
            source = _source(settings.get(name_key), settings.get(url_key))
            if source and source not in found.sources:
                found.sources.append(source)
    for title_key, description_key, syntax in SEO_KEYS:
        context = {"title": title, "excerpt": _plain(excerpt), "category": category}
        if not found.seo_title and meta.get(title_key, "").strip():
            expanded = expand_seo(meta[title_key], syntax, **context)
            cleaned = clean_text(expanded, SEO_TITLE_MAX)
            found.seo_title = "" if cleaned == clean_text(title, SEO_TITLE_MAX) else cleaned
        if not found.seo_description and meta.get(description_key, "").strip():
            expanded = expand_seo(meta[description_key], syntax, **context)
            found.seo_description = clean_text(expanded, SEO_DESCRIPTION_MAX)
    for key, inner in VIDEO_KEYS:
        value: object = _array(meta, key, found.notes).get(inner) if inner else meta.get(key)
        url = clean_url(value) or _first_url(value)
        if url:
            found.video_url = url
            break
    return found


def _first_url(value: object) -> str:
    """The address in an embed code (an <iframe src> or a bare link)."""
    if not isinstance(value, str):
        return ""
    match = re.search(r"https?://[^\s\"'<>\]]+", value)
    return clean_url(match.group(0)) if match else ""

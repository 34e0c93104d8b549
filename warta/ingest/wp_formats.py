"""Which kind of Warta story a WordPress post becomes, and what its meta adds to it.

- Post formats (the `post_format` taxonomy): `gallery` → `GalleryPage`, its photos the
  `[gallery]` shortcode's attachments (`ids="…"`, or without ids the images uploaded to the
  post) and the images in the content (Gutenberg galleries included), in order; `video` →
  `VideoPage`, its address the theme's video meta or the first YouTube/Vimeo address in the
  content, the featured image its poster. A gallery with fewer than two photos, or a video
  without a YouTube/Vimeo address or a poster, becomes an article, and the report says why.
  Every other format (aside, quote, link, status, audio, image, chat) becomes an article,
  noted in the report.
- Meta (`wp_meta.read_meta`): subtitle → summary, sources → cited sources (and a linked
  "Tautan sumber" paragraph at the end when the theme gave their addresses), SEO title and
  description → Wagtail's `seo_title` and `search_description`.

A story keeps the type it was first imported as: a re-import never changes it (noted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import escape
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from warta.articles.media_pages import MAX_GALLERY_PHOTOS, GalleryPage, GalleryPhoto, VideoPage
from warta.articles.models import ArticlePage
from warta.articles.video import parse_video_url
from warta.core.models import WartaImage
from warta.core.security.sanitise import clean_rich_text
from warta.ingest.wp_content import ImageRef, _plain
from warta.ingest.wp_meta import read_meta
from warta.ingest.wxr import WxrAttachment, WxrPost

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressImporter

GALLERY_SHORTCODE = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
IDS = re.compile(r"""\bids\s*=\s*["']?([\d,\s]+)""", re.IGNORECASE)
VIDEO_URL = re.compile(
    r"https?://(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?v=|embed/|shorts/)"
    r"[\w-]{11}|youtu\.be/[\w-]{11}|(?:player\.)?vimeo\.com/(?:video/)?\d{4,12})",
    re.IGNORECASE,
)
ARTICLE_FORMATS = {"", "standard"}


@dataclass
class Photo:
    image: WartaImage
    caption: str = ""
    credit: str = ""


@dataclass
class StoryPlan:
    model: type[ArticlePage] = ArticlePage
    photos: list[Photo] = field(default_factory=list)
    video_url: str = ""

    def attach(self, importer: WordPressImporter, post: WxrPost, article: ArticlePage) -> None:
        """Give the story what its type adds (photos, the video) before it is saved."""
        if self.model is not ArticlePage and type(article) is not self.model:
            importer.report.warnings.append(
                f"pos {post.id}: sudah diimpor sebagai {type(article)._meta.verbose_name}; "
                f"jenisnya tidak diubah"
            )
        if isinstance(article, GalleryPage) and self.photos:
            article.gallery_photos.clear()
            for n, photo in enumerate(self.photos[:MAX_GALLERY_PHOTOS]):
                article.gallery_photos.add(
                    GalleryPhoto(
                        image=photo.image,
                        caption=photo.caption[:400],
                        credit=photo.credit[:120],
                        sort_order=n,
                    )
                )
        if isinstance(article, VideoPage) and self.video_url:
            article.video_url = self.video_url


def body_post(post: WxrPost) -> WxrPost:
    """The post as its body is converted: a gallery post's `[gallery]` shortcodes become its
    photos, not a "shortcode dropped" note."""
    if post.post_format != "gallery":
        return post
    return replace(post, content=GALLERY_SHORTCODE.sub("", post.content))


def plan_story(importer: WordPressImporter, post: WxrPost, fields: dict) -> StoryPlan:
    """The story type for `post`, with `fields` (the story's fields, body already converted)
    completed from its meta and, for a gallery, its images moved from the body to the photos."""
    video_url = _apply_meta(importer, post, fields)
    kind = post.post_format
    if kind == "gallery":
        return _gallery(importer, post, fields)
    if kind == "video":
        return _video(importer, post, fields, video_url)
    if kind not in ARTICLE_FORMATS:
        importer.report.warnings.append(f"pos {post.id}: format '{kind}' diimpor sebagai artikel")
    return StoryPlan()


def _apply_meta(importer: WordPressImporter, post: WxrPost, fields: dict) -> str:
    """Subtitle, sources and SEO into `fields`; the video address the meta holds, if any."""
    category = next(
        (importer.wxr.categories[s].name for s in post.categories if s in importer.wxr.categories),
        "",
    )
    meta = read_meta(post.meta, title=post.title, excerpt=post.excerpt, category=category)
    for note in meta.notes:
        importer.report.warnings.append(f"pos {post.id}: {note}")
    if meta.subtitle:
        fields["summary"] = meta.subtitle
    fields["cited_sources"] = meta.cited_sources
    fields["seo_title"] = meta.seo_title
    fields["search_description"] = meta.seo_description
    linked = [(name, url) for name, url in meta.sources if url]
    if linked:
        links = ", ".join(f'<a href="{escape(url)}">{escape(name)}</a>' for name, url in linked)
        fields["body"] = [
            *fields["body"],
            ("paragraph", clean_rich_text(f"<p>Tautan sumber: {links}</p>")),
        ]
    return meta.video_url


def _gallery(importer: WordPressImporter, post: WxrPost, fields: dict) -> StoryPlan:
    refs: list[ImageRef | WxrAttachment] = []
    for match in GALLERY_SHORTCODE.finditer(post.content):
        ids = IDS.search(match.group(1))
        if ids:
            wanted = [i.strip() for i in ids.group(1).split(",") if i.strip()]
        else:  # no ids: the images uploaded to this post, as WordPress shows them
            wanted = sorted(
                (a.id for a in importer.wxr.attachments.values() if a.parent_id == post.id),
                key=lambda i: int(i) if i.isdigit() else 0,
            )
        for ident in wanted:
            attachment = importer.wxr.attachments.get(ident)
            if attachment is None:
                importer.report.warnings.append(
                    f"pos {post.id}: gambar galeri {ident} tidak ada di ekspor"
                )
            else:
                refs.append(attachment)
    photos: list[Photo] = []
    for ref in refs:
        image = importer.image_for(ref, post)
        if image is not None:
            photos.append(Photo(image, getattr(ref, "caption", "")))
    kept_body = []
    from_body = []
    for kind, value in fields["body"]:
        if kind == "image" and isinstance(value, dict):
            from_body.append(
                Photo(value["image"], value.get("caption", ""), value.get("credit", ""))
            )
        else:
            kept_body.append((kind, value))
    shortcode_photos = list(photos)
    photos += from_body
    seen: set[int] = set()
    photos = [p for p in photos if not (p.image.pk in seen or seen.add(p.image.pk))]
    if len(photos) < 2:
        importer.report.warnings.append(
            f"pos {post.id}: format galeri dengan {len(photos)} foto diimpor sebagai artikel"
        )
        # the [gallery] photos stay in the story, after its text
        fields["body"] = [
            *fields["body"],
            *(
                ("image", {"image": p.image, "caption": p.caption[:255], "credit": ""})
                for p in shortcode_photos
            ),
        ]
        return StoryPlan()
    fields["body"] = kept_body
    return StoryPlan(GalleryPage, photos=photos)


def _video(importer: WordPressImporter, post: WxrPost, fields: dict, meta_url: str) -> StoryPlan:
    candidates = [meta_url]
    candidates += [m.group(0) for m in VIDEO_URL.finditer(post.content)]
    url = ""
    for candidate in filter(None, candidates):
        try:
            url = parse_video_url(candidate).watch_url
            break
        except ValidationError:
            continue
    if not url or fields.get("hero_image") is None:
        reason = "tanpa alamat YouTube/Vimeo" if not url else "tanpa gambar unggulan (poster)"
        importer.report.warnings.append(
            f"pos {post.id}: format video {reason} diimpor sebagai artikel"
        )
        return StoryPlan()
    # The address on a line of its own (WordPress's oEmbed) is the player now, not a paragraph.
    fields["body"] = [
        (kind, value)
        for kind, value in fields["body"]
        if not (kind == "paragraph" and VIDEO_URL.fullmatch(_plain(str(value))))
    ]
    return StoryPlan(VideoPage, video_url=url)

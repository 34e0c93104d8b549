"""Writes for ingest: turn parsed outside copy into ArticlePage drafts or published stories."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Site

from warta.articles.models import ArticleAuthor, ArticlePage, Author
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.core.media.images import draw_picture, store_image
from warta.core.models import WartaImage
from warta.ingest.places import is_indonesian_place
from warta.ingest.text_format import ParsedArticle, Quote

logger = logging.getLogger(__name__)


class ImportTargetError(ValueError):
    """The site or channel to import into does not exist or is ambiguous."""


@dataclass
class ImportResult:
    article: ArticlePage
    url: str
    channel_note: str


def author_named(name: str) -> Author:
    slug = slugify(name)[:140] or "penulis"
    author, _ = Author.objects.get_or_create(slug=slug, defaults={"name": name})
    return author


def resolve_site(hostname: str | None) -> Site:
    if not hostname:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise ImportTargetError("there is no default site; run `warta build_demo` first")
        return site
    site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
    if site is None:
        known = ", ".join(Site.objects.values_list("hostname", flat=True))
        raise ImportTargetError(f"no site with hostname {hostname!r} (known: {known})")
    return site


def resolve_channel(site: Site, slug: str | None, parsed: ParsedArticle) -> tuple[ChannelPage, str]:
    channels = ChannelPage.objects.descendant_of(site.root_page)
    if slug:
        channel = channels.filter(slug=slug).first()
        if channel is None:
            known = ", ".join(channels.values_list("slug", flat=True))
            raise ImportTargetError(f"no channel {slug!r} on {site.hostname} (known: {known})")
        return channel, f"channel {channel.slug} (given)"
    wanted = "nasional" if is_indonesian_place(parsed.dateline_place) else "internasional"
    channel = channels.filter(slug=wanted).first() or channels.order_by("path").first()
    if channel is None:
        raise ImportTargetError(f"{site.hostname} has no channels to import into")
    return channel, f"channel {channel.slug} (guessed from the dateline {parsed.dateline_place})"


def _body(parsed: ParsedArticle) -> list[tuple[str, object]]:
    body: list[tuple[str, object]] = []
    for item in parsed.paragraphs:
        if isinstance(item, Quote):
            body.append(
                ("quote", {"text": item.text, "speaker": item.speaker, "source": item.source})
            )
        else:
            body.append(("paragraph", f"<p>{escape(item)}</p>"))
    return body


def _hero_image(parsed: ParsedArticle, image_path: Path | None) -> WartaImage | None:
    if not parsed.caption and image_path is None:
        return None
    if image_path is not None:
        data, filename = image_path.read_bytes(), image_path.name
        note = ""
    else:
        # Scraped text carries no photo bytes: draw a plainly labelled stand-in rather than
        # inventing a photograph, keeping the caption and credit as they were published.
        note = "Foto asli tidak disertakan dalam teks impor"
        data, filename = draw_picture(parsed.caption, note=note), "import-placeholder.jpg"
    return store_image(
        data,
        title=parsed.caption or parsed.title,
        filename=filename,
        description=parsed.caption[:255],
        credit_source=parsed.photo_credit,
    )


def import_parsed_article(
    parsed: ParsedArticle,
    *,
    site: Site,
    channel: ChannelPage,
    publish: bool = False,
    image_path: Path | None = None,
) -> ArticlePage:
    """Create the story under `channel` in one transaction: all of it, or nothing."""
    with transaction.atomic():
        hero = _hero_image(parsed, image_path)
        try:
            article = ArticlePage(
                title=parsed.title,
                summary=lead_sentence(parsed),
                slug=slugify(parsed.title)[:80] or "artikel",
                hero_image=hero,
                hero_caption=parsed.caption,
                dateline_place=parsed.dateline_place,
                editor=author_named(parsed.editor),
                cited_sources=", ".join(parsed.cited_sources),
                body=_body(parsed),
            )
            article.slug = free_slug(channel, article.slug)
            for order, name in enumerate(parsed.authors):
                article.bylines.add(ArticleAuthor(author=author_named(name), sort_order=order))
            create_story(article, parent=channel, publish=publish)
        except Exception:
            if hero is not None:
                hero.file.delete(save=False)
            raise
    return article


def lead_sentence(parsed: ParsedArticle, limit: int = 200) -> str:
    """The dek when the source has none: the lead paragraph's first sentence."""
    lead = next((p for p in parsed.paragraphs if isinstance(p, str)), "")
    sentence = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"


def free_slug(parent: ChannelPage, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    return candidate

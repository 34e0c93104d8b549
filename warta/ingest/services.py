"""Writes for ingest: turn parsed outside copy into ArticlePage drafts or published stories."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Site

from warta.articles.models import ArticleAuthor, ArticlePage, Author
from warta.articles.purging import story_purge_keys
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.core.media.images import store_image
from warta.core.models import WartaImage
from warta.core.pagecache import purge_keys
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
    """The photo given with the copy, credited as published. Scraped text carries no photo
    bytes: without one the story has no hero image (and shows none), while its caption and
    credit stay on the story for the editor to find the real photo."""
    if image_path is None:
        return None
    return store_image(
        image_path.read_bytes(),
        title=parsed.caption or parsed.title,
        filename=image_path.name,
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
                hero_credit=parsed.photo_credit[:120],
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


# --- Stand-in photos drawn by older imports ------------------------------------------------
# Until the importer stopped drawing them, `import_text` without --image attached a drawn
# picture labelled "Foto asli tidak disertakan…" as the hero image, stored under this name.
PLACEHOLDER_NAME = "import-placeholder"


def placeholder_images() -> QuerySet[WartaImage]:
    return WartaImage.objects.filter(file__contains=f"/{PLACEHOLDER_NAME}")


def stories_with_placeholder_photo() -> QuerySet[ArticlePage]:
    """Stories whose published version or latest draft shows a drawn stand-in photo."""
    ids = list(placeholder_images().values_list("pk", flat=True))
    return (
        ArticlePage.objects.filter(
            Q(hero_image__in=ids) | Q(latest_revision__content__hero_image__in=ids)
        )
        .distinct()
        .order_by("pk")
    )


def _without_placeholder(page: ArticlePage) -> None:
    image = page.hero_image
    if image is not None:
        page.hero_credit = page.hero_credit or (image.credit_source or image.credit)[:120]
    page.hero_image = None


def detach_placeholder_photo(article: ArticlePage) -> None:
    """Take the stand-in off the story, keeping its caption and credit in the story's fields,
    so readers see no photo and the editor sees the missing one as a to-do.

    A story whose latest version is the published one gets a new revision, published, without
    changing its "Diperbarui" time (a stand-in is not news). Otherwise the latest draft gets a
    new revision and the stored row (published or not) is corrected in place, so an editor's
    unpublished changes stay unpublished."""
    ids = set(placeholder_images().values_list("pk", flat=True))
    with transaction.atomic():
        article = ArticlePage.objects.select_related("hero_image").get(pk=article.pk)
        current = article.live and not article.has_unpublished_changes
        shown = article.hero_image_id in ids
        # Wagtail returns the page itself when it has no unpublished changes.
        draft = article.get_latest_revision_as_object()
        if draft.hero_image_id in ids:
            _without_placeholder(draft)
            revision = draft.save_revision(log_action=True)
            if current:
                revision.publish()
                if article.last_published_at is not None:
                    ArticlePage.objects.filter(pk=article.pk).update(
                        last_published_at=article.last_published_at
                    )
                return
        if shown:
            row = ArticlePage.objects.select_related("hero_image").get(pk=article.pk)
            _without_placeholder(row)
            ArticlePage.objects.filter(pk=row.pk).update(
                hero_image=None, hero_credit=row.hero_credit
            )
            if row.live:
                purge_keys(story_purge_keys(row))


def detach_placeholder_photos(*, commit: bool = False) -> list[ArticlePage]:
    """Every story showing a stand-in photo; with `commit`, detach them and delete the
    stand-ins no story uses any more. Returns the stories found."""
    stories = list(stories_with_placeholder_photo())
    if not commit:
        return stories
    for article in stories:
        detach_placeholder_photo(article)
    for image in placeholder_images():
        used = Q(hero_image=image) | Q(latest_revision__content__hero_image=image.pk)
        if not ArticlePage.objects.filter(used).exists():
            image.delete()
    return stories

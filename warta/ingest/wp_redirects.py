"""The old query addresses of a migrated WordPress site, written as the site's Wagtail
redirects at the end of an import (served by `warta.ingest.legacy.LegacyUrlMiddleware`):

- `/?p=ID` → the story (a live one only: a draft's or a scheduled post's address stays
  unknown until an import sees it out), pages' `/?page_id=ID` and `/?p=ID` are written as
  each page is imported (warta.ingest.wp_pages);
- `/?cat=ID` (a category's term id) → its channel;
- `/?author=ID` → the author's page;
- `/?attachment_id=ID` and the attachment page (its old link) → the story the image was
  uploaded to or that shows it, else the image itself.

Written from what the import holds (`ImportedObject`), so running an import again (or after
a scheduled story went out) completes them; an existing row is updated, never duplicated."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.text import slugify

from warta.articles.models import ArticlePage, Author
from warta.channels.models import ChannelPage
from warta.ingest.models import ImportedObject

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressImporter
    from warta.ingest.wxr import WxrAttachment

logger = logging.getLogger(__name__)
RENDITION = "max-1600x1600"


def write_legacy_redirects(importer: WordPressImporter) -> None:
    """All of them, or (on an unexpected error, reported) none: the content stays imported."""
    try:
        _write(importer)
    except Exception as error:  # noqa: BLE001 - the posts and pages are in; say what is not
        logger.exception("WordPress legacy redirects failed")
        importer.report.failed.append(
            f"redirect alamat lama (?p=, ?cat= …): {error.__class__.__name__}: {error}"
        )


def _write(importer: WordPressImporter) -> None:
    with transaction.atomic():
        stories = _live_stories(importer)
        for wp_id, story in stories.items():
            importer._redirect(f"/?p={wp_id}", story)
        root = importer.site.root_page
        for category in importer.wxr.categories.values():
            if not category.term_id:
                continue
            channel = ChannelPage.objects.descendant_of(root).filter(slug=category.slug).first()
            if channel is not None:
                importer._redirect(f"/?cat={category.term_id}", channel)
        for author in importer.wxr.authors.values():
            found = Author.objects.filter(slug=slugify(author.login)[:140]).first()
            if author.id and found is not None:
                importer._redirect(f"/?author={author.id}", found.get_absolute_url())
        for attachment in importer.wxr.attachments.values():
            _attachment_redirects(importer, attachment, stories)


def _live_stories(importer: WordPressImporter) -> dict[str, ArticlePage]:
    records = ImportedObject.objects.filter(
        origin=importer.origin, kind="post", article__live=True
    ).select_related("article")
    root = importer.site.root_page
    return {
        r.external_id: r.article
        for r in records
        if r.article is not None and r.article.path.startswith(root.path)
    }


def _attachment_redirects(
    importer: WordPressImporter, attachment: WxrAttachment, stories: dict[str, ArticlePage]
) -> None:
    record = ImportedObject.objects.filter(
        origin=importer.origin, kind="attachment", external_id=attachment.id[:64]
    ).first()
    image = record.image if record and record.image_id else None
    target: ArticlePage | str | None = stories.get(attachment.parent_id)
    if target is None and image is not None:
        target = (
            ArticlePage.objects.live()
            .descendant_of(importer.site.root_page)
            .filter(hero_image=image)
            .order_by("pk")
            .first()
        )
    if target is None and image is not None:
        target = image.get_rendition(RENDITION).url
    if target is None:
        return  # neither a public story nor the image came over
    importer._redirect(f"/?attachment_id={attachment.id}", target)
    if attachment.link:
        old = urlsplit(attachment.link)
        importer._redirect(old.path + (f"?{old.query}" if old.query else ""), target)

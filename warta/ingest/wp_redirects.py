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
from wagtail.contrib.redirects.models import Redirect

from warta.articles.models import ArticlePage, Author
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage
from warta.ingest.models import ImportedObject

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressImporter

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


CHUNK = 500  # redirects read and written per query


def _write(importer: WordPressImporter) -> None:
    """Collect every old address with its new home from a handful of queries, then write only
    what is new or changed, in bulk: a re-run over 200,000 posts must not cost a query per post
    or hold the stories themselves in memory (only ids)."""
    root = importer.site.root_page
    wanted: dict[str, tuple[int | None, str]] = {}  # old path -> (page id, or a link)

    def want(old_path: str, page_id: int | None = None, link: str = "") -> None:
        wanted[Redirect.normalise_path(old_path)] = (page_id, link)

    stories = dict(
        ImportedObject.objects.filter(
            origin=importer.origin,
            kind="post",
            article__live=True,
            article__path__startswith=root.path,
        ).values_list("external_id", "article_id")
    )
    for wp_id, story_id in stories.items():
        want(f"/?p={wp_id}", story_id)
    channels = dict(
        ChannelPage.objects.descendant_of(root).values_list("slug", "pk")  # one per slug
    )
    for category in importer.wxr.categories.values():
        if category.term_id and category.slug in channels:
            want(f"/?cat={category.term_id}", channels[category.slug])
    logins = {slugify(a.login)[:140]: a for a in importer.wxr.authors.values() if a.id}
    for author in Author.objects.filter(slug__in=list(logins)):
        want(f"/?author={logins[author.slug].id}", link=author.get_absolute_url())
    _attachments(importer, stories, want)
    _save(importer, wanted)


def _attachments(importer: WordPressImporter, stories: dict[str, int], want) -> None:
    attachments = importer.wxr.attachments
    images = dict(
        ImportedObject.objects.filter(
            origin=importer.origin, kind="attachment", image__isnull=False
        ).values_list("external_id", "image_id")
    )
    heroes: dict[int, int] = {}
    for image_id, story_id in (
        ArticlePage.objects.live()
        .descendant_of(importer.site.root_page)
        .filter(hero_image_id__in=set(images.values()))
        .order_by("-pk")
        .values_list("hero_image_id", "pk")
    ):
        heroes[image_id] = story_id  # the oldest story wins (ordered newest first)
    for attachment in attachments.values():
        image_id = images.get(attachment.id[:64])
        story_id = stories.get(attachment.parent_id) or heroes.get(image_id or 0)
        link = ""
        if story_id is None and image_id is not None:
            image = WartaImage.objects.filter(pk=image_id).first()  # rare: an orphan image
            link = image.get_rendition(RENDITION).url if image else ""
        if story_id is None and not link:
            continue  # neither a public story nor the image came over
        want(f"/?attachment_id={attachment.id}", story_id, link)
        if attachment.link:
            old = urlsplit(attachment.link)
            if old.path not in ("", "/") or old.query:
                want(old.path + (f"?{old.query}" if old.query else ""), story_id, link)


def _save(importer: WordPressImporter, wanted: dict[str, tuple[int | None, str]]) -> None:
    site = importer.site
    paths = list(wanted)
    with transaction.atomic():
        for start in range(0, len(paths), CHUNK):
            chunk = paths[start : start + CHUNK]
            existing = {
                r.old_path: r for r in Redirect.objects.filter(site=site, old_path__in=chunk)
            }
            new, changed = [], []
            for path in chunk:
                page_id, link = wanted[path]
                row = existing.get(path)
                if row is None:
                    new.append(
                        Redirect(
                            old_path=path,
                            site=site,
                            redirect_page_id=page_id,
                            redirect_link=link,
                            is_permanent=True,
                        )
                    )
                elif (row.redirect_page_id, row.redirect_link) != (page_id, link):
                    row.redirect_page_id, row.redirect_link = page_id, link
                    changed.append(row)
            Redirect.objects.bulk_create(new)
            Redirect.objects.bulk_update(changed, ["redirect_page", "redirect_link"])
            importer.report.redirects += len(new)

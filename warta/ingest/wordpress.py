"""Moving a WordPress site into Warta: categories become channels, authors and tags carry over,
posts become stories (published, draft or scheduled as they were), featured and inline images
come from a copy of the uploads folder, and the old URLs redirect to the new ones. Each post is
imported in its own transaction: a post that fails leaves nothing behind and is reported; the
others go on. Running it again updates what changed and skips what did not."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from warta.articles.models import ArticleAuthor, Author
from warta.articles.services import create_story, update_story
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage
from warta.core.pagecache import purges_gathered
from warta.ingest.models import ImportedObject
from warta.ingest.services import free_slug
from warta.ingest.wp_comments import import_comments
from warta.ingest.wp_content import ImageRef, _plain, convert
from warta.ingest.wp_formats import body_post, plan_story
from warta.ingest.wp_media import MediaImporter
from warta.ingest.wp_pages import PageImporter
from warta.ingest.wp_people import byline_logins, import_author
from warta.ingest.wp_redirects import write_legacy_redirects
from warta.ingest.wxr import WxrAttachment, WxrPost, WxrSite, slug_for

logger = logging.getLogger(__name__)
FALLBACK_CHANNEL = ("umum", "Umum")
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
BATCH = 500  # posts whose import records are read in one query (a re-run skips fast)


class PostError(Exception):
    """This post cannot be imported (message for the report)."""


@dataclass
class ItemFate:
    """What became of one item of the export: the JSON report lists every one."""

    kind: str  # "post", "page", "attachment", "comment", "author", "category"
    wp_id: str
    title: str
    fate: str  # "created", "updated", "unchanged", "skipped", "failed"
    reason: str = ""  # why skipped or failed; what was repaired
    url: str = ""  # its new address in Warta, where it has one


@dataclass
class WordPressReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    scheduled: int = 0
    drafts: int = 0
    images: int = 0
    redirects: int = 0
    channels: int = 0
    authors: int = 0
    comments: int = 0  # archived comments stored (new or changed)
    failed: list[str] = field(default_factory=list)  # post not imported, and why
    warnings: list[str] = field(default_factory=list)  # imported, but something was left out
    items: list[ItemFate] = field(default_factory=list)
    # Where each item's fate goes instead of `items` (the JSON report file streams them, so
    # 200,000 posts need no list in memory).
    item_sink: Callable[[ItemFate], None] | None = None

    def record(
        self, kind: str, wp_id: str, title: str, fate: str, reason: str = "", url: str = ""
    ) -> None:
        item = ItemFate(kind, wp_id, title[:200], fate, reason, url)
        if self.item_sink is not None:
            self.item_sink(item)
        else:
            self.items.append(item)

    def lines(self) -> list[str]:
        lines = [
            f"Pos: {self.created} dibuat, {self.updated} diperbarui, {self.unchanged} tak berubah "
            f"({self.drafts} draf, {self.scheduled} terjadwal)",
            f"Kanal baru: {self.channels}; penulis baru: {self.authors}; gambar: {self.images}; "
            f"redirect: {self.redirects}; komentar: {self.comments}",
        ]
        pages = [item.fate for item in self.items if item.kind == "page"]
        if pages:
            lines.append(
                f"Halaman: {pages.count('created')} dibuat, {pages.count('updated')} diperbarui, "
                f"{pages.count('unchanged')} tak berubah, {pages.count('skipped')} dilewati"
            )
        if self.failed:
            lines.append(f"Tidak dapat diimpor ({len(self.failed)}):")
            lines += [f"  - {line}" for line in self.failed]
        if self.warnings:
            lines.append(f"Catatan ({len(self.warnings)}):")
            lines += [f"  - {line}" for line in self.warnings]
        return lines


class WordPressImporter:
    def __init__(
        self,
        wxr: WxrSite,
        *,
        site: Site,
        media_dir: Path | None,
        download_media: bool = False,
        dry_run: bool = False,
    ) -> None:
        self.wxr = wxr
        # A dry run (`warta.ingest.wp_report.rolled_back` undoes every write): nothing may
        # leave the machine either, so media are not downloaded, only reported.
        self.dry_run = dry_run
        self.site = site
        self.media_dir = media_dir.resolve() if media_dir else None
        self.origin = (wxr.base_url or "wordpress").rstrip("/")[:255]
        self.report = WordPressReport()
        self.channels: dict[str, ChannelPage] = {}
        self._new_files: list[WartaImage] = []
        self.avatars_tried: set[str] = set()  # wp_people: each author's photo once a run
        self.authors_redirected: set[str] = set()
        self.media = MediaImporter(
            origin=self.origin,
            base_url=wxr.base_url,
            attachments=wxr.attachments,
            report=self.report,
            media_dir=self.media_dir,
            download=download_media and not dry_run,
            on_new=lambda image: self._new_files.append(image),
        )
        self.pages = PageImporter(self)  # pages (warta.ingest.wp_pages)
        self._records: dict[str, ImportedObject | None] = {}  # read ahead, one batch at a time
        if dry_run and download_media:
            self.report.warnings.append(
                "uji coba: gambar dari situs lama tidak diunduh; yang belum ada di --media-dir "
                "tercatat sebagai dilewati"
            )

    # Channels and authors -------------------------------------------------------------

    def channel_for(self, slug: str) -> ChannelPage:
        if slug in self.channels:
            return self.channels[slug]
        category = self.wxr.categories.get(slug)
        if slug in ("", "uncategorized", "tak-berkategori") or category is None:
            slug, name, parent_slug = *FALLBACK_CHANNEL, ""
        else:
            name, parent_slug = category.name, category.parent
        existing = ChannelPage.objects.descendant_of(self.site.root_page).filter(slug=slug).first()
        if existing is None:
            parent = self.channel_for(parent_slug) if parent_slug else self.site.root_page
            existing = ChannelPage(
                title=name[:255], slug=slug[:255], intro=category.description if category else ""
            )
            parent.add_child(instance=existing)
            existing.save_revision().publish()
            self.report.channels += 1
            self._redirect(f"/category/{slug}/", existing)
        self.channels[slug] = existing
        return existing

    def author_for(self, login: str, post: WxrPost) -> Author:
        author, created = import_author(self, login, post)  # bio and photo: wp_people
        self.report.authors += created
        if login and (created or login not in self.authors_redirected):
            self.authors_redirected.add(login)
            self._redirect(f"/author/{login}/", author.get_absolute_url())
        return author

    # Images ---------------------------------------------------------------------------

    def image_for(self, ref: ImageRef | WxrAttachment, post: WxrPost) -> WartaImage | None:
        return self.media.image_for(ref, post)  # wp_media: uploads copy or download, once

    # Posts ----------------------------------------------------------------------------

    def body_for(self, post: WxrPost) -> list[tuple[str, object]]:
        converted = convert(post.content)
        for note in converted.notes:
            self.report.warnings.append(f"pos {post.id}: {note}")
        blocks = []
        for kind, value in converted.blocks:
            if kind != "image":
                blocks.append((kind, value))
                continue
            image = self.image_for(value, post)
            if image is not None:
                blocks.append(
                    ("image", {"image": image, "caption": value.caption, "credit": value.credit})
                )
            elif value.caption:
                blocks.append(("paragraph", f"<p><i>{value.caption}</i></p>"))
        return blocks

    def import_page(self, post: WxrPost) -> None:
        """A WordPress page (About, Redaksi …): a trust page or a general page."""
        self.pages.import_page(post)

    def import_post(self, post: WxrPost) -> None:
        if post.status in SKIPPED_STATUSES:
            self.report.record("post", post.id, post.title, "skipped", f"status {post.status}")
            return
        if not post.title.strip():
            raise PostError("judul kosong")
        fingerprint = hashlib.sha256(repr(post).encode()).hexdigest()
        record = self._imported_post(post.id)
        article = record.article if record and record.article_id else None
        if article is not None and record.fingerprint == fingerprint:
            self.report.unchanged += 1
            self.report.record("post", post.id, post.title, "unchanged", url=article.url or "")
            return
        channel = self.channel_for(post.categories[0] if post.categories else "")
        for extra in post.categories[1:]:
            self.channel_for(extra)  # every category exists as a channel, for its redirect
        thumbnail = self.wxr.attachments.get(post.thumbnail_id)
        if post.thumbnail_id and thumbnail is None:
            self.report.warnings.append(
                f"pos {post.id}: gambar unggulan {post.thumbnail_id} tidak ada di ekspor"
            )
        hero = self.image_for(thumbnail, post) if thumbnail else None
        fields = {
            "title": post.title[:255],
            "summary": _summary(post),
            "hero_image": hero,
            "hero_caption": (thumbnail.caption if thumbnail else "")[:400],
            # a photo that did not come: its credit kept as the editor's lead (as import_text)
            "hero_credit": (thumbnail.credit if thumbnail and not hero else "")[:120],
            "body": self.body_for(body_post(post)),
        }
        plan = plan_story(self, post, fields)  # wp_formats: gallery/video, subtitle, SEO
        created = article is None
        if created:
            article = plan.model(
                slug=free_slug(channel, slug_for(post)[:80].strip("-")),
                **fields,
            )
        else:
            article = article.specific
            for key, value in fields.items():
                setattr(article, key, value)
        plan.attach(self, post, article)
        article.bylines.clear()
        for order, login in enumerate(byline_logins(post)):  # Co-Authors Plus: each, in order
            article.bylines.add(
                ArticleAuthor(author=self.author_for(login, post), sort_order=order)
            )
        article.tags.set(post.tags)
        release = release_of(post, timezone.now())
        if created:
            create_story(
                article,
                parent=channel,
                publish=release.publish,
                go_live_at=release.go_live_at,
                first_published_at=release.first_published_at,
            )
        else:
            update_story(
                article,
                publish=release.publish,
                go_live_at=release.go_live_at,
                first_published_at=release.first_published_at,
            )
        self._count_release(post, release)
        ImportedObject.objects.update_or_create(
            origin=self.origin,
            kind="post",
            external_id=post.id,
            defaults={"article": article, "fingerprint": fingerprint},
        )
        if post.comments:
            comments = import_comments(article, post)
            self.report.comments += comments.imported
            self.report.record("comment", post.id, post.title, comments.fate, comments.summary())
        if post.link and post.status == "publish":
            # Only a public post's address: a draft's, pending, private or scheduled one's
            # would tell anyone its slug (and what is coming) before it is out.
            self._redirect(urlsplit(post.link).path, article)
        if created:
            self.report.created += 1
        else:
            self.report.updated += 1
        self.report.record(
            "post", post.id, post.title, "created" if created else "updated", url=article.url or ""
        )

    def _count_release(self, post: WxrPost, release: Release) -> None:
        if release.go_live_at is not None:
            self.report.scheduled += 1
        elif not release.publish:
            self.report.drafts += 1
        if release.note:
            self.report.warnings.append(f"pos {post.id}: {release.note}")

    def _redirect(self, old_path: str, target) -> None:
        if not old_path or old_path == "/":
            return
        normalised = Redirect.normalise_path(old_path)
        if isinstance(target, Page) and target.url_path:
            new_path = target.get_url_parts()[2] if target.get_url_parts() else None
            if new_path and Redirect.normalise_path(new_path) == normalised:
                return  # same address in Warta: a redirect would loop
        values = (
            {"redirect_page": target, "redirect_link": ""}
            if isinstance(target, Page)
            else {"redirect_page": None, "redirect_link": str(target)}
        )
        _, created = Redirect.objects.update_or_create(
            old_path=normalised, site=self.site, defaults={**values, "is_permanent": True}
        )
        self.report.redirects += created

    # Resuming -------------------------------------------------------------------------

    def _read_ahead(self, posts: Iterable[WxrPost]) -> Iterator[WxrPost]:
        """The posts, with the import records of each batch of `BATCH` read in one query, so
        a re-run (after an interruption) passes over what is already imported quickly."""
        batch: list[WxrPost] = []
        for post in posts:
            batch.append(post)
            if len(batch) == BATCH:
                yield from self._with_records(batch)
                batch = []
        yield from self._with_records(batch)

    def _with_records(self, batch: list[WxrPost]) -> list[WxrPost]:
        ids = {post.id for post in batch if post.post_type == "post"}
        self._records = dict.fromkeys(ids)
        for record in ImportedObject.objects.filter(
            origin=self.origin, kind="post", external_id__in=ids
        ).select_related("article"):
            self._records[record.external_id] = record
        return batch

    def _imported_post(self, post_id: str) -> ImportedObject | None:
        """What an earlier run made of this post. Read ahead once per id: a post id the file
        repeats, or one not read ahead, is asked of the database."""
        if post_id in self._records:
            return self._records.pop(post_id)
        return ImportedObject.objects.filter(
            origin=self.origin, kind="post", external_id=post_id
        ).first()

    # The run --------------------------------------------------------------------------

    def run(self, *, on_progress: Callable[[int, int], None] | None = None) -> WordPressReport:
        # Thousands of stories would bump the same site, channel and list keys again for each
        # one (most of an import's time): their purges are gathered and sent together, at
        # most every 30 s and at the end (also after Ctrl-C).
        with purges_gathered():
            return self._run(on_progress)

    def _run(self, on_progress: Callable[[int, int], None] | None) -> WordPressReport:
        for kind, count in sorted(self.wxr.other_types.items()):
            if kind not in ("revision", "nav_menu_item", "customize_changeset", "oembed_cache"):
                self.report.warnings.append(f"{count} item berjenis '{kind}' tidak diimpor")
        total = len(self.wxr.posts)
        for n, post in enumerate(self._read_ahead(self.wxr.posts), 1):
            self._new_files = []
            try:
                with transaction.atomic():
                    if post.post_type == "page":
                        self.import_page(post)
                    else:
                        self.import_post(post)
            except BaseException as error:  # noqa: BLE001 - one bad post must not stop the rest
                for image in self._new_files:  # rolled back rows; remove their files too
                    image.file.delete(save=False)
                if not isinstance(error, Exception):
                    raise  # Ctrl-C, kill: this post left nothing; a re-run goes on from here
                self.channels.clear()  # channels made in the rolled-back transaction are gone
                self.avatars_tried.clear()  # so are authors' photos and redirects
                self.authors_redirected.clear()
                message = (
                    str(error)
                    if isinstance(error, PostError)
                    else (f"{error.__class__.__name__}: {error}")
                )
                self.report.failed.append(f"pos {post.id} '{post.title[:60]}': {message}")
                self.report.record(post.post_type, post.id, post.title, "failed", message)
                if not isinstance(error, PostError):
                    logger.exception("WordPress post %s failed", post.id)
            if on_progress:
                on_progress(n, total)
        self.pages.finish()  # pages that came before their parents
        write_legacy_redirects(self)  # /?p=, /?cat=, /?author=, /?attachment_id=
        return self.report


@dataclass(frozen=True)
class Release:
    """How a post goes out in Warta: as it stood in WordPress."""

    publish: bool = False
    go_live_at: datetime | None = None  # scheduled
    first_published_at: datetime | None = None  # its original date: feeds and bylines show it
    note: str = ""  # for the report


def release_of(post: WxrPost, now: datetime) -> Release:
    """Published posts are published with their dates, future ones scheduled (Wagtail
    publishes them at `go_live_at`); everything else becomes a draft."""
    if post.status == "publish":
        return Release(publish=True, first_published_at=post.date)
    if post.status == "future" and post.date and post.date > now:
        return Release(publish=True, go_live_at=post.date)
    if post.status == "future":
        return Release(note=f"jadwal terbit {post.date} sudah lewat; diimpor sebagai draf")
    if post.status in ("pending", "private"):
        return Release(note=f"status {post.status} → draf")
    return Release()


def _summary(post: WxrPost) -> str:
    text = _plain(post.excerpt) or _plain(post.content.split("\n\n", 1)[0])
    text = re.sub(r"\[[^\]]*\]", "", text).strip()
    return text if len(text) <= 300 else text[:299].rsplit(" ", 1)[0] + "…"

"""A WordPress site's pages (About, Redaksi, Pedoman Media Siber, Kontak …) in Warta.

- A page whose slug or title is clearly one of the trust pages' kinds (`TrustPage.KINDS`:
  "about" or "tentang-kami", "susunan-redaksi", "kebijakan-privasi" …) becomes the site's
  trust page of that kind, at its fixed address (/tentang-kami/ …), when the site has none of
  its own yet. An editor's page is never overwritten: the WordPress page is then imported as a
  general page and the report says so.
- Every other page becomes an `InfoPage` ("Halaman"), nested as in WordPress: under the home
  page, a trust page or another page. A child met before its parent waits until the parent is
  in (`finish`); one whose parent never comes goes under the home page, noted.
- The HTML goes through `wp_content.convert` (sanitised) into rich text, images resolved as
  for posts (`WordPressImporter.image_for`). Published pages are published with their dates
  and get a redirect from their old address; drafts (and pending, private) stay drafts with
  none. `ImportedObject` kind "page" remembers each: a re-import updates, never duplicates."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page

from warta.ingest.models import ImportedObject
from warta.ingest.services import free_slug
from warta.ingest.wp_content import _plain
from warta.ingest.wxr import slug_for
from warta.network.models import InfoPage, TrustPage

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressImporter
    from warta.ingest.wxr import WxrPost

# Slugs (of the WordPress slug or the title) that clearly name a trust page's kind.
TRUST_ALIASES = {
    TrustPage.TENTANG: ("about", "about-us", "tentang", "tentang-kami"),
    TrustPage.REDAKSI: ("redaksi", "susunan-redaksi"),
    TrustPage.PEDOMAN: ("pedoman-media-siber", "pedoman-pemberitaan-media-siber"),
    TrustPage.KODE_ETIK: ("kode-etik", "kode-etik-jurnalistik"),
    TrustPage.PRIVASI: ("privacy", "privacy-policy", "kebijakan-privasi", "privasi"),
    TrustPage.KONTAK: ("contact", "contact-us", "kontak", "hubungi-kami"),
}
KIND_OF = {alias: kind for kind, aliases in TRUST_ALIASES.items() for alias in aliases}
# First path segments Warta's own URLs answer (warta/urls.py): a page there would be hidden.
RESERVED_SLUGS = {
    "admin",
    "akun",
    "api",
    "cari",
    "daerah",
    "documents",
    "en",
    "indeks",
    "koreksi",
    "lite",
    "live",
    "media",
    "penulis",
    "r",
    "static",
    "tag",
    "untuk-anda",
    *(kind for kind, _ in TrustPage.KINDS),
}
NOT_IMPORTED = {"trash", "auto-draft", "inherit"}


def trust_kind_of(post: WxrPost) -> str:
    """The trust page kind a WordPress page clearly is, or ""."""
    for candidate in (slugify(post.slug), slugify(post.title)):
        if candidate in KIND_OF:
            return KIND_OF[candidate]
    return ""


def is_top_level(post: WxrPost) -> bool:
    return post.parent_id in ("", "0")


class PageImporter:
    """The pages of one import run (`WordPressImporter.import_page` hands each over)."""

    def __init__(self, importer: WordPressImporter) -> None:
        self.importer = importer
        self.waiting: list[WxrPost] = []  # children whose parent is not in yet
        self.menu_order: dict[str, int] = {}  # WordPress id -> menu_order, for the tree order

    @property
    def root(self) -> Page:
        return self.importer.site.root_page

    def record_of(self, wp_id: str) -> ImportedObject | None:
        return ImportedObject.objects.filter(
            origin=self.importer.origin, kind="page", external_id=wp_id[:64]
        ).first()

    def import_page(self, post: WxrPost, *, orphan: bool = False) -> None:
        from warta.ingest.wordpress import PostError, release_of

        report = self.importer.report
        self.menu_order[post.id[:64]] = post.menu_order
        if post.status in NOT_IMPORTED:
            report.record("page", post.id, post.title, "skipped", f"status {post.status}")
            return
        if not post.title.strip():
            raise PostError("judul kosong")
        record = self.record_of(post.id)
        page = record.page.specific if record and record.page_id else None
        fingerprint = hashlib.sha256(repr(post).encode()).hexdigest()
        if page is not None and record is not None and record.fingerprint == fingerprint:
            report.record("page", post.id, post.title, "unchanged", url=page.url or "")
            return
        parent = self.parent_for(post, orphan=orphan)
        if page is None and parent is None:
            self.waiting.append(post)  # its parent comes later in the file
            return
        note = ""
        fields = {"title": post.title[:255], "lead": _lead(post), "body": self.body_html(post)}
        created = page is None
        if page is None:
            page, parent, note = self.new_page(post, parent or self.root)
        for name, value in fields.items():
            setattr(page, name, value)
        release = release_of(post, timezone.now())
        if created:
            page.live = False
            if release.go_live_at is not None:
                page.go_live_at = release.go_live_at
            (parent or self.root).add_child(instance=page)
        elif release.go_live_at is not None:
            page.go_live_at = release.go_live_at
        revision = page.save_revision()
        if release.publish:
            revision.publish()
            if release.first_published_at is not None and (created or not page.first_published_at):
                Page.objects.filter(pk=page.pk).update(
                    first_published_at=release.first_published_at,
                    last_published_at=release.first_published_at,
                )
        if release.note:  # the "Pos:" line counts posts only: a page's state is noted here
            report.warnings.append(f"halaman {post.id}: {release.note}")
        ImportedObject.objects.update_or_create(
            origin=self.importer.origin,
            kind="page",
            external_id=post.id[:64],
            defaults={"page": page, "fingerprint": fingerprint},
        )
        if post.status == "publish":
            # Only a public page's addresses (as for posts: a draft's would give it away).
            if post.link:
                self.importer._redirect(urlsplit(post.link).path, page)
            self.importer._redirect(f"/?page_id={post.id}", page)
            self.importer._redirect(f"/?p={post.id}", page)  # WordPress answers both
        if orphan:
            note = "; ".join(filter(None, [note, f"induk {post.parent_id} tidak ada di ekspor"]))
        if note:
            report.warnings.append(f"halaman {post.id}: {note}")
        report.record(
            "page",
            post.id,
            post.title,
            "created" if created else "updated",
            note,
            url=Page.objects.get(pk=page.pk).url or "",
        )

    def parent_for(self, post: WxrPost, *, orphan: bool) -> Page | None:
        """Where the page goes: the home page at the top, else its imported parent (None
        while the parent is not in yet)."""
        if is_top_level(post) or orphan:
            return self.root
        record = self.record_of(post.parent_id)
        return record.page.specific if record and record.page_id else None

    def new_page(self, post: WxrPost, parent: Page) -> tuple[Page, Page, str]:
        """A trust page of its kind if it is one the site lacks, else a general page; with
        the page to add it under, and a note for the report."""
        kind = trust_kind_of(post)
        note = ""
        if kind:
            own = TrustPage.objects.child_of(self.root).filter(kind=kind).first()
            if own is None:
                # Under the home page whatever its WordPress parent: its address is /<kind>/.
                return TrustPage(kind=kind, slug=kind), self.root, ""
            note = (
                f"situs sudah punya halaman '{own.title}' ({kind}) dari redaksi; "
                "diimpor sebagai halaman biasa"
            )
        slug = slug_for(post)[:80]
        if parent.pk == self.root.pk and slug in RESERVED_SLUGS:
            slug = f"{slug}-lama"  # /indeks/, /redaksi/ … are Warta's own addresses
        return InfoPage(slug=free_slug(parent, slug)), parent, note

    def body_html(self, post: WxrPost) -> str:
        """The page's HTML as rich text: paragraphs, headings, quotes, lists and images."""
        parts = []
        for kind, value in self.importer.body_for(post):
            if kind == "paragraph":
                parts.append(str(value))
            elif kind == "subheading":
                parts.append(f"<h2>{escape(value)}</h2>")
            elif kind == "quote" and isinstance(value, dict):
                speaker = f"<br>— {escape(value['speaker'])}" if value.get("speaker") else ""
                parts.append(f"<blockquote>{escape(value['text'])}{speaker}</blockquote>")
            elif kind == "image" and isinstance(value, dict):
                image = value["image"]
                parts.append(
                    f'<embed alt="{escape(image.description or image.title)}" '
                    f'embedtype="image" format="fullwidth" id="{image.pk}"/>'
                )
                credit = f"(Foto: {value['credit']})" if value["credit"] else ""
                caption = " ".join(filter(None, [value["caption"], credit]))
                if caption:
                    parts.append(f"<p><i>{escape(caption)}</i></p>")
        return "".join(parts)

    def finish(self) -> None:
        """The children that came before their parents; then those whose parent never came
        (under the home page). Each in its own transaction, as in the run."""
        rounds = 0
        while self.waiting and rounds < 50:
            rounds += 1
            pending, self.waiting = self.waiting, []
            for post in pending:
                self.importer_guarded(post)
            if len(self.waiting) == len(pending):  # no parent arrived: place them at the top
                pending, self.waiting = self.waiting, []
                for post in pending:
                    self.importer_guarded(post, orphan=True)
        try:
            with transaction.atomic():
                self.order_siblings()
        except Exception as error:  # noqa: BLE001 - the pages are in; only their order is not
            self.importer.report.warnings.append(f"urutan halaman tidak diterapkan: {error!r}")

    def order_siblings(self) -> None:
        """WordPress's menu order among the imported pages under each parent (after the
        parent's other children, e.g. a home page's channels): in the tree, so lists follow."""
        records = ImportedObject.objects.filter(
            origin=self.importer.origin, kind="page", external_id__in=list(self.menu_order)
        ).exclude(page=None)
        order = {r.page_id: self.menu_order[r.external_id] for r in records}
        by_parent: dict[str, list[Page]] = {}
        for page in Page.objects.filter(pk__in=order).order_by("path"):
            by_parent.setdefault(page.path[: -Page.steplen], []).append(page)
        for siblings in by_parent.values():
            wanted = sorted(siblings, key=lambda p: (order[p.pk], p.path))
            if wanted == siblings:
                continue
            parent = siblings[0].get_parent()
            for page in wanted:
                Page.objects.get(pk=page.pk).move(parent, pos="last-child")

    def importer_guarded(self, post: WxrPost, *, orphan: bool = False) -> None:
        from warta.ingest.wordpress import PostError

        try:
            with transaction.atomic():
                self.import_page(post, orphan=orphan)
        except Exception as error:  # noqa: BLE001 - one bad page must not stop the rest
            message = str(error) if isinstance(error, PostError) else repr(error)
            self.importer.report.failed.append(f"halaman {post.id} '{post.title[:60]}': {message}")
            self.importer.report.record("page", post.id, post.title, "failed", message)


def _lead(post: WxrPost) -> str:
    """The page's lead: its WordPress excerpt, if it has one."""
    text = _plain(post.excerpt).strip()
    return text if len(text) <= 300 else text[:299].rsplit(" ", 1)[0] + "…"

"""The live story and its posts.

`LiveStoryPage` is an `ArticlePage` (a multi-table subclass, as galleries and videos are:
docs/decisions/2026-12-03-gallery-and-video-stories.md), so every list, feed, sitemap, search,
circulation rule and the API treat it as a story. What it adds: a status, the coverage window,
how often readers poll, and `live_version`, a counter raised by every change to its posts
(added, corrected, pinned, deleted). The version names the live story's state: the updates
address's answer is the same for every reader until it moves (`warta.live.services`).

`LivePost` rows are not page revisions: a reporter at the scene posts without the page
editor's round trip, and a post goes live at once for the desk's trusted roles, or waits in
review (`PENDING`) for the others."""

from __future__ import annotations

import html

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import StreamField
from wagtail.rich_text import RichText

from warta.articles.comments import with_comment_flag
from warta.articles.media_pages import StoryPanels
from warta.articles.models import ArticlePage
from warta.core.security.sanitise import clean_rich_text
from warta.live.blocks import LivePostBlock

DEFAULT_POLL_SECONDS = 10
MAX_POLL_SECONDS = 600
# The largest key a page row can have (an integer column): addresses naming more are not found.
MAX_PAGE_ID = 2**31 - 1
MAX_POST_ID = 2**63 - 1


class LiveStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Akan datang")
    LIVE = "live", _("Berlangsung")
    FINISHED = "finished", _("Selesai")


class LiveStoryPage(ArticlePage):
    live_status = models.CharField(
        _("status siaran"), max_length=10, choices=LiveStatus.choices, default=LiveStatus.LIVE
    )
    coverage_start = models.DateTimeField(_("liputan mulai"), null=True, blank=True)
    coverage_end = models.DateTimeField(_("liputan selesai"), null=True, blank=True)
    poll_seconds = models.PositiveIntegerField(
        _("interval pembaruan pembaca (detik)"),
        default=DEFAULT_POLL_SECONDS,
        validators=[MaxValueValidator(MAX_POLL_SECONDS)],
        help_text=_(
            "Seberapa sering halaman pembaca memeriksa pembaruan. Naikkan saat lalu lintas "
            "tinggi; 0 menghentikan pemeriksaan (pembaca memuat ulang sendiri)."
        ),
    )
    # Raised (with F()) by every change to a post; never edited by hand.
    live_version = models.PositiveBigIntegerField(default=0, editable=False)

    template = "live/live_story_page.html"

    # The story's frame (the summary box and the coverage window). The posts, the status and
    # the readers' poll interval belong to the live desk's screen (live.admin_views), which
    # changes them at once without a revision: a revision never carries them back.
    content_panels = StoryPanels(
        MultiFieldPanel(
            [FieldPanel("coverage_start"), FieldPanel("coverage_end")],
            heading=_("Siaran live"),
            help_text=_(
                "Pembaruan, status siaran dan interval pembaruan diatur di layar live (tombol "
                '"Buka layar live"), bukan di formulir ini. Isi berita di bawah menjadi '
                "pengantar di atas pembaruan."
            ),
        )
    )

    class Meta:
        verbose_name = _("berita live")
        verbose_name_plural = _("berita live")

    @classmethod
    def route_queryset(cls):
        return with_comment_flag(cls.objects.select_related("hero_image", "editor", "channel"))

    # Owned by the live desk (services.set_live_controls and the posts), not by revisions.
    DESK_FIELDS = ("live_version", "live_status", "poll_seconds")

    def with_content_json(self, content):
        """A revision (published from the page editor, or restored) never carries the desk's
        fields back: the version is raised only by posts, and status and poll interval are set
        on the live screen. Else publishing an edit opened before the latest posts would lower
        the version (readers holding a higher one would skip the next posts), and one opened
        before the desk pressed "Selesai" would put the story back on air."""
        obj = super().with_content_json(content)
        for name in self.DESK_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def save(self, *args, **kwargs):
        # A live story announced ahead (coverage from a later time) starts "Akan datang"; the
        # desk puts it on air.
        if self._state.adding and self.coverage_start and self.coverage_start > timezone.now():
            self.live_status = LiveStatus.UPCOMING
        return super().save(*args, **kwargs)

    # --- the reader's addresses (warta.live.reader) ----------------------------------------
    # The story with its latest posts; `pembaruan/<post>/`: the posts older than that post
    # ("Muat lebih banyak" without JavaScript); `p/<post>/`: one post's own address, shared
    # with its own text. Paths, not query strings: the page cache keeps each like a story page.
    @path("")
    def first_page(self, request: HttpRequest) -> HttpResponse:
        return self._render_live(request)

    @re_path(r"^(?P<number>[0-9]{1,3})/$")
    def numbered_page(self, request: HttpRequest, number: str) -> HttpResponse:
        raise Http404("a live story has one page")

    @path("all/")
    def all_pages(self, request: HttpRequest) -> HttpResponse:
        return redirect(self.get_url(request), permanent=True)

    @path("pembaruan/<int:before>/")
    def older_posts(self, request: HttpRequest, before: int) -> HttpResponse:
        return self._render_live(request, before=before)

    @path("p/<int:post_id>/")
    def post_page(self, request: HttpRequest, post_id: int) -> HttpResponse:
        return self._render_live(request, focus=post_id)

    def _render_live(
        self, request: HttpRequest, *, focus: int | None = None, before: int | None = None
    ) -> HttpResponse:
        # get_context runs before render's overrides apply: the view goes on the request.
        request._warta_live_view = (focus, before)  # type: ignore[attr-defined]
        blocks = [b for b in self.body if b.block_type != "page_break"]
        overrides = {"body_blocks": blocks, "part_number": None, "part_count": 1}
        return self.render(request, context_overrides=overrides)

    def get_canonical_url(self, request: HttpRequest | None = None) -> str:
        return self.get_full_url()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from warta.live import reader  # it imports this module

        context = super().get_context(request, *args, **kwargs)
        focus, before = getattr(request, "_warta_live_view", (None, None))
        context.update(reader.live_page_context(self, request, context, focus=focus, before=before))
        return context

    @property
    def is_finished(self) -> bool:
        return self.live_status == LiveStatus.FINISHED

    @property
    def polls(self) -> bool:
        """Readers poll only while the story is live (or about to be) and the desk allows it."""
        return not self.is_finished and self.poll_seconds > 0


class LivePost(models.Model):
    class State(models.TextChoices):
        PUBLISHED = "published", _("Tayang")
        PENDING = "pending", _("Menunggu tinjauan")
        DELETED = "deleted", _("Dihapus")

    story = models.ForeignKey(LiveStoryPage, on_delete=models.CASCADE, related_name="live_posts")
    posted_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        "articles.Author",
        verbose_name=_("penulis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_posts",
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200, blank=True)
    body = StreamField(LivePostBlock(), verbose_name=_("isi"))
    pinned = models.BooleanField(_("disematkan"), default=False)
    key_event = models.BooleanField(_("momen penting"), default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    corrected_at = models.DateTimeField(_("dikoreksi pada"), null=True, blank=True)
    correction_note = models.CharField(_("catatan koreksi"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The story's live_version when this post last changed: the updates answer for version v
    # carries the posts whose version is above what the reader has.
    version = models.PositiveBigIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["story", "state", "-posted_at"])]
        verbose_name = _("pembaruan live")
        verbose_name_plural = _("pembaruan live")

    def __str__(self) -> str:
        return self.title or f"{self.story_id}#{self.pk}"

    def save(self, *args, **kwargs):
        # Every paragraph through the rich-text whitelist, whoever wrote it (the live screen
        # escapes what it is typed; the API, imports and scripts may not).
        for block in self.body:
            if block.block_type == "paragraph":
                cleaned = clean_rich_text(block.value.source)
                if cleaned != block.value.source:
                    block.value = RichText(cleaned)
        return super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        """The post's fragment on the story's page (its own shareable address)."""
        return f"post-{self.pk}"

    @property
    def share_path(self) -> str:
        """The post's own address under its story's (`LiveStoryPage.post_page`)."""
        return f"p/{self.pk}/"

    def plain_text(self) -> str:
        """The post's words: title, paragraphs, quotes and captions, as plain text."""
        parts = [self.title]
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(html.unescape(strip_tags(block.value.source)))
            elif block.block_type == "quote":
                parts.append(block.value.get("text", ""))
            elif block.block_type in ("image", "video"):
                parts.append(block.value.get("caption") or "")
        return " ".join(" ".join(p.split()) for p in parts if p and p.strip())

    @property
    def headline(self) -> str:
        """Its title, or the start of its text: what a share or a timeline entry shows."""
        return self.title or Truncator(self.plain_text()).chars(90) or str(self.story)

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.PUBLISHED

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.rich_text import RichText
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from warta.articles.blocks import ArticleBodyBlock
from warta.articles.panels import RelatedListPanel, role_chooser
from warta.core.indonesia import opensearch
from warta.core.indonesia.text import stem_text
from warta.core.security.sanitise import clean_rich_text
from warta.core.sites.pages import WartaPageMixin


class Author(index.Indexed, models.Model):
    """A person who writes, edits or photographs for the network; has a public author page."""

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    photo = models.ForeignKey(
        "core.WartaImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(_("biografi"), blank=True)
    job_title = models.CharField(_("jabatan"), max_length=120, blank=True)
    # What a photo this person takes is credited to when they upload it from the story editor
    # (warta.newsroom.filing); empty: their name.
    photo_credit = models.CharField(
        _("kredit foto bawaan"),
        max_length=120,
        blank=True,
        help_text=_("Kredit untuk foto yang Anda unggah, mis. 'Anton Suhartono'. Kosong: nama."),
    )
    user = models.OneToOneField(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="author"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("job_title"),
        FieldPanel("photo"),
        FieldPanel("photo_credit"),
        FieldPanel("bio"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("penulis")
        verbose_name_plural = _("penulis")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("author", kwargs={"slug": self.slug})


register_snippet(Author)


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        # The newest stories of a topic, by index (the interim related list, topic pages).
        indexes = [models.Index(fields=["tag", "-content_object"], name="tagged_newest")]


class ArticleAuthor(Orderable):
    """One byline, in order: the first author is the main one."""

    page = ParentalKey("articles.ArticlePage", related_name="bylines", on_delete=models.CASCADE)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")

    panels = [
        FieldPanel(
            "author",
            heading=_("Penulis"),
            widget=role_chooser(
                Author,
                choose=_("Pilih penulis"),
                choose_another=_("Pilih penulis lain"),
                edit=_("Ubah data penulis ini"),
            ),
        )
    ]


class ArticleCorrection(Orderable):
    """A public correction or update note shown under the story and on /koreksi/."""

    KIND_CORRECTION = "koreksi"
    KIND_UPDATE = "pembaruan"
    KINDS = [(KIND_CORRECTION, _("Koreksi")), (KIND_UPDATE, _("Pembaruan"))]

    page = ParentalKey("articles.ArticlePage", related_name="corrections", on_delete=models.CASCADE)
    kind = models.CharField(_("jenis"), max_length=20, choices=KINDS, default=KIND_CORRECTION)
    text = models.TextField(_("isi catatan"))
    noted_at = models.DateTimeField(_("waktu"), default=timezone.now)

    panels = [FieldPanel("kind"), FieldPanel("text"), FieldPanel("noted_at")]

    class Meta(Orderable.Meta):
        verbose_name = _("koreksi atau pembaruan")


class RelatedPin(Orderable):
    """An editor's choice for "Artikel Terkait": shown first, before the computed ranking."""

    page = ParentalKey(
        "articles.ArticlePage", related_name="related_pins", on_delete=models.CASCADE
    )
    target = models.ForeignKey(
        "articles.ArticlePage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("artikel"),
    )

    panels = [FieldPanel("target")]


BACA_JUGA_MAX_PINS = 3
BACA_JUGA_DEFAULT_PARAGRAPH = 2


class RelatedArticle(models.Model):
    """A stored "Artikel Terkait" entry with the reason readers see; written by discovery when
    a story is published, read by the article page in one query."""

    source = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="related_entries"
    )
    target = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reason = models.CharField(_("alasan"), max_length=120, blank=True)

    class Meta:
        ordering = ["source", "rank"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="one_related")]
        indexes = [models.Index(fields=["source", "rank"])]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id} ({self.reason})"


class Listing(models.Model):
    """Where a published story is listed: one row per site whose lists show it (its own site,
    and each site it circulates to), with the channel list it belongs to there. Every site
    list is then one index range, newest first, at any size: the story's own fields live in
    two tables (page and article) and circulation in a third, which no single index covers.
    Derived data, rewritten by `warta.articles.listing` whenever a story changes; the page's
    `live` flag stays the truth (lists filter on it too)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="listings"
    )
    published_at = models.DateTimeField()  # the story's first publication: lists' order
    # Own stories: the top-level channel they sit in; circulated ones: their channel's slug
    # (a regional "ekonomi" story sent to the national site shows in its "ekonomi").
    channel_slug = models.CharField(max_length=255, blank=True)
    own = models.BooleanField()
    # The story's own site (for own rows, `site` itself): Network Updates lists circulated
    # stories by where they come from.
    origin = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "site"], name="listed_once_per_site")
        ]
        indexes = [
            models.Index(fields=["site", "-published_at", "-article"], name="listing_newest"),
            models.Index(
                fields=["site", "channel_slug", "-published_at", "-article"],
                name="listing_channel_newest",
            ),
            # Circulated stories, newest first, for Network Updates.
            models.Index(
                fields=["-published_at", "-article"],
                condition=models.Q(own=False),
                name="listing_circulated_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} @ site {self.site_id}"


# What a story's listing rows are made of (see Listing).
LISTED_FIELDS = frozenset({"live", "first_published_at", "path", "url_path", "circulate_to"})


class ArticlePage(WartaPageMixin, RoutablePageMixin, Page):
    summary = models.TextField(
        _("ringkasan"), blank=True, help_text=_("Satu atau dua kalimat di bawah judul.")
    )
    hero_image = models.ForeignKey(
        "core.WartaImage",
        verbose_name=_("foto utama"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("keterangan foto utama"), max_length=400, blank=True)
    # The credit as the source published it, kept when the photo itself did not come with
    # the copy (an import from text): the editor's lead to the real photo. Readers see a
    # photo's credit from the photo (WartaImage.credit_line), never this.
    hero_credit = models.CharField(
        _("kredit foto utama di sumber"),
        max_length=120,
        blank=True,
        help_text=_("Kredit foto seperti di sumber aslinya, mis. 'Antara'."),
    )
    dateline_place = models.CharField(
        _("tempat dateline"), max_length=80, blank=True, help_text=_("Mis. WASHINGTON.")
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("isi berita"))
    editor = models.ForeignKey(
        Author,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_articles",
    )
    cited_sources = models.CharField(
        _("sumber yang dikutip"),
        max_length=255,
        blank=True,
        help_text=_("Dipisah koma, mis. 'Reuters, CBS'."),
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    embargo_until = models.DateTimeField(
        _("embargo sampai"),
        null=True,
        blank=True,
        help_text=_(
            "Artikel tidak tampil di mana pun untuk publik sebelum waktu ini; "
            "menerbitkannya menjadwalkan terbit pada waktu embargo."
        ),
    )
    breaking_until = models.DateTimeField(
        _("berita sela sampai"),
        null=True,
        blank=True,
        help_text=_("Tampilkan di ticker 'Breaking News' di semua halaman situs sampai waktu ini."),
    )
    circulate_to = ParentalManyToManyField(
        "wagtailcore.Site",
        blank=True,
        related_name="circulated_articles",
        verbose_name=_("sebarkan ke situs"),
        help_text=_(
            "Berita juga tampil di daftar situs ini, dengan tautan ke alamat aslinya (satu "
            "URL kanonis, tanpa salinan). Kanal yang diatur di pengaturan situs ikut otomatis."
        ),
    )
    # "Baca juga" inside the body (warta.articles.baca_juga): automatic after paragraph 2
    # (and 5 in a long story) unless the editor picks the stories, the paragraph, or none.
    baca_juga_enabled = models.BooleanField(
        _("tampilkan baca juga"),
        default=True,
        help_text=_("Tautan 'Baca juga' di dalam isi berita. Matikan untuk berita ini saja."),
    )
    baca_juga_paragraph = models.PositiveSmallIntegerField(
        _("baca juga setelah paragraf"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Kosongkan untuk otomatis (setelah paragraf 2, dan paragraf 5 bila berita panjang)."
        ),
    )
    # In the page row (not a child table): a story without picks costs no query for them.
    baca_juga_picks = StreamField(
        [
            (
                "article",
                PageChooserBlock(page_type="articles.ArticlePage", label=_("artikel")),
            )
        ],
        blank=True,
        max_num=BACA_JUGA_MAX_PINS,
        verbose_name=_("artikel baca juga pilihan editor"),
        help_text=_("Paling banyak tiga; kosongkan untuk memakai artikel terkait otomatis."),
    )
    # Denormalised from the tree on save, so lists can show the channel without a query per card.
    channel = models.ForeignKey(
        "channels.ChannelPage",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    parent_page_types = ["channels.ChannelPage"]
    subpage_types: list[str] = []
    # Why a story is in a related list (set by queries.stored_related). A default, so cards
    # do not fail the attribute lookup: Django's template engine then calls dir() on the page.
    related_reason = ""

    content_panels = [
        TitleFieldPanel("title", heading=_("Judul")),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Foto utama"),
        ),
        FieldPanel("dateline_place"),
        FieldPanel("body"),
        InlinePanel("bylines", label=_("Penulis"), min_num=1),
        FieldPanel(
            "editor",
            widget=role_chooser(
                Author,
                choose=_("Pilih editor"),
                choose_another=_("Pilih editor lain"),
                edit=_("Ubah data editor ini"),
            ),
        ),
        FieldPanel("cited_sources"),
        FieldPanel("tags"),
        InlinePanel("corrections", label=_("Koreksi dan pembaruan"), heading=_("Koreksi")),
        InlinePanel(
            "related_pins",
            label=_("Artikel terkait pilihan editor"),
            heading=_("Artikel terkait"),
            help_text=_("Tampil paling atas; sisanya dipilih otomatis dari isi berita."),
        ),
        RelatedListPanel(heading=_("Artikel terkait yang tampil sekarang")),
        MultiFieldPanel(
            [
                FieldPanel("baca_juga_enabled"),
                FieldPanel("baca_juga_paragraph"),
                FieldPanel("baca_juga_picks"),
            ],
            heading=_("Baca juga"),
        ),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("embargo_until"), FieldPanel("breaking_until")], heading=_("Redaksi")
        ),
        FieldPanel("circulate_to", widget=CheckboxSelectMultiple),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        # Sastrawi stems of headline, summary and body: what Indonesian search matches on.
        # On OpenSearch they are analysed as written, never stemmed twice.
        index.SearchField("search_stems", es_extra=opensearch.STEMS_FIELD_MAPPING),
        index.FilterField("channel"),
        index.FilterField("first_published_at"),
        index.FilterField("path"),
        index.FilterField("id"),
    ]

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        # The ticker asks "which stories are breaking now" on every site frame: without an
        # index that is a scan of every story (1.3 s at a million on PostgreSQL).
        indexes = [
            models.Index(fields=["breaking_until"], name="article_breaking_until"),
            # The newest stories of a channel, by index (the interim related list).
            models.Index(fields=["channel", "-page_ptr"], name="article_channel_newest"),
        ]

    @classmethod
    def route_queryset(cls):
        return with_comment_flag(cls.objects.select_related("hero_image", "editor", "channel"))

    def plain_text(self) -> str:
        """Headline, summary and body as plain text (for search and related articles)."""
        parts = [self.title, self.summary]
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "quote":
                parts.append(block.value["text"])
            elif block.block_type == "subheading":
                parts.append(str(block.value))
        return "\n".join(p for p in parts if p)

    def search_stems(self) -> str:
        return stem_text(self.plain_text())

    @property
    def is_embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    def sanitise_body(self) -> None:
        """Run every paragraph through the rich-text whitelist (defence in depth: the editor
        already restricts what it produces, other write paths do not)."""
        for block in self.body:
            if block.block_type == "paragraph":
                source = block.value.source
                cleaned = clean_rich_text(source)
                if cleaned != source:
                    block.value = RichText(cleaned)

    def clean(self) -> None:
        super().clean()
        self._check_baca_juga_picks()
        # An embargo turns publishing into scheduling: Wagtail keeps a page with a future
        # go-live time off every public page until the worker publishes it.
        if self.is_embargoed and (self.go_live_at is None or self.go_live_at < self.embargo_until):
            self.go_live_at = self.embargo_until

    def _check_baca_juga_picks(self) -> None:
        """The editor's "Baca juga" picks name other stories, each once: a pick of the story
        itself or a repeat is refused with a message, not dropped from the page unseen."""
        chosen = [block.value.pk for block in self.baca_juga_picks if block.value is not None]
        if self.pk and self.pk in chosen:
            raise ValidationError(
                {
                    "baca_juga_picks": _(
                        "Berita ini tidak bisa menjadi 'Baca juga' di dirinya sendiri."
                    )
                }
            )
        if len(chosen) != len(set(chosen)):
            raise ValidationError(
                {"baca_juga_picks": _("Setiap berita 'Baca juga' cukup dipilih satu kali.")}
            )

    def save(self, *args, **kwargs):
        self.channel_id = self._channel_id_from_tree()
        self.sanitise_body()
        result = super().save(*args, **kwargs)
        # After the parent's save, which also commits circulate_to (modelcluster). Draft
        # saves (save_revision) name only revision fields and leave the lists alone.
        fields = kwargs.get("update_fields")
        if fields is None or LISTED_FIELDS.intersection(fields):
            from warta.articles.listing import relist  # listing imports this module

            relist([self.pk], held_sites=True)  # the sites as this process holds them
        return result

    def _channel_id_from_tree(self) -> int | None:
        channel_model = self._meta.get_field("channel").related_model  # channels.ChannelPage
        if not self.path or self.depth <= 1:
            return None
        parent_path = self.path[: -self.steplen]
        return channel_model.objects.filter(path=parent_path).values_list("pk", flat=True).first()

    # --- multi-page articles -------------------------------------------------------------
    @cached_property
    def body_pages(self) -> list[list]:
        """The body split at page breaks: one list of blocks per page."""
        pages: list[list] = [[]]
        for block in self.body:
            if block.block_type == "page_break":
                if pages[-1]:
                    pages.append([])
                continue
            pages[-1].append(block)
        if len(pages) > 1 and not pages[-1]:
            pages.pop()
        return pages

    @property
    def is_multipage(self) -> bool:
        return len(self.body_pages) > 1

    def get_canonical_url(self, request: HttpRequest | None = None) -> str:
        # Always on the site's own host: never the /r/<slug>/ fallback a request came through.
        url = self.get_full_url()
        return f"{url}all/" if self.is_multipage else url

    @path("")
    def first_page(self, request: HttpRequest) -> HttpResponse:
        return self._render_part(request, number=1)

    @re_path(r"^(?P<number>[0-9]{1,3})/$")
    def numbered_page(self, request: HttpRequest, number: str) -> HttpResponse:
        page_number = int(number)
        if page_number == 1:
            return redirect(self.get_url(request), permanent=True)
        return self._render_part(request, number=page_number)

    @path("all/")
    def all_pages(self, request: HttpRequest) -> HttpResponse:
        return self._render_part(request, number=None)

    def _render_part(self, request: HttpRequest, number: int | None) -> HttpResponse:
        pages = self.body_pages
        if number is not None and number > len(pages):
            raise Http404("no such page of this article")
        blocks = [b for part in pages for b in part] if number is None else pages[number - 1]
        overrides = {"body_blocks": blocks, "part_number": number, "part_count": len(pages)}
        if number is not None and number > 1:
            overrides["baca_juga"] = None  # on the first page of a story only
        return self.render(request, context_overrides=overrides)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from warta.articles import queries  # queries imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.article_page_context(self, request))
        return context


# Gallery and video stories subclass ArticlePage; Django finds models in this module.
from warta.articles.media_pages import GalleryPage, GalleryPhoto, VideoPage  # noqa: E402, F401

# Every story page type. Wagtail's page signals name the specific class as their sender, so
# receivers of a story's publish connect to each of these (`for model in STORY_MODELS`).
STORY_MODELS: tuple[type[ArticlePage], ...] = (ArticlePage, GalleryPage, VideoPage)

# Comments a migrated story brought from its old site (shown read-only under it).
from warta.articles.comments import ArchivedComment, with_comment_flag  # noqa: E402, F401

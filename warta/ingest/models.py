"""Wire and partner feeds: where copy comes from (`FeedSource`) and what arrived (`IngestItem`).
Items are never published by themselves: an editor turns one into a draft story."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.ingest.wire import web_link


class FeedSource(models.Model):
    FORMAT_RSS = "rss"
    FORMAT_ATOM = "atom"
    FORMAT_NINJS = "ninjs"
    FORMATS = [(FORMAT_RSS, "RSS 2.0"), (FORMAT_ATOM, "Atom"), (FORMAT_NINJS, "ninjs (IPTC JSON)")]

    name = models.CharField(_("nama"), max_length=120, unique=True)
    organisation = models.CharField(
        _("organisasi"), max_length=120, help_text=_("Untuk kredit, mis. Antara, Reuters.")
    )
    url = models.URLField(_("alamat feed"), max_length=1000)
    format = models.CharField(_("format"), max_length=10, choices=FORMATS, default=FORMAT_RSS)
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="feed_sources",
        verbose_name=_("situs"),
    )
    default_channel = models.ForeignKey(
        "channels.ChannelPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kanal bawaan"),
    )
    pull_interval_minutes = models.PositiveIntegerField(_("interval tarik (menit)"), default=15)
    enabled = models.BooleanField(_("aktif"), default=True)
    last_pulled_at = models.DateTimeField(_("terakhir ditarik"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("terakhir berhasil"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    last_report = models.CharField(_("laporan terakhir"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sumber feed")
        verbose_name_plural = _("sumber feed")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_due(self, now=None) -> bool:
        if not self.enabled:
            return False
        if self.last_pulled_at is None:
            return True
        now = now or timezone.now()
        return (now - self.last_pulled_at).total_seconds() >= self.pull_interval_minutes * 60


class IngestItem(models.Model):
    NEW = "new"
    USED = "used"
    DUPLICATE = "duplicate"
    DISMISSED = "dismissed"
    STATUSES = [
        (NEW, _("baru")),
        (USED, _("sudah jadi draf")),
        (DUPLICATE, _("duplikat")),
        (DISMISSED, _("diabaikan")),
    ]

    source = models.ForeignKey(FeedSource, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    link = models.URLField(_("tautan asli"), max_length=1000, blank=True, db_index=True)
    title = models.CharField(_("judul"), max_length=255)
    summary = models.TextField(_("ringkasan"), blank=True)
    body_html = models.TextField(_("isi"), blank=True)  # sanitised on the way in
    byline = models.CharField(_("penulis"), max_length=255, blank=True)
    credit = models.CharField(_("kredit"), max_length=120)
    published_at = models.DateTimeField(_("terbit di sumber"), null=True, blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)
    title_key = models.CharField(max_length=255, db_index=True)
    sketch = models.JSONField(default=list)  # MinHash of body shingles, for near-duplicates
    story_terms = models.JSONField(default=dict)  # the rest of it (discovery.text.story_terms)
    status = models.CharField(max_length=12, choices=STATUSES, default=NEW, db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    story = models.OneToOneField(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ingest_item",
    )

    class Meta:
        verbose_name = _("item masuk")
        verbose_name_plural = _("kotak masuk ingest")
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source", "guid"], name="one_item_per_guid")]

    def __str__(self) -> str:
        return self.title

    @property
    def web_link(self) -> str:
        """The original's address if it is http(s), else "" (an item stored before links were
        checked on the way in may hold a `javascript:` one)."""
        return web_link(self.link)


class ImportedObject(models.Model):
    """What a migration created for an object of another system (a WordPress post or
    attachment), so running the import again updates it instead of adding a copy."""

    origin = models.CharField(max_length=255)  # e.g. the WordPress site's base URL
    kind = models.CharField(max_length=20)  # "post", "page", "attachment"
    external_id = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64, blank=True)  # unchanged input: skip it
    article = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "core.WartaImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(  # a WordPress page: a TrustPage or an InfoPage
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "kind", "external_id"], name="one_import")
        ]

    def __str__(self) -> str:
        return f"{self.origin} {self.kind} {self.external_id}"

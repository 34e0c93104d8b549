"""Newsletters: a site's lists, their subscribers and consent, issues and per-recipient sends.

A reader is one `Subscriber` (one row per address, network-wide) with a `Subscription` per
list: pending until the address is confirmed (double opt-in) or, for a signed-in reader with
a verified address, active at once; the consent time and its source are kept, and survive
export and import. An `Issue` is built from the day's stories and may be edited until it is
sent; sending fixes its recipients as `Delivery` rows, one per subscriber, whose state makes a
send resumable (services.send_pending)."""

from __future__ import annotations

import secrets
from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key() -> str:
    return secrets.token_urlsafe(18)


class NewsletterList(models.Model):
    DAILY, WEEKLY, ON_DEMAND = "daily", "weekly", "on_demand"
    SCHEDULES = [
        (DAILY, _("Harian")),
        (WEEKLY, _("Mingguan")),
        (ON_DEMAND, _("Sesuai permintaan")),
    ]
    DIGEST, BREAKING = "digest", "breaking"
    TEMPLATES = [(DIGEST, _("Ringkasan berita")), (BREAKING, _("Berita penting"))]
    WEEKDAYS = [
        (0, _("Senin")),
        (1, _("Selasa")),
        (2, _("Rabu")),
        (3, _("Kamis")),
        (4, _("Jumat")),
        (5, _("Sabtu")),
        (6, _("Minggu")),
    ]

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="newsletter_lists"
    )
    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60)
    description = models.CharField(_("deskripsi"), max_length=240, blank=True)
    channel_slug = models.SlugField(
        _("kanal"),
        max_length=60,
        blank=True,
        help_text=_("Slug kanal utama, mis. 'ekonomi'. Kosong = semua berita situs."),
    )
    sender_name = models.CharField(_("nama pengirim"), max_length=100)
    reply_to = models.EmailField(_("alamat balasan"), blank=True)
    schedule = models.CharField(_("jadwal"), max_length=12, choices=SCHEDULES, default=DAILY)
    send_time = models.TimeField(
        _("jam kirim"), default=time(6, 0), help_text=_("Waktu setempat situs (WIB/WITA/WIT).")
    )
    weekday = models.PositiveSmallIntegerField(
        _("hari kirim"), choices=WEEKDAYS, null=True, blank=True, help_text=_("Untuk mingguan.")
    )
    story_count = models.PositiveSmallIntegerField(_("jumlah berita"), default=8)
    template = models.CharField(_("templat"), max_length=12, choices=TEMPLATES, default=DIGEST)
    track_opens = models.BooleanField(
        _("hitung pembukaan"),
        default=False,
        help_text=_("Menyisipkan piksel pelacak. Mati kecuali situs memutuskan lain."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("daftar newsletter")
        verbose_name_plural = _("daftar newsletter")
        ordering = ["site_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slug"], name="newsletter_list_slug_per_site"),
            models.CheckConstraint(
                condition=~models.Q(schedule="weekly") | models.Q(weekday__isnull=False),
                name="newsletter_weekly_has_weekday",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    """One address, network-wide. `key` goes into every signed link; a new key revokes
    them all."""

    BOUNCE, COMPLAINT = "bounce", "complaint"
    SUPPRESSIONS = [(BOUNCE, _("alamat ditolak")), (COMPLAINT, _("dilaporkan sebagai spam"))]

    email = models.EmailField(_("email"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscribers",
    )
    key = models.CharField(max_length=32, default=new_key)
    created_at = models.DateTimeField(default=timezone.now)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppressed_reason = models.CharField(max_length=12, choices=SUPPRESSIONS, blank=True)

    class Meta:
        verbose_name = _("pelanggan")
        verbose_name_plural = _("pelanggan")

    def __str__(self) -> str:
        return self.email


class Subscription(models.Model):
    PENDING, ACTIVE, UNSUBSCRIBED = "pending", "active", "unsubscribed"
    STATES = [
        (PENDING, _("menunggu konfirmasi")),
        (ACTIVE, _("aktif")),
        (UNSUBSCRIBED, _("berhenti")),
    ]
    # Where the consent came from (kept through export and import).
    FORM, ACCOUNT, PREFERENCES, IMPORT = "form", "account", "preferences", "import"
    SOURCES = [
        (FORM, _("formulir + konfirmasi email")),
        (ACCOUNT, _("akun terverifikasi")),
        (PREFERENCES, _("halaman pengaturan")),
        (IMPORT, _("impor dengan persetujuan")),
    ]
    # Why it ended.
    REASONS = [
        ("reader", _("pembaca")),
        ("one-click", _("satu klik dari email")),
        ("bounce", _("alamat ditolak")),
        ("complaint", _("dilaporkan sebagai spam")),
        ("import", _("impor")),
    ]

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=14, choices=STATES, default=PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    consent_at = models.DateTimeField(_("waktu persetujuan"), null=True, blank=True)
    consent_source = models.CharField(max_length=12, choices=SOURCES, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    unsubscribe_reason = models.CharField(max_length=12, choices=REASONS, blank=True)

    class Meta:
        verbose_name = _("langganan")
        verbose_name_plural = _("langganan")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="one_subscription_per_list"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(consent_at__isnull=False),
                name="active_subscription_has_consent",
            ),
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber_id} -> {self.newsletter_id}: {self.status}"


class Issue(models.Model):
    DRAFT, SCHEDULED, SENDING, SENT, CANCELLED = (
        "draft",
        "scheduled",
        "sending",
        "sent",
        "cancelled",
    )
    STATES = [
        (DRAFT, _("draf")),
        (SCHEDULED, _("terjadwal")),
        (SENDING, _("sedang dikirim")),
        (SENT, _("terkirim")),
        (CANCELLED, _("dibatalkan")),
    ]

    newsletter = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="issues")
    subject = models.CharField(_("subjek"), max_length=200)
    intro = models.TextField(_("pengantar"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATES, default=DRAFT)
    # The local day an automatic edition is for (one per list and day); empty when on demand.
    edition_date = models.DateField(null=True, blank=True)
    send_at = models.DateTimeField(_("kirim pada"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("edisi newsletter")
        verbose_name_plural = _("edisi newsletter")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "edition_date"],
                condition=models.Q(edition_date__isnull=False),
                name="one_edition_per_list_and_day",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def editable(self) -> bool:
        return self.status in (self.DRAFT, self.SCHEDULED)


class IssueStory(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="entries")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "story"], name="story_once_per_issue")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}#{self.position}: {self.story_id}"


class Delivery(models.Model):
    """One recipient of one issue. queued -> sending (claimed in a batch by a sender, with
    the claim's time) -> sent | failed; skipped when the reader left the list or the address
    was suppressed after the send started."""

    QUEUED, SENDING, SENT, FAILED, SKIPPED = "queued", "sending", "sent", "failed", "skipped"
    STATES = [(s, s) for s in (QUEUED, SENDING, SENT, FAILED, SKIPPED)]

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        Subscription, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=STATES, default=QUEUED)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="one_delivery_per_reader")
        ]
        indexes = [models.Index(fields=["issue", "state", "id"])]

    def __str__(self) -> str:
        return f"{self.issue_id} -> {self.subscriber_id}: {self.state}"

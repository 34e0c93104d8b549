"""What a signed-in reader keeps: followed region, channels, topics and authors; saved
stories; and, only if they turn it on, reading history. All of it is exported and deleted with
the account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from warta.core.indonesia import provinces


class ReaderPreferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_preferences"
    )
    province_code = models.CharField(
        _("provinsi"), max_length=2, blank=True, choices=provinces.CHOICES
    )
    regency = models.CharField(_("kabupaten/kota"), max_length=80, blank=True)
    channels = models.JSONField(default=list, blank=True)  # channel slugs
    topics = models.JSONField(default=list, blank=True)  # tag slugs
    authors = models.JSONField(default=list, blank=True)  # author slugs
    history_enabled = models.BooleanField(_("simpan riwayat baca"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferensi {self.user_id}"


class SavedStory(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_stories"
    )
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="save_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.article_id}"


class ReadingHistory(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_history"
    )
    article = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at"]
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="read_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.article_id}"


class UsedHandoffToken(models.Model):
    """A network sign-in hand-off token (warta.accounts.handoff) that has been redeemed. Kept
    in the database, not the cache: the mark must hold in every worker and on every server,
    and the cache may drop it (culling, eviction, a Redis outage read as "not there"), which
    would let a copied token be used again within its minute. Rows older than a token's life
    are deleted as new ones come in."""

    token_id = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    host = models.CharField(max_length=255)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.token_id} ({self.host})"

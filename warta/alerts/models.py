"""Breaking-news alerts: a reader's Web Push subscription (one browser on one site) and an
alert an editor sent from a story, with its fan-out's progress and counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Web Push keys as the browser gives them (unpadded base64url): p256dh is a 65-byte P-256
# point (87 characters), auth a 16-byte secret (22 characters).
P256DH_LENGTH = 87
AUTH_LENGTH = 22
ENDPOINT_MAX_LENGTH = 1000


class PushSubscription(models.Model):
    """One browser's subscription on one site. `breaking`: every breaking alert of the site;
    `channel`: alerts of stories in that top-level channel; `region`: on the national site,
    the alerts a regional site (by its slug) sends too."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField(max_length=ENDPOINT_MAX_LENGTH, unique=True)
    p256dh = models.CharField(max_length=P256DH_LENGTH)
    auth = models.CharField(max_length=AUTH_LENGTH)
    breaking = models.BooleanField(default=True)
    channel = models.SlugField(max_length=255, blank=True)
    region = models.SlugField(max_length=64, blank=True)
    language = models.CharField(max_length=8, default="id")
    created = models.DateTimeField(auto_now_add=True)
    last_success = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("langganan peringatan")
        verbose_name_plural = _("langganan peringatan")
        indexes = [models.Index(fields=["site", "id"], name="alerts_subscription_site")]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.endpoint[:60]}"


class Alert(models.Model):
    """A breaking alert sent from a story. The fan-out walks the audience in id order up to
    `last_subscription` (the audience is fixed when sending starts) and stores `cursor` with
    the counts after each batch, in one transaction, so a resumed send starts after the last
    batch it finished (warta.alerts.services.fan_out_alert)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("antre")
        SENDING = "sending", _("dikirim")
        DONE = "done", _("selesai")

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(
        "wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=120)
    body = models.CharField(_("isi"), max_length=240, blank=True)
    url = models.CharField(max_length=1000)  # the story's path within its site, no leading /
    channel = models.SlugField(max_length=255, blank=True)  # the story's top-level channel
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    last_subscription = models.BigIntegerField(default=0)
    cursor = models.BigIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    expired = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("peringatan berita")
        verbose_name_plural = _("peringatan berita")
        indexes = [models.Index(fields=["site", "-created_at"], name="alerts_alert_site_recent")]

    def __str__(self) -> str:
        return self.title

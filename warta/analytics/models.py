"""Editorial analytics, stored as roll-ups only (see warta.analytics.rollup).

Raw events never reach the database: they are buffered in the serving process, written to the
event log (Redis in production, files under var/ in the embedded default) and rolled up here
in batches. What is kept per reader is a one-day visitor hash that cannot be traced back once
that day's salt is deleted."""

from __future__ import annotations

from django.db import models

# Grains of a roll-up bucket.
MINUTE = "m"
HOUR = "h"
DAY = "d"  # the site's local day (WIB/WITA/WIT), stored as its start in UTC
GRAINS = (MINUTE, HOUR, DAY)

# What a row counts.
SITE = "s"
STORY = "a"
CHANNEL = "c"
AUTHOR = "u"
DIMENSIONS = (SITE, STORY, CHANNEL, AUTHOR)

# Referrer classes: the column suffix of `Stat` and the code in an event.
REFERRER_CLASSES = ("search", "social", "apps", "direct", "internal", "network", "other")


class Stat(models.Model):
    """Counts of one thing (a site, story, channel or author) in one minute, hour or day.

    Written only by the roll-up, which adds to the counters with one statement per batch;
    minute rows are kept 48 hours, hour and day rows for good."""

    grain = models.CharField(max_length=1)
    dimension = models.CharField(max_length=1)
    key = models.BigIntegerField()  # the site, page, channel page or author id
    site_id = models.IntegerField()  # whose numbers these are (the reading site)
    bucket = models.DateTimeField()  # start of the minute, hour or local day, in UTC
    views = models.IntegerField(default=0)
    visitors = models.IntegerField(default=0)  # new one-day visitors of this thing (day grain)
    engaged_seconds = models.BigIntegerField(default=0)
    pings = models.IntegerField(default=0)
    scroll_total = models.BigIntegerField(default=0)  # sum of max scroll depth %, per view
    scroll_views = models.IntegerField(default=0)
    recirculated = models.IntegerField(default=0)  # views that came from a Warta link
    lite_views = models.IntegerField(default=0)  # counted by the server (no JavaScript)
    ref_search = models.IntegerField(default=0)
    ref_social = models.IntegerField(default=0)
    ref_apps = models.IntegerField(default=0)
    ref_direct = models.IntegerField(default=0)
    ref_internal = models.IntegerField(default=0)
    ref_network = models.IntegerField(default=0)
    ref_other = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "dimension", "key", "site_id", "bucket"],
                name="analytics_one_stat_per_bucket",
            )
        ]
        indexes = [
            models.Index(
                fields=["grain", "dimension", "site_id", "bucket"], name="analytics_stat_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.grain}{self.dimension}{self.key}@{self.site_id} {self.bucket:%Y-%m-%d %H:%M}"


class ActiveReader(models.Model):
    """A visitor seen in the last minutes: "readers now". One row per visitor and site, the
    story and channel of their latest event; rows older than the window are deleted by the
    roll-up."""

    site_id = models.IntegerField()
    visitor = models.CharField(max_length=16)
    story_id = models.IntegerField(null=True)
    channel_id = models.IntegerField(null=True)
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site_id", "visitor"], name="analytics_one_active")
        ]
        indexes = [models.Index(fields=["site_id", "last_seen"], name="analytics_active_site")]

    def __str__(self) -> str:
        return f"{self.visitor}@{self.site_id}"


class SeenVisitor(models.Model):
    """Which one-day visitors a site or story has had today, so day counts add up without
    counting a visitor twice. Deleted with the day's salt after 48 hours at most."""

    day = models.DateField()
    scope = models.BigIntegerField()  # site id, or -(page id) for a story
    visitor = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "scope", "visitor"], name="analytics_seen_once")
        ]

    def __str__(self) -> str:
        return f"{self.visitor}@{self.scope} {self.day}"


class DailySalt(models.Model):
    """The random salt of one local day's visitor hashes in one time zone; deleted the next
    day, after which nobody (Warta included) can tell whose hash was whose."""

    zone = models.CharField(max_length=40, default="Asia/Jakarta")
    day = models.DateField()
    salt = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "day"], name="analytics_one_salt_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.zone} {self.day}"


class RollCursor(models.Model):
    """How far the roll-up has read the event log. Advanced in the same transaction as the
    counters it adds, guarded by `version`, so a batch is added once even when two processes
    roll at the same moment."""

    name = models.CharField(max_length=32, unique=True)
    position = models.JSONField(default=dict)
    version = models.BigIntegerField(default=0)
    rolled_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.name

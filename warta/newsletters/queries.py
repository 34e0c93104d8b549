"""Reads of the newsletters: the stories an issue is built from, the lists a site offers, a
subscriber's lists, and the figures editors see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from wagtail.models import Site

from warta.articles.models import ArticlePage
from warta.articles.queries import articles_in_channel, articles_in_site
from warta.newsletters.models import Delivery, Issue, NewsletterList, Subscriber, Subscription


def top_stories(newsletter: NewsletterList, *, since: datetime, limit: int) -> list[ArticlePage]:
    """The list's stories published since `since` (its site's list, or its channel's), the
    most read first (discovery's hourly counts), then the newest. When the day was quiet the
    newest stories fill the issue, so an edition is never empty while the site has news."""
    if newsletter.channel_slug:
        base = articles_in_channel(newsletter.site, newsletter.channel_slug)
    else:
        base = articles_in_site(newsletter.site)
    recent = list(
        base.filter(listings__published_at__gte=since)
        .annotate(
            reads=Coalesce(Sum("view_counts__count", filter=Q(view_counts__hour__gte=since)), 0)
        )
        .order_by("-reads", "-listings__published_at", "-pk")[:limit]
    )
    if len(recent) < limit:
        seen = {s.pk for s in recent}
        recent += [s for s in base[: limit * 2] if s.pk not in seen][: limit - len(recent)]
    return recent


def lists_for_site(site: Site) -> list[NewsletterList]:
    return list(NewsletterList.objects.filter(site=site, is_active=True).order_by("name"))


def active_list_ids(subscriber: Subscriber) -> set[int]:
    return set(
        Subscription.objects.filter(subscriber=subscriber, status=Subscription.ACTIVE).values_list(
            "newsletter_id", flat=True
        )
    )


def delivery_counts(issue: Issue) -> dict[str, int]:
    rows = Delivery.objects.filter(issue=issue).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state, _label in Delivery.STATES}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def subscriber_counts(newsletters: list[NewsletterList]) -> dict[int, dict[str, int]]:
    rows = (
        Subscription.objects.filter(newsletter__in=newsletters)
        .values("newsletter_id", "status")
        .annotate(n=Count("pk"))
    )
    found: dict[int, dict[str, int]] = {n.pk: {} for n in newsletters}
    for row in rows:
        found[row["newsletter_id"]][row["status"]] = row["n"]
    return found


def export_rows(sites: list[Site]) -> Iterator[dict[str, object]]:
    """Every subscription of the sites' lists as portability.COLUMNS, oldest first, read in
    chunks (a list of 100,000 is never held in memory at once)."""
    rows = (
        Subscription.objects.filter(newsletter__site__in=sites)
        .order_by("pk")
        .values(
            "subscriber__email",
            "newsletter__site__hostname",
            "newsletter__slug",
            "status",
            "consent_at",
            "consent_source",
            "unsubscribed_at",
            "unsubscribe_reason",
            "subscriber__suppressed_reason",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        yield {
            "email": row["subscriber__email"],
            "site": row["newsletter__site__hostname"],
            "list": row["newsletter__slug"],
            "status": row["status"],
            "consent_at": row["consent_at"],
            "consent_source": row["consent_source"],
            "unsubscribed_at": row["unsubscribed_at"],
            "unsubscribe_reason": row["unsubscribe_reason"],
            "suppressed": row["subscriber__suppressed_reason"],
        }

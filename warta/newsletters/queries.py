"""Reads of the newsletters: the stories an issue is built from, the lists a site offers, a
subscriber's lists, and the figures editors see."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from wagtail.models import Site
from wagtail.permissions import page_permission_policy

from warta.analytics.models import HOUR, STORY, Stat
from warta.articles.models import ArticlePage
from warta.articles.queries import articles_in_channel, articles_in_site
from warta.discovery import duplicates
from warta.newsletters.models import Delivery, Issue, NewsletterList, Subscriber, Subscription
from warta.newsroom.roles import sites_user_may_edit


def top_stories(newsletter: NewsletterList, *, since: datetime, limit: int) -> list[ArticlePage]:
    """The list's stories published since `since` (its site's list, or its channel's), the
    most read first on the list's site (the analytics hourly roll-ups), then the newest; one
    story per event (the near-duplicate detector's copies and a headline filed twice are left
    out). When the day
    was quiet the newest stories fill the issue, so an edition is never empty while the site
    has news."""
    if newsletter.channel_slug:
        base = articles_in_channel(newsletter.site, newsletter.channel_slug)
    else:
        base = articles_in_site(newsletter.site)
    reads = (
        Stat.objects.filter(
            grain=HOUR,
            dimension=STORY,
            key=OuterRef("pk"),
            site_id=newsletter.site_id,
            bucket__gte=since.replace(minute=0, second=0, microsecond=0),
        )
        .values("key")
        .annotate(total=Sum("views"))
        .values("total")
    )
    ranked = list(
        base.filter(listings__published_at__gte=since)
        .annotate(reads=Coalesce(Subquery(reads), 0))
        .order_by("-reads", "-listings__published_at", "-pk")[: limit * 3]
    )
    if len(ranked) < limit * 3:
        seen = {s.pk for s in ranked}
        ranked += [s for s in base[: limit * 3] if s.pk not in seen]
    return _one_per_story(ranked)[:limit]


def _one_per_story(stories: list[ArticlePage]) -> list[ArticlePage]:
    by_id = {s.pk: s for s in stories}
    leaders = [by_id[pk] for pk, _copies in duplicates.collapse([s.pk for s in stories])]
    shown, titles = [], set()
    for story in leaders:
        title = " ".join(story.title.casefold().split())
        if title not in titles:
            titles.add(title)
            shown.append(story)
    return shown


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


# --- the admin ----------------------------------------------------------------------------

# Object ids above PostgreSQL's integer range are answered as missing, never queried.
MAX_ID = 2**31 - 1


def sites_user_may_send(user) -> list[Site]:
    """The sites whose newsletters the user manages: those of `sites_user_may_edit` where
    they may also publish (editors and network admins; a reporter, who only adds pages, gets
    none: a newsletter goes to every subscriber at once, like a published story)."""
    sites = sites_user_may_edit(user)
    if user.is_superuser:
        return sites
    grants = page_permission_policy.get_cached_permissions_for_user(user)
    paths = [g.page.path for g in grants if g.permission.codename == "publish_page"]
    return [s for s in sites if any(s.root_page.path.startswith(p) for p in paths)]


def admin_lists(sites: list[Site]) -> list[NewsletterList]:
    return list(
        NewsletterList.objects.filter(site__in=sites)
        .select_related("site")
        .order_by("site__site_name", "name")
    )


def admin_list(sites: list[Site], pk: int) -> NewsletterList | None:
    if not 0 < pk <= MAX_ID:
        return None
    return NewsletterList.objects.filter(site__in=sites, pk=pk).select_related("site").first()


def admin_issue(sites: list[Site], pk: int) -> Issue | None:
    if not 0 < pk <= MAX_ID:
        return None
    return (
        Issue.objects.filter(newsletter__site__in=sites, pk=pk)
        .select_related("newsletter__site", "edited_by")
        .first()
    )


def issues_of(newsletter: NewsletterList, *, limit: int = 50) -> list[Issue]:
    return list(
        Issue.objects.filter(newsletter=newsletter)
        .select_related("edited_by")
        .annotate(story_total=Count("entries", distinct=True))
        .order_by("-created_at", "-pk")[:limit]
    )


def delivery_counts_of(issues: list[Issue]) -> dict[int, dict[str, int]]:
    """`delivery_counts` for many issues in one query."""
    found = {i.pk: {state: 0 for state, _label in Delivery.STATES} for i in issues}
    rows = (
        Delivery.objects.filter(issue__in=issues)
        .values("issue_id", "state")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        found[row["issue_id"]][row["state"]] = row["n"]
    return found


def recipient_count(newsletter: NewsletterList) -> int:
    """How many would receive an issue started now (start_send's rule)."""
    return Subscription.objects.filter(
        newsletter=newsletter,
        status=Subscription.ACTIVE,
        subscriber__suppressed_at__isnull=True,
    ).count()


def story_choices(issue: Issue, *, since: datetime, limit: int = 60) -> list[ArticlePage]:
    """The stories an editor may put in an issue: the issue's own (in their order), then
    the site's stories published since `since`, newest first."""
    entries = issue.entries.select_related("story").order_by("position", "pk")
    chosen = [entry.story for entry in entries]
    seen = {s.pk for s in chosen}
    recent = articles_in_site(issue.newsletter.site).filter(listings__published_at__gte=since)
    return chosen + [s for s in recent[:limit] if s.pk not in seen]


def allowed_story_ids(site: Site, story_ids: list[int]) -> set[int]:
    """Of `story_ids`, those the site's readers see in its lists (its own and circulated
    published stories)."""
    return set(articles_in_site(site).filter(pk__in=story_ids).values_list("pk", flat=True))

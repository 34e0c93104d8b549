"""Reads for the network admin's desk home (network.desk_panels on the admin dashboard):
partner applications waiting, the sites and their state, and the circulation queue. Each
function costs a fixed number of queries at any size (warta/network/tests/test_desk.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import ArticlePage, Listing
from warta.core.sites.lookup import all_sites, site_holding
from warta.network.models import PartnerApplication

LIST_SIZE = 8
CIRCULATION_WINDOW = timedelta(hours=24)


def waiting_applications() -> tuple[int, list[PartnerApplication]]:
    """Applications still to decide (submitted or in review), the oldest first, and how many
    there are. Two queries."""
    waiting = PartnerApplication.objects.filter(
        status__in=[PartnerApplication.SUBMITTED, PartnerApplication.IN_REVIEW]
    )
    return waiting.count(), list(waiting.order_by("submitted_at", "pk")[:LIST_SIZE])


@dataclass(frozen=True)
class SiteRow:
    site: Site
    stories_today: int
    suspended: bool
    lite_edition: bool


def network_sites() -> list[SiteRow]:
    """Every site of the network, national first, with today's published stories and its
    switches (suspended, lite edition). One query (the site list is cached)."""
    sites = sorted(all_sites(), key=lambda s: (not s.is_default_site, s.pk))
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = dict(
        Listing.objects.filter(own=True, published_at__gte=since, article__live=True)
        .values_list("site")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        SiteRow(
            site=s,
            stories_today=counts.get(s.pk, 0),
            suspended=bool(getattr(s, "suspended", False)),
            lite_edition=bool(getattr(s, "lite_edition", False)),
        )
        for s in sites
    ]


def circulation_queue() -> list[ArticlePage]:
    """Regional stories of the last 24 hours that the national site's lists do not show
    (neither an editor's "Sebarkan ke situs" nor a regional rule): the ones a network admin
    may want to circulate. One query."""
    national = next((s for s in all_sites() if s.is_default_site), None)
    if national is None:
        return []
    on_national = Listing.objects.filter(site=national, article=OuterRef("pk"))
    stories = list(
        ArticlePage.objects.live()
        .filter(first_published_at__gte=timezone.now() - CIRCULATION_WINDOW)
        .exclude(Q(path__startswith=national.root_page.path))
        .exclude(Exists(on_national))
        .select_related("channel")
        .order_by("-first_published_at", "-pk")[:LIST_SIZE]
    )
    for story in stories:  # from the cached site list: no query
        site = site_holding(story.path)
        story.desk_site_name = site.site_name if site else ""
    return stories

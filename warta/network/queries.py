"""Reads about the network as a whole: regional sites, navigation and "Network Updates"."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage
from warta.articles.queries import circulated_by_rule, live_articles
from warta.core.sites import regional_sites

NETWORK_UPDATES_TTL = 60


@dataclass
class NetworkUpdates:
    region_count: int
    articles: list = field(default_factory=list)


def network_updates(site: Site, *, limit: int = 4) -> NetworkUpdates:
    """Newest stories circulated from the regional sites other than `site` (to any site, by an
    editor or by a site's rule), with the count of active regions. Cached briefly per site:
    it is the same for every page of a site."""
    key = f"warta:network-updates:v1:{site.pk}:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    regions = regional_sites()
    others = [s for s in regions if s.pk != site.pk]
    articles: list = []
    if others:
        through = ArticlePage.circulate_to.through
        circulated = Q(pk__in=through.objects.values("articlepage_id")) | circulated_by_rule(others)
        from_others = Q()
        for origin in others:
            from_others |= Q(path__startswith=origin.root_page.path)
        newest = live_articles().prefetch_related(None).filter(from_others).filter(circulated)
        seen: set[str] = set()
        for story in newest[: limit * 3]:
            key = story.title.strip().lower()
            if key not in seen:  # two desks filing the same headline: show it once
                seen.add(key)
                articles.append(story)
            if len(articles) == limit:
                break
    result = NetworkUpdates(region_count=len(regions), articles=articles)
    cache.set(key, result, NETWORK_UPDATES_TTL)
    return result


@dataclass
class ProvinceEntry:
    province: object  # core.provinces.Province
    sites: list = field(default_factory=list)


def regions_directory() -> tuple[list[ProvinceEntry], list[ProvinceEntry]]:
    """(provinces with active regional sites, provinces without one yet), in code order."""
    from warta.core import provinces

    by_code: dict[str, list[Site]] = {}
    for site in regional_sites():
        code = site.warta_settings.province_code
        by_code.setdefault(code, []).append(site)
    served, open_ = [], []
    for province in provinces.PROVINCES:
        sites = sorted(by_code.get(province.code, []), key=lambda s: s.site_name)
        (served if sites else open_).append(ProvinceEntry(province, sites))
    return served, open_


def _relative(site: Site, url_path: str) -> str:
    root = site.root_page.url_path
    return "/" + url_path[len(root) :] if url_path.startswith(root) else url_path


def site_navigation(site: Site) -> dict:
    """Menu channels and the partner-programme URL of a site in one query. A regional site
    without its own partner page links to the national one."""
    from warta.channels.models import ChannelPage
    from warta.network.models import NetworkPartnerPage

    channel_type = ContentType.objects.get_for_model(ChannelPage)
    partner_type = ContentType.objects.get_for_model(NetworkPartnerPage)
    rows = (
        Page.objects.live()
        .child_of(site.root_page)
        .filter(Q(content_type=channel_type, show_in_menus=True) | Q(content_type=partner_type))
        .order_by("path")
        .values_list("title", "url_path", "slug", "content_type_id")
    )
    channels, partner_url = [], None
    for title, url_path, slug, type_id in rows:
        if type_id == partner_type.pk:
            partner_url = _relative(site, url_path)
        else:
            channels.append({"title": title, "url": _relative(site, url_path), "slug": slug})
    if partner_url is None:
        partner = NetworkPartnerPage.objects.live().first()
        partner_url = partner.get_full_url() if partner else None
    return {"channels": channels, "partner_url": partner_url, "breaking": breaking_news(site)}


def breaking_news(site: Site, *, limit: int = 3) -> list[dict]:
    """Stories an editor marked as breaking, still before their end time."""
    from warta.articles.models import ArticlePage

    rows = (
        ArticlePage.objects.live()
        .filter(path__startswith=site.root_page.path, breaking_until__gt=timezone.now())
        .order_by("-first_published_at")
        .values_list("pk", "title", "url_path", "breaking_until")[:limit]
    )
    return [{"pk": pk, "title": t, "url": _relative(site, p), "until": u} for pk, t, p, u in rows]

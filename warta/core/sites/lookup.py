"""Site resolution from a cached list of sites. Wagtail asks the database for the site on every
request; a network has few sites that rarely change, so they are cached and dropped whenever a
Site or a site's settings are saved (see core.sites.receivers)."""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db.models import Exists
from django.http import HttpRequest
from wagtail.models import Site

from warta.core.models import SiteSettings
from warta.core.pagecache import localcache
from warta.core.request import WartaRequest

SITES_KEY = "warta:sites:v1"
SETTINGS_KEY = "warta:site-settings:v1:{}"
TTL = 600


def all_sites() -> list[Site]:
    """Every site with its root page and, as attributes, the settings requests need before
    any view runs: `region_slug` (path fallback /r/<slug>/), `suspended` and `lite_edition`
    (warta.core.sites.lite)."""
    # Held per process too (read for every link a page renders): dropped with the purge epoch.
    sites = localcache.get(SITES_KEY)
    if sites is not None:
        return sites
    sites = cache.get(SITES_KEY)
    if sites is None:
        from wagtail.models import PageViewRestriction

        # One query: each site's settings come along through the reverse one-to-one, and
        # whether any page of the network has a view restriction (core.sites.pages) with them.
        sites = list(
            Site.objects.select_related("root_page", "sitesettings")
            .annotate(any_view_restriction=Exists(PageViewRestriction.objects.all()))
            .order_by("pk")
        )
        for site in sites:
            try:
                settings = site.sitesettings
            except SiteSettings.DoesNotExist:
                settings = None
            site.region_slug = settings.slug if settings else ""
            site.suspended = bool(settings and settings.suspended)
            site.lite_edition = bool(settings and settings.lite_edition)
            site.warta_settings = settings or SiteSettings(site=site)  # defaults, unsaved
        cache.set(SITES_KEY, sites, TTL)
    localcache.put(SITES_KEY, sites)
    return sites


def sites_holding(path: str) -> list[Site]:
    """The sites whose root holds the page at this tree path, by pk (one, unless a site's root
    lies inside another's)."""
    return [site for site in all_sites() if path.startswith(site.root_page.path)]


def site_holding(path: str) -> Site | None:
    """The site a page belongs to (the first by pk whose root holds it)."""
    return next(iter(sites_holding(path)), None)


def regional_sites() -> list[Site]:
    """Active regional sites (suspended ones are left out of every count and list)."""
    return [s for s in all_sites() if not s.is_default_site and not s.suspended]


def site_by_slug(slug: str) -> Site | None:
    return next((s for s in all_sites() if s.region_slug and s.region_slug == slug), None)


def path_prefix(site: Site) -> str:
    """/r/<slug> for a regional site reached without its own hostname."""
    return f"/r/{site.region_slug}" if getattr(site, "region_slug", "") else ""


def forget_sites() -> None:
    cache.delete(SITES_KEY)
    localcache.bump_epoch()  # every process drops its copy at its next epoch check


def match_site(sites: list[Site], hostname: str, port: int) -> Site | None:
    """Wagtail's rules: exact host and port, then host on the default site, then the only site
    with that host, then the default site."""
    default = next((s for s in sites if s.is_default_site), None)
    by_host = [s for s in sites if s.hostname == hostname]
    for site in by_host:
        if site.port == port:
            return site
    if default is not None and default.hostname == hostname:
        return default
    if len(by_host) == 1:
        return by_host[0]
    return default


def site_for_request(request: HttpRequest) -> Site | None:
    cached = cast(WartaRequest, request)  # the site is kept where Wagtail keeps it
    if not hasattr(cached, "_wagtail_site"):
        hostname = request.get_host().split(":")[0]
        try:
            port = int(request.get_port())
        except (TypeError, ValueError):
            port = 80
        cached._wagtail_site = match_site(all_sites(), hostname, port)
    return cached._wagtail_site


def site_settings_for(site: Site):
    listed = next((s for s in all_sites() if s.pk == site.pk), None)
    if listed is not None and getattr(listed, "warta_settings", None) is not None:
        return listed.warta_settings
    key = SETTINGS_KEY.format(site.pk)
    found = cache.get(key)
    if found is None:
        found = SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site)
        cache.set(key, found, TTL)
    return found


def forget_site_settings(site_id: int) -> None:
    cache.delete(SETTINGS_KEY.format(site_id))

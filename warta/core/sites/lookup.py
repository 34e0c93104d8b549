"""Site resolution from a cached list of sites. Wagtail asks the database for the site on every
request; a network's sites (hundreds of them) rarely change, so the list is cached and dropped
whenever a Site or a site's settings are saved (see core.sites.receivers).

Each process holds the list while the shared sites version (SITES_VERSION_KEY) is unchanged,
reading that version at most every EPOCH_RECHECK seconds, as it reads the purge epoch
(warta.core.pagecache.localcache). A purge (any publish) leaves it alone: with 500 sites the
list is ~300 kB pickled, too much to read again after every publish in the network."""

from __future__ import annotations

import os
import time
from typing import Any, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists
from django.http import HttpRequest
from wagtail.models import Site

from warta.core.models import SiteSettings
from warta.core.pagecache import localcache
from warta.core.request import WartaRequest

SITES_KEY = "warta:sites:v2"  # (version, sites)
SITES_VERSION_KEY = "warta:sites-version:v1"
SETTINGS_KEY = "warta:site-settings:v1:{}"
TTL = 600

_held: dict[str, Any] = {"version": None, "sites": None, "checked": 0.0}


def _drop_held() -> None:
    _held.update(version=None, sites=None, checked=0.0)


localcache.on_forget(_drop_held)


def _sites_version() -> object:
    value = cache.get(SITES_VERSION_KEY)
    if value is None:  # a fresh or cleared cache: a new random version drops every copy
        cache.add(SITES_VERSION_KEY, int.from_bytes(os.urandom(4), "big"), None)
        value = cache.get(SITES_VERSION_KEY)
    return value


def all_sites(*, recheck: bool = False) -> list[Site]:
    """Every site with its root page and, as attributes, the settings requests need before
    any view runs: `region_slug` (path fallback /r/<slug>/), `suspended` and `lite_edition`
    (warta.core.sites.lite). `recheck`: read the shared version now (one cache read) instead of
    trusting a list checked up to EPOCH_RECHECK ago, for writes that must follow a site change
    made a moment ago in another process (warta.articles.listing)."""
    # Held per process too (read for every link a page renders), while the version holds.
    now = time.monotonic()
    held = _held["sites"]
    if held is not None and not recheck and now - _held["checked"] <= localcache.EPOCH_RECHECK:
        return held
    version = _sites_version()
    if held is not None and version == _held["version"]:
        _held["checked"] = now
        return held
    shared = cache.get(SITES_KEY)
    sites = shared[1] if isinstance(shared, tuple) and shared[0] == version else None
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
        cache.set(SITES_KEY, (version, sites), TTL)
    _held.update(version=version, sites=sites, checked=now)
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
    """Every process reads the list again (this one at once, others at their next version
    check), and again once the change is committed: a process that read the list between
    this call and the commit may have kept the old rows under the new version."""
    _bump_sites_version()
    localcache.bump_epoch()  # pages and parts held per process may show a site's settings
    transaction.on_commit(_bump_sites_version)


def _bump_sites_version() -> None:
    try:
        cache.incr(SITES_VERSION_KEY)
    except ValueError:
        cache.set(SITES_VERSION_KEY, int.from_bytes(os.urandom(4), "big"), None)
    _drop_held()


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


_by_pk: dict[str, Any] = {"sites": None, "index": {}}


def site_by_pk(pk: int) -> Site | None:
    """The listed site with this pk, from an index built once per site list (a dashboard of
    500 sites looks each one up: a scan each time was 250,000 comparisons)."""
    sites = all_sites()
    if _by_pk["sites"] is not sites:
        _by_pk.update(sites=sites, index={s.pk: s for s in sites})
    return _by_pk["index"].get(pk)


def site_settings_for(site: Site):
    listed = site_by_pk(site.pk)
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

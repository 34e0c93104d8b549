"""What every public page's frame needs: the site, its settings, the channel navigation, the
partner-programme link and the breaking-news ticker. Site and settings come from the cached site
list; navigation, link and ticker are read in one query (queries.site_navigation) and cached per
site for a minute, dropped on any publish or unpublish (warta.network.receivers)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from warta.core.sites.lookup import all_sites, site_for_request, site_settings_for
from warta.network.queries import site_navigation

CHROME_TTL = 60
CHROME_PREFIX = "warta:chrome:v1:"


def chrome_for(site: Site | None) -> dict:
    if site is None:
        return {"channels": [], "partner_url": None}
    key = f"{CHROME_PREFIX}{site.pk}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = site_navigation(site)
        cache.set(key, chrome, CHROME_TTL)
    return chrome


def site_chrome(request: HttpRequest) -> dict:
    def settings():
        site = site_for_request(request)
        return site_settings_for(site) if site else None

    def breaking():
        # The chrome is cached for a minute; an item leaves the ticker at its own end time.
        now = timezone.now()
        items = chrome_for(site_for_request(request)).get("breaking", [])
        return [item for item in items if item["until"] > now]

    return {
        # "/r/<slug>" when the regional site is reached by the path fallback: internal links
        # written as paths keep it (page links get it from WartaPageMixin.get_url_parts).
        # "/lite" after it in the lite edition reached by its path (warta.core.sites.lite).
        "site_prefix": getattr(request, "warta_path_prefix", "")
        + getattr(request, "warta_lite_prefix", ""),
        "breaking_news": SimpleLazyObject(breaking),
        "current_site": SimpleLazyObject(lambda: site_for_request(request)),
        "site_settings": SimpleLazyObject(settings),
        "chrome": SimpleLazyObject(lambda: chrome_for(site_for_request(request))),
    }


def forget_chrome() -> None:
    """Drop every site's cached frame (a page published or unpublished: a menu channel, the
    partner page, a breaking story)."""
    cache.delete_many([f"{CHROME_PREFIX}{site.pk}" for site in all_sites()])

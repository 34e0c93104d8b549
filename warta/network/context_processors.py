"""What every public page's frame needs: the site, its settings, the channel navigation, the
partner-programme link and the breaking-news ticker. Site and settings come from the cached site
list; navigation, link and ticker are read in one query (queries.site_navigation) and cached per
site for a minute, dropped on any publish or unpublish (warta.network.receivers)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from warta.core.sites import editions, lite
from warta.core.sites.lookup import all_sites, site_for_request, site_settings_for
from warta.network.models import TrustPage
from warta.network.queries import site_navigation

CHROME_TTL = 60
CHROME_PREFIX = "warta:chrome:v2:"


def chrome_for(site: Site | None) -> dict:
    if site is None:
        return {"channels": [], "partner_url": None, "trust_kinds": []}
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

    def trust_links():
        prefix = lite.link_prefix(request)  # in the lite edition, its pages stay lite
        shown = chrome_for(site_for_request(request)).get("trust_kinds", [])
        labels = dict(TrustPage.KINDS)
        return [{"kind": k, "url": f"{prefix}/{k}/", "title": labels[k]} for k in shown]

    return {
        # "/r/<slug>" when the regional site is reached by the path fallback, then "/en" in
        # the English edition: internal links written as paths keep both (page links get
        # them from WartaPageMixin.get_url_parts).
        # "/lite" after both in the lite edition reached by its path (warta.core.sites.lite).
        "site_prefix": lite.link_prefix(request),
        # The language switch and hreflang alternates (warta.core.sites.editions).
        "edition": SimpleLazyObject(lambda: editions.edition_links(request)),
        "story_language": editions.story_language(),
        "breaking_news": SimpleLazyObject(breaking),
        "current_site": SimpleLazyObject(lambda: site_for_request(request)),
        "site_settings": SimpleLazyObject(settings),
        "chrome": SimpleLazyObject(
            lambda: _for_reader(chrome_for(site_for_request(request)), request)
        ),
        # The footer's trust pages (Redaksi, Pedoman Media Siber …) the site shows.
        "trust_links": SimpleLazyObject(trust_links),
    }


def _for_reader(chrome: dict, request: HttpRequest) -> dict:
    """The cached frame with the partner-programme link in the reader's edition and under the
    /r/<slug>/ prefix (the cache holds it as the site's own path, or the national page's URL)."""
    url = chrome.get("partner_url")
    if not url:
        return chrome
    if url.startswith("/"):
        url = lite.link_prefix(request) + url
    elif lite.edition_prefix(request):
        parts = urlsplit(url)
        url = urlunsplit(parts._replace(path=lite.edition_prefix(request) + parts.path))
    return {**chrome, "partner_url": url}


def forget_chrome() -> None:
    """Drop every site's cached frame (a page published or unpublished: a menu channel, the
    partner page, a breaking story)."""
    cache.delete_many([f"{CHROME_PREFIX}{site.pk}" for site in all_sites()])

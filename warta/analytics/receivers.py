"""The lite edition runs no JavaScript, so its reads are counted by the server, from the
page_viewed signal (sent for page cache hits too). Full pages are counted by the beacon only,
so a read is never counted twice."""

from __future__ import annotations

import re

from django.dispatch import receiver

from warta.analytics import buffer
from warta.analytics.ingest import LITE, event, is_bot
from warta.core.pagecache import saves_data
from warta.core.security.clientaddress import client_address
from warta.core.signals import page_viewed
from warta.core.sites.lookup import all_sites, match_site, site_by_slug

LITE_PATH = re.compile(r"^(?:/r/(?P<slug>[\w-]+))?(?:/en)?/lite/")
SLUG_PATH = re.compile(r"^/r/(?P<slug>[\w-]+)/")


def served_lite(request) -> bool:
    """Whether this page went out in the lite edition: the middleware says so on a Django
    request; a page cache hit is judged from its address, Save-Data and the site."""
    if hasattr(request, "warta_lite"):
        return bool(request.warta_lite)
    path = getattr(request, "path", "/")
    if LITE_PATH.match(path):
        return True
    if saves_data(request.headers.get("Save-Data")) and "edisi=lengkap" not in request.META.get(
        "QUERY_STRING", ""
    ):
        return True
    site = _site(request)
    return bool(site is not None and getattr(site, "lite_edition", False))


def _site(request):
    slug = SLUG_PATH.match(getattr(request, "path", "/"))
    if slug:
        return site_by_slug(slug.group("slug"))
    host = (request.headers.get("Host") or "").lower()
    hostname, _, port = host.partition(":")
    return match_site(all_sites(), hostname, int(port) if port.isdigit() else 80)


@receiver(page_viewed)
def count_lite_read(sender, request, story_id, **kwargs) -> None:
    if request.method != "GET" or request.headers.get("Sec-Purpose"):
        return
    if request.headers.get("Purpose") == "prefetch" or not served_lite(request):
        return
    agent = request.headers.get("User-Agent") or ""
    if is_bot(agent):
        return
    site = _site(request)
    if site is None:
        return
    fields = {
        "kind": LITE,
        "site_id": site.pk,
        "story_id": story_id or 0,
        "referrer": (request.headers.get("Referer") or "")[:512],
        "engaged": 0,
        "scroll": 0,
    }
    host = request.headers.get("Host") or ""
    buffer.add(event(fields, host=host, address=client_address(request), agent=agent))

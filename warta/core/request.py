"""The attributes Warta's middleware sets on a request, declared for the type checker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from wagtail.models import Site


class WartaRequest(HttpRequest):
    """A request as Warta's middleware leaves it. Nothing is an instance of this class: it
    types the code that sets these attributes (as django-stubs suggests for `request.user`).
    Each is set on some requests only, so code that reads them keeps `HttpRequest` and uses
    getattr/hasattr."""

    # Wagtail's own cache of the request's site (Site.find_for_request reads it), filled from
    # the cached site list by warta.core.sites.lookup.site_for_request.
    _wagtail_site: Site | None
    # "/r/<slug>" when the request came through the path fallback (warta.core.sites.middleware).
    warta_path_prefix: str
    # "/en" for the English edition (warta.core.sites.editions), after any /r/<slug>.
    warta_language_prefix: str
    # Why the request is served in the lite edition ("path", "save-data", "site"), and "/lite"
    # when it came through the /lite/ path, which links keep (warta.core.sites.lite).
    warta_lite: str
    warta_lite_prefix: str
    # The site whose frame every page shows (warta.core.sites.middleware).
    warta_site_id: int
    # The admin answers on this host (warta.core.security.adminhosts; read by .csp).
    warta_admin: bool
    # The story the page shows, counted as a view (warta.articles.queries).
    warta_story_id: int
    # The surrogate keys the response declares, and whether it names every list it shows
    # (warta.core.pagecache.add_cache_keys, declare_lists).
    surrogate_keys: set[str]
    precise_keys: bool
    # A view's own Cache-Control for its cached answer (warta.core.pagecache.own_cache_control).
    warta_cache_control: str
    # Frontend caches keep the answer for its max-age, unpurged (pagecache.frontend_ttl_only).
    warta_frontend_ttl_only: bool
    # Wagtail's per-request cache of the route (warta.core.sites.routing.route).
    _wagtail_route_for_request: object

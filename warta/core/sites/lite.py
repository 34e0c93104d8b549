"""The lite edition: a text-first rendering of every site for slow or costly connections.

A request is served lite when
- its path starts with `/lite/` (on a site's own host, or `/r/<slug>/lite/` through the path
  fallback): the prefix is taken off and page links keep it, so a reader stays in the lite
  edition (`WartaPageMixin.get_url_parts`, `site_prefix` in templates);
- the browser sends `Save-Data: on`: the same URL is answered with the lite rendering, not a
  redirect (one request, as the budget asks). Every page-cache response carries
  `Vary: Save-Data` and the page cache (and nginx in front) keeps the two renderings apart
  (`warta.core.pagecache.saves_data`). `?edisi=lengkap` asks for the full page anyway;
- its site is switched to lite by a network admin (the disaster switch,
  `SiteSettings.lite_edition`, `warta.network.services.set_lite_edition`).

Page types pick their lite template (`lite/<app>/<template>.html`) in
`WartaPageMixin.get_template`; a view without one renders its usual template
(`lite_template` is the hook for views such as search and indeks)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers

from warta.core.pagecache import saves_data
from warta.core.request import WartaRequest
from warta.core.sites.editions import language_prefix, site_prefix
from warta.core.sites.lookup import site_for_request

LITE_PREFIX = "/lite"
LITE_PATH = re.compile(r"^/lite(?P<rest>/.*)?$")
# Never lite: the admin, accounts, files and the API answer at their usual address.
NOT_LITE = ("/admin/", "/static/", "/media/", "/documents/", "/_util/", "/akun/", "/api/")
FULL_EDITION_PARAM = "edisi"
FULL_EDITION_VALUE = "lengkap"

# Why a request is served lite (request.warta_lite).
BY_PATH = "path"
BY_SAVE_DATA = "save-data"
BY_SITE = "site"


def lite_reason(request: HttpRequest) -> str:
    """'path', 'save-data', 'site' or '' (the full edition)."""
    return getattr(request, "warta_lite", "")


def is_lite(request: HttpRequest | None) -> bool:
    return request is not None and bool(getattr(request, "warta_lite", ""))


def lite_template(request: HttpRequest | None, template: str) -> list[str] | str:
    """The templates a view renders: its lite one first on a lite request."""
    if is_lite(request):
        return [f"lite/{template}", template]
    return template


def edition_prefix(request: HttpRequest | None) -> str:
    """What a path is written after on any site of the network in the reader's editions:
    '/en' in the English edition, then '/lite' in the lite edition reached by its path
    ('/en/lite', '/lite', '/en' or '')."""
    lite = getattr(request, "warta_lite_prefix", "") if request is not None else ""
    return language_prefix(request) + lite


def link_prefix(request: HttpRequest) -> str:
    """What a path on this site is written after so a link keeps the reader's site and
    editions: '/r/<slug>', then '/en', then '/lite' (`site_prefix` in templates)."""
    return getattr(request, "warta_path_prefix", "") + edition_prefix(request)


def lite_url(request: HttpRequest) -> str:
    """The lite edition of the page the request is for (its home for the admin, accounts…),
    in the reader's language edition."""
    prefix = site_prefix(request)
    rest = request.path_info
    if rest.startswith(NOT_LITE):
        rest = "/"
    return f"{prefix}{LITE_PREFIX}{rest}"


def full_url(request: HttpRequest) -> str:
    """The full edition of the page a lite request is for. A reader whose browser asks to
    save data gets `?edisi=lengkap`, which the Save-Data rule lets through."""
    prefix = site_prefix(request)
    url = f"{prefix}{request.path_info}"
    query = request.GET.copy()
    query.pop(FULL_EDITION_PARAM, None)
    if saves_data(request.headers.get("Save-Data")):
        query[FULL_EDITION_PARAM] = FULL_EDITION_VALUE
    return f"{url}?{query.urlencode()}" if query else url


class LiteEditionMiddleware:
    """Decides whether a request is served lite (after SiteMiddleware: the site is known and
    the /r/<slug> prefix is off the path)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        marked = cast(WartaRequest, request)
        found = LITE_PATH.match(request.path_info)
        if found:
            rest = found.group("rest")
            prefix = site_prefix(request)  # /r/<slug> and /en come before /lite
            if rest is None:
                return HttpResponseRedirect(f"{prefix}{LITE_PREFIX}/")
            if rest.startswith(NOT_LITE):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponseRedirect(f"{prefix}{rest}" + (f"?{query}" if query else ""))
            request.path_info = rest
            marked.warta_lite = BY_PATH
            marked.warta_lite_prefix = LITE_PREFIX
            return self.get_response(request)
        if request.path_info.startswith(NOT_LITE):
            return self.get_response(request)
        site = site_for_request(request) if getattr(request, "warta_site_id", None) else None
        if getattr(site, "lite_edition", False):
            marked.warta_lite = BY_SITE
        elif saves_data(request.headers.get("Save-Data")) and (
            request.GET.get(FULL_EDITION_PARAM) != FULL_EDITION_VALUE
        ):
            marked.warta_lite = BY_SAVE_DATA
        response = self.get_response(request)
        # The page cache's own answers say it too (warta.core.pagecache.respond).
        patch_vary_headers(response, ["Save-Data"])
        return response

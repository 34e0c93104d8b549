"""Which site a request is for, and the /r/<slug>/ path fallback."""

import contextlib
import re
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import translation

from warta.core.request import WartaRequest
from warta.core.sites import editions
from warta.core.sites.lookup import path_prefix, site_by_slug, site_for_request

PATH_FALLBACK = re.compile(r"^/r/(?P<slug>[a-z0-9-]+)(?P<rest>/.*)?$")
ALWAYS_SERVED = ("/admin/", "/static/", "/media/", "/akun/")


class SiteMiddleware:
    """Resolves the site from the cached site list before anything asks Wagtail for it.

    `/r/<slug>/…` reaches a regional site without DNS: the site is taken from the slug and
    the rest of the path is served as if on its own host (links keep the prefix). Then `/en/…`
    serves the English edition (warta.core.sites.editions): the interface in English, links
    keeping the prefix. A suspended site answers readers with 503 and keeps all its content;
    the admin still works."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: WartaRequest) -> HttpResponse:
        fallback = PATH_FALLBACK.match(request.path_info)
        if fallback:
            site = site_by_slug(fallback.group("slug"))
            if site is None:
                raise Http404("Tidak ada situs daerah dengan alamat ini.")
            if fallback.group("rest") is None:
                return HttpResponsePermanentRedirect(request.path + "/")
            request._wagtail_site = site
            request.warta_path_prefix = path_prefix(site)
            request.path_info = fallback.group("rest")
        edition = editions.EDITION_PATH.match(request.path_info)
        if edition:
            return self.english(request, edition.group("rest"))
        return self.serve(request)

    def english(self, request: WartaRequest, rest: str | None) -> HttpResponse:
        if rest is None:
            return HttpResponsePermanentRedirect(request.path + "/")
        if editions.MACHINE_READ.match(rest):
            # request.path ends with path_info ("/en/rss/"): keep what comes before it.
            before = request.path[: len(request.path) - len(request.path_info)]
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(before + rest + (f"?{query}" if query else ""))
        request.path_info = rest
        request.warta_language_prefix = editions.PREFIX
        request.LANGUAGE_CODE = editions.ENGLISH
        with translation.override(editions.ENGLISH):
            if rest.startswith(editions.NOT_IN_EDITION):
                # Answered here, so the 404 page is in English too.
                response = response_for_exception(request, Http404("Not in the English edition."))
            else:
                response = self.serve(request)
        response.setdefault("Content-Language", editions.ENGLISH)
        return response

    def serve(self, request: WartaRequest) -> HttpResponse:
        # A bad Host header is answered with 400 by CommonMiddleware, not here.
        with contextlib.suppress(DisallowedHost):
            site = site_for_request(request)
            if site is not None:
                if getattr(site, "suspended", False) and not request.path_info.startswith(
                    ALWAYS_SERVED
                ):
                    return suspended_response(request, site)
                request.warta_site_id = site.pk  # every page shows the site's frame
        return self.get_response(request)


def suspended_response(request: HttpRequest, site) -> HttpResponse:
    response = render(request, "suspended.html", {"site_name": site.site_name}, status=503)
    response["Retry-After"] = "86400"
    response["Cache-Control"] = "no-store"
    return response

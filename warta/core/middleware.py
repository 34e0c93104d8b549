import contextlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render

from warta.core import pagecache
from warta.core.signals import page_viewed
from warta.core.sites import path_prefix, site_by_slug, site_for_request


class RejectNulMiddleware:
    """A NUL byte is never legitimate, and PostgreSQL refuses it in any string. In a path it is
    a 404; in the API's parameters a clear 400; in a public page's query (search) it is dropped,
    so the reader still gets a normal page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return HttpResponseNotFound("Not found")
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "NUL characters are not allowed in parameters."}, status=400
                )
            cleaned = request.GET.copy()
            for key, values in request.GET.lists():
                cleaned.setlist(key, [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PageCacheMiddleware:
    """Answers anonymous readers from the page cache before anything else runs; stores
    cacheable responses on the way out (see warta.core.pagecache)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.WARTA_PAGE_CACHE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = pagecache.entry_key(request) if self.enabled else None
        stored = None
        if key is not None:
            entry, stored = pagecache.find(key)
            if entry is not None:
                page_viewed.send(sender=type(self), request=request, story_id=entry.story_id)
                return pagecache.respond(request, entry, hit=True)
        claimed = False
        if key is not None and request.method == "GET":
            claimed, copy = pagecache.claim_render(key, stored)
            if copy is not None:  # another request is rendering this page right now
                page_viewed.send(sender=type(self), request=request, story_id=copy.story_id)
                return pagecache.respond_stale(request, copy)
        token = pagecache.start_collecting()
        try:
            response = self.get_response(request)
            if response.status_code == 200:
                # Render lazily rendered responses now, so their templates register keys.
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                story_id = getattr(request, "warta_story_id", None)
                page_viewed.send(sender=type(self), request=request, story_id=story_id)
            if key is not None:
                entry = pagecache.store(key, request, response)
                if entry is not None:
                    return pagecache.respond(request, entry, hit=False)
            return response
        finally:
            pagecache.stop_collecting(token)
            if claimed:
                pagecache.release_render(key)


PATH_FALLBACK = re.compile(r"^/r/(?P<slug>[a-z0-9-]+)(?P<rest>/.*)?$")
ALWAYS_SERVED = ("/admin/", "/static/", "/media/", "/akun/")


class SiteMiddleware:
    """Resolves the site from the cached site list before anything asks Wagtail for it.

    `/r/<slug>/…` reaches a regional site without DNS: the site is taken from the slug and
    the rest of the path is served as if on its own host (links keep the prefix). A suspended
    site answers readers with 503 and keeps all its content; the admin still works."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
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

"""The page cache in the middleware chain (the WSGI fast path, fastpath.py, answers most hits
before this runs)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from warta.core import pagecache
from warta.core.signals import page_viewed


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
            if claimed and key is not None:  # only a key can be claimed
                pagecache.release_render(key)

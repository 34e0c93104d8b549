import contextlib
from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from warta.core.sites import site_for_request


class SiteMiddleware:
    """Resolves the site from the cached site list before anything asks Wagtail for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A bad Host header is answered with 400 by CommonMiddleware, not here.
        with contextlib.suppress(DisallowedHost):
            site_for_request(request)
        return self.get_response(request)

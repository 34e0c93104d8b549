"""The shared cookie domain (WARTA_COOKIE_DOMAIN, e.g. ".warta.example") is for the hosts under
it. A host outside it (a partner on its own domain, 127.0.0.1 on a trial) would get a cookie
with a Domain= its browser refuses, and could never sign in; there the cookie stays on the
host, and the reader signs in through the network hand-off (warta.accounts.handoff)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port


def in_cookie_domain(host: str) -> bool:
    """Whether `host` (a host name, no port) shares the network's cookie domain."""
    domain: str | None = settings.WARTA_COOKIE_DOMAIN
    if not domain:
        return False
    host = host.lower()
    return host == domain[1:] or host.endswith(domain)


def request_host(request: HttpRequest) -> str:
    return split_domain_port(request.get_host())[0]


class CookieDomainMiddleware:
    """Outside SessionMiddleware, CsrfViewMiddleware and MessageMiddleware: drops the Domain=
    they give a cookie (the session's, CSRF's, the messages' and the language's all take the
    cookie domain) when the request's host is not under it. Deleting a cookie is setting it,
    so signing out there clears the host's own cookie too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.WARTA_COOKIE_DOMAIN or not response.cookies:
            return response
        if in_cookie_domain(request_host(request)):
            return response
        for morsel in response.cookies.values():
            if morsel["domain"] == settings.WARTA_COOKIE_DOMAIN:
                morsel["domain"] = ""
        return response

"""The admin (and its login) answers only on the network's admin host(s): never on a regional
site's host or a partner publisher's own domain, and never through the /r/<slug>/ path
fallback. Elsewhere /admin/ is a 404, not a redirect: a partner's domain does not point anyone
at the admin, and staff sessions are only ever made on the admin host.

WARTA_ADMIN_HOSTS lists the hosts (patterns as in ALLOWED_HOSTS, ".warta.example" for a domain
and its subdomains); empty, the default site's host name plus 127.0.0.1 and localhost."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host

from warta.core.request import WartaRequest
from warta.core.sites.lookup import all_sites

ADMIN_PATH = "/admin/"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def admin_hosts() -> list[str]:
    configured = list(settings.WARTA_ADMIN_HOSTS)
    if configured:
        return configured
    default = next((s.hostname for s in all_sites() if s.is_default_site), None)
    return [host for host in (default, *LOCAL_HOSTS) if host]


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PATH) or path == ADMIN_PATH.rstrip("/")


def admin_answers(request: HttpRequest) -> bool:
    """Whether this request may reach the admin: on an admin host, not via /r/<slug>/."""
    if hasattr(request, "warta_path_prefix"):
        return False
    domain, _port = split_domain_port(request.get_host())
    return bool(domain) and validate_host(domain, admin_hosts())


class AdminHostMiddleware:
    """After warta.core.sites.middleware.SiteMiddleware (which strips the /r/<slug>/ prefix and
    marks the request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: WartaRequest) -> HttpResponse:
        if is_admin_path(request.path_info):
            # A bad Host header is answered with 400 by CommonMiddleware, not here.
            with contextlib.suppress(DisallowedHost):
                if not admin_answers(request):
                    raise Http404("Admin tidak tersedia di alamat ini.")
                request.warta_admin = (
                    True  # the admin answers (warta.core.security.csp: its policy)
                )
        return self.get_response(request)

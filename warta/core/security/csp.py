"""The Content Security Policy: django-csp's middleware, with the admin's own policy.

Public pages keep CONTENT_SECURITY_POLICY exactly (cached pages carry it byte for byte; see
warta.core.pagecache.fastpath). The admin's sign-in pages (login, password reset: reachable by
anyone) enforce WARTA_ADMIN_CSP_STRICT. Every other admin page enforces WARTA_ADMIN_CSP, which
allows the inline scripts and styles Wagtail 8 still renders (date pickers, choosers, inline
panels), and reports against the strict one (Content-Security-Policy-Report-Only), so the browser's
console names what still stands in the way of enforcing it."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from warta.core.security.adminhosts import ADMIN_PATH, is_admin_path

SIGN_IN_PATHS = (f"{ADMIN_PATH}login/", f"{ADMIN_PATH}password_reset/")


def admin_policy(request: HttpRequest, *, report_only: bool) -> dict | None:
    """The admin's directives for this request (None: not the admin, or no such header). Only
    where the admin answers (warta.core.security.adminhosts): its 404 elsewhere is a public page."""
    path = request.path_info
    if not getattr(request, "warta_admin", False) or not is_admin_path(path):
        return None
    if path.startswith(SIGN_IN_PATHS):
        return None if report_only else settings.WARTA_ADMIN_CSP_STRICT
    return settings.WARTA_ADMIN_CSP_STRICT if report_only else settings.WARTA_ADMIN_CSP


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if parts.config is None:  # a view's own policy (django-csp's decorators) comes first
            policy = admin_policy(request, report_only=report_only)
            if policy is not None:
                parts.config = default_config(policy)
        return parts

"""The API's throttles, keyed on the one client address (warta.core.security.clientaddress) instead
of ninja's default, which uses the whole X-Forwarded-For header a client sends."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from warta.core.security.clientaddress import counted_address


class ClientAnonRateThrottle(AnonRateThrottle):
    def get_ident(self, request: HttpRequest) -> str:
        return counted_address(request)


class ClientAuthRateThrottle(AuthRateThrottle):
    def get_ident(self, request: HttpRequest) -> str:
        return counted_address(request)

"""The per-request decision: an anonymous GET or HEAD outside the admin and the reader's
own pages reads the replica when freshness.replica_usable() says so; everything else, and
any request whose replica query fails (it is answered again from the primary, never an
error page), reads the primary. After an unsafe request the primary's position is recorded,
so whoever wrote reads their write next (freshness.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from warta.core.db import freshness
from warta.core.db.router import reading_replica, replica_reads

SAFE_METHODS = ("GET", "HEAD")
# The admin, accounts and "Untuk Anda" (a reader's own page), on a site's host or under
# /r/<slug>/, /en/, /lite/.
PRIMARY_PATHS = re.compile(r"^(?:/r/[^/]+)?(?:/en)?(?:/lite)?/(?:admin|akun|untuk-anda)(?:/|$)")


def anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and PRIMARY_PATHS.match(request.path_info) is None
    )


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not anonymous_read(request):
            response = self.get_response(request)
            if request.method not in SAFE_METHODS:
                freshness.note_primary_position()
            return response
        if not freshness.replica_usable():
            return self.get_response(request)
        with replica_reads():
            response = self.get_response(request)
        failure = getattr(request, "warta_replica_failure", None)
        if failure is not None:
            freshness.mark_down(failure)
            response = self.get_response(request)  # once more, on the primary
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if reading_replica() and isinstance(exception, OperationalError | InterfaceError):
            request.warta_replica_failure = f"failed a query ({exception.__class__.__name__})"  # type: ignore[attr-defined]

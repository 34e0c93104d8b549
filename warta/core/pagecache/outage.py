"""What readers get when the database is down: the last cached copy of the page they asked
for (marked stale), or a short 503 page that needs neither the database nor any template
context. Django calls `server_error` for any exception it did not handle, wherever it was
raised (a view, a middleware), so this covers every path. When the database is back, the next
request reconnects: nothing needs a restart."""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

from warta.core import pagecache

logger = logging.getLogger(__name__)
RETRY_AFTER = "30"


def database_is_down(error: BaseException | None) -> bool:
    if isinstance(error, OperationalError | InterfaceError):
        return True
    # psycopg wraps a lost connection in DatabaseError with a connection-level message.
    return isinstance(error, DatabaseError) and "connection" in str(error).lower()


def server_error(request: HttpRequest) -> HttpResponse:
    error = sys.exc_info()[1]
    if not database_is_down(error):
        return HttpResponseServerError(render_to_string("500.html"))
    logger.error("database unavailable: %s %s", request.method, request.path)
    key = pagecache.entry_key(request)
    entry = pagecache.lookup_stale(key) if key else None
    if entry is not None:
        return pagecache.respond_stale(request, entry)  # no shared cache keeps it as fresh
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    response["Cache-Control"] = "no-store"
    return response

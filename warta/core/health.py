"""`/healthz`: the load balancer's health check (deploy/haproxy/warta.cfg `option httpchk`).

Cheap and writes nothing: one `SELECT 1` on the database connection and one read of the
shared cache, answered on the WSGI fast path before any middleware (no host check, no
session, no page cache). 503 when the database cannot be reached: the balancer takes this
host out and sends readers to the others. A cache that cannot be reached is reported but
keeps 200: Warta serves without Redis (every cache call answers "not cached"), and taking
every host out because the shared cache is down would turn a slowdown into an outage."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse

from warta.core.pagecache.fastpath import register_endpoint

PATH = "/healthz"
HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),
]


def database_reachable(alias: str = "default") -> bool:
    connection = connections[alias]
    try:
        # A connection broken (or past its age) since the last check is replaced, not
        # reported as down. (Never inside a transaction: a test's, or a caller's.)
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        if not connection.in_atomic_block:
            connection.close()
        return False


def cache_reachable() -> bool:
    backend = cache
    if type(backend).__module__.startswith("django_redis"):
        # django-redis swallows errors in get() (IGNORE_EXCEPTIONS): ask Redis itself.
        from django_redis import get_redis_connection

        try:
            return bool(get_redis_connection("default").ping())
        except Exception:
            return False
    try:
        backend.get("warta:healthz")
        return True
    except Exception:
        return False


def check(alias: str = "default") -> tuple[int, bytes]:
    database, shared_cache = database_reachable(alias), cache_reachable()
    body = {"database": "ok" if database else "down", "cache": "ok" if shared_cache else "down"}
    return (200 if database else 503), (json.dumps(body) + "\n").encode()


def wsgi_health(environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
    status, body = check()
    if environ.get("REQUEST_METHOD") == "HEAD":
        body = b""
    return status, [*HEADERS, ("Content-Length", str(len(body)))], body


def health_view(request: HttpRequest) -> HttpResponse:
    """The same answer through Django (runserver, the test client)."""
    status, body = check()
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


def install() -> None:
    register_endpoint(PATH, wsgi_health)

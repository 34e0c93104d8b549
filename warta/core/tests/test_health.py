"""/healthz, the load balancer's check: answered before Django's middleware (any Host, no
cookie, nothing cached or written), 200 with the database and the shared cache reachable."""

import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.core.pagecache.fastpath import PageCacheApplication

pytestmark = pytest.mark.django_db


def call(app, method: str = "GET", host: str = "balancer.internal") -> tuple[str, dict, bytes]:
    seen: dict = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/healthz",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
    }
    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def test_health_answers_on_the_fast_path_for_any_host():
    app = PageCacheApplication(WSGIHandler())
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = call(app)  # a host outside ALLOWED_HOSTS: no 400
    assert status == "200 OK"
    assert json.loads(body) == {"database": "ok", "cache": "ok"}
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    status, headers, body = call(app, "HEAD")
    assert status == "200 OK" and body == b"" and headers["Content-Length"] == "0"


def test_health_through_django_says_the_same(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


@pytest.fixture
def unreachable_database():
    """A database alias whose server is not there (a closed port, a missing folder)."""
    from django.db import connections

    from warta.core.ops.apphosts import free_port

    settings_dict = dict(connections["default"].settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-warta-folder/warta.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    connections.settings["healthz-unreachable"] = settings_dict
    yield "healthz-unreachable"
    connections["healthz-unreachable"].close()
    del connections.settings["healthz-unreachable"]
    delattr(connections._connections, "healthz-unreachable")


def test_health_is_503_when_the_database_cannot_be_reached(unreachable_database):
    from warta.core.health import check

    status, body = check(unreachable_database)
    assert status == 503  # the balancer takes this host out
    assert json.loads(body) == {"database": "down", "cache": "ok"}

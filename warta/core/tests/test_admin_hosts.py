"""The admin answers only on the network's admin host(s): a regional host, a partner's own
domain and the /r/<slug>/ path fallback get a 404 and never a staff session. And the page
cache sees through /r/<slug>/: search, accounts and the admin are never cached there either."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from warta.core import pagecache
from warta.core.pagecache.fastpath import PageCacheApplication
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db
JATIM = "jatim.warta.localhost"
PARTNER = "kabarmadura.example"  # a partner publisher's own domain
PASSWORD = "Sandi-Staf-2026"  # noqa: S105 - a test account's


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it."""
    from conftest import build_site, module_world

    with module_world(django_db_blocker):
        build_site()
        provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
        provision_site(
            RegionSpec(name="Kabar Madura", slug="madura", province_code="35", hostname=PARTNER)
        )
        admin = get_user_model().objects.create_superuser(
            "admin", "admin@warta.localhost", PASSWORD
        )
        yield admin.pk


@pytest.fixture
def network(built_network, db):
    """The network's superuser, as a fresh instance."""
    return get_user_model().objects.get(pk=built_network)


def sign_in(client, host: str, path: str = "/admin/login/"):
    return client.post(path, {"username": "admin", "password": PASSWORD}, HTTP_HOST=host)


@override_settings(WARTA_ADMIN_HOSTS=[])  # the default: the default site's host and loopback
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_admin_answers_on_the_network_host(client, network, host):
    assert client.get("/admin/login/", HTTP_HOST=host).status_code == 200
    assert sign_in(client, host).status_code == 302
    assert "_auth_user_id" in client.session


@override_settings(WARTA_ADMIN_HOSTS=[])
@pytest.mark.parametrize(
    ("host", "path"),
    [
        (JATIM, "/admin/login/"),
        (PARTNER, "/admin/login/"),
        ("localhost", "/r/jatim/admin/login/"),
        (JATIM, "/admin/"),
        ("localhost", "/r/jatim/admin/"),
    ],
)
def test_the_admin_is_not_found_elsewhere(client, network, host, path):
    assert client.get(path, HTTP_HOST=host).status_code == 404
    assert sign_in(client, host, path).status_code == 404
    assert "_auth_user_id" not in client.session


@override_settings(WARTA_ADMIN_HOSTS=[])
def test_a_staff_session_made_on_the_admin_host_opens_no_admin_elsewhere(client, network):
    client.force_login(network)
    assert client.get("/admin/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/admin/", HTTP_HOST=JATIM).status_code == 404
    assert client.get("/r/jatim/admin/", HTTP_HOST="localhost").status_code == 404


@override_settings(WARTA_ADMIN_HOSTS=["admin.warta.example"])
def test_admin_hosts_can_be_set(client, network):
    assert client.get("/admin/login/", HTTP_HOST="admin.warta.example").status_code == 200
    assert client.get("/admin/login/", HTTP_HOST="localhost").status_code == 404


# The page cache's bypass list, on a regional site reached through /r/<slug>/


@pytest.mark.parametrize("path", ["/r/jatim/cari/?q=banjir", "/r/jatim/akun/login/"])
def test_search_and_accounts_under_the_path_fallback_are_never_cached(client, network, path):
    first = client.get(path)
    assert first.status_code == 200
    second = client.get(path)
    assert "X-Cache" not in second  # neither stored nor answered from the cache


@pytest.mark.parametrize(
    "path", ["/r/jatim/cari/", "/r/jatim/admin/", "/r/jatim/akun/", "/cari/", "/admin/login/"]
)
def test_the_bypass_list_sees_through_the_path_fallback(path):
    assert pagecache.bypassed(path)


@pytest.mark.parametrize("path", ["/r/jatim/", "/r/jatim/berita/", "/", "/r/cari/"])
def test_ordinary_pages_are_still_cached(path):
    assert not pagecache.bypassed(path)


def test_the_wsgi_fast_path_never_answers_a_personal_page_under_the_path_fallback(network):
    """Even with an entry stored under its key (say, by an older version), /r/jatim/cari/ goes
    to Django."""
    path, query = "/r/jatim/cari/", "q=rahasia"
    key = pagecache.key_for("localhost", path, query)
    entry = pagecache.Entry(
        status=200,
        content_type="text/html",
        gzip_body=b"",
        etag='"x"',
        brotli_body=None,
        last_modified=time.time(),
    )
    app = PageCacheApplication(lambda environ, start_response: [b"dari Django"])
    app.outer_headers = []  # as after its first response
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "localhost",
        "wsgi.input": io.BytesIO(),
    }
    from django.core.cache import cache

    cache.set(key, entry)
    assert pagecache.lookup(key) is not None  # a fresh entry is there to be (mis)used
    assert app.hit(environ) is None

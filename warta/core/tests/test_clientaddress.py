"""The one client address (warta.core.security.clientaddress): forwarded headers are believed
only from a trusted proxy, and then only up to the right-most hop that is not a trusted proxy."""

import pytest
from django.test import RequestFactory

from warta.core.env import ImproperlyConfiguredEnv, env_networks
from warta.core.security.clientaddress import client_address, counted_address

NGINX = "127.0.0.1"


def request(remote: str, *, xff: str | None = None, real: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    if real is not None:
        meta["HTTP_X_REAL_IP"] = real
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("remote", "xff", "real", "expected"),
    [
        ("203.0.113.9", "10.0.0.1", "10.0.0.2", "203.0.113.9"),  # untrusted: headers ignored
        (NGINX, None, None, NGINX),  # the proxy itself (a health check)
        (NGINX, None, "203.0.113.9", "203.0.113.9"),  # X-Real-IP when there is no XFF
        (NGINX, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # XFF first
        (NGINX, "6.6.6.6, 203.0.113.9", None, "203.0.113.9"),  # the client's own XFF prefix
        (NGINX, "6.6.6.6, 203.0.113.9, 10.8.0.3", None, "203.0.113.9"),  # a trusted hop
        (NGINX, "10.8.0.3, 10.8.0.4", None, "10.8.0.3"),  # all trusted: the left-most
        (NGINX, "bukan-alamat, 203.0.113.9", None, "203.0.113.9"),
        (NGINX, "203.0.113.9, bukan-alamat", None, NGINX),  # garbage: believe nothing past it
        (NGINX, "203.0.113.9:51234", None, "203.0.113.9"),  # ports dropped
        (NGINX, "[2001:db8::7]:443", None, "2001:db8::7"),
        ("::ffff:203.0.113.9", None, None, "203.0.113.9"),  # IPv4-mapped
        ("", "203.0.113.9", None, ""),  # no peer address: nothing to trust
    ],
)
def test_forwarded_headers_count_only_from_trusted_proxies(settings, remote, xff, real, expected):
    settings.WARTA_TRUSTED_PROXIES = [f"{NGINX}/32", "10.8.0.0/16"]
    assert client_address(request(remote, xff=xff, real=real)) == expected


def test_nobody_is_trusted_by_default(settings):
    settings.WARTA_TRUSTED_PROXIES = []
    assert client_address(request(NGINX, xff="203.0.113.9", real="203.0.113.9")) == NGINX


def test_an_ipv6_client_is_counted_by_its_64(settings):
    settings.WARTA_TRUSTED_PROXIES = []
    one, other = request("2001:db8:1:2::aaaa"), request("2001:db8:1:2:ffff::1")
    assert client_address(one) == "2001:db8:1:2::aaaa"
    assert counted_address(one) == counted_address(other) == "2001:db8:1:2::"
    assert counted_address(request("2001:db8:1:3::1")) != counted_address(one)
    assert counted_address(request("203.0.113.9")) == "203.0.113.9"


def test_trusted_proxies_setting_is_checked(monkeypatch):
    monkeypatch.setenv("WARTA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert env_networks("WARTA_TRUSTED_PROXIES") == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("WARTA_TRUSTED_PROXIES", "127.0.0.1,nginx")
    with pytest.raises(ImproperlyConfiguredEnv, match="'nginx' is not an IP address"):
        env_networks("WARTA_TRUSTED_PROXIES")

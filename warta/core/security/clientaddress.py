"""A request's client address, decided in one place. The login lockout (axes), allauth's
throttles, Warta's own rate limits (core.security.ratelimit) and the API throttle all count by it.

REMOTE_ADDR is the machine that opened the connection. Only when that machine is one of
settings.WARTA_TRUSTED_PROXIES (the shipped nginx, which replaces both headers with the
address it sees) are the forwarded headers read: X-Forwarded-For from the right, passing over
hops that are trusted proxies themselves, or X-Real-IP when there is no X-Forwarded-For. From
anyone else the headers are ignored, so a client cannot choose the address it is counted
under. The default trusts nobody.

Not django-ipware/python-ipware: they decide from the headers alone (a "trusted proxy" there is
a hop inside X-Forwarded-For, never the connecting machine) and prefer a header's public
address over REMOTE_ADDR, so a client talking to Warta directly could still pick its address.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# An IPv6 subscriber gets a whole /64 and can send from any address in it: counting single
# addresses would give one client 2**64 fresh starts (allauth counts /64s too).
IPV6_COUNTED_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: Address) -> bool:
    networks = _networks(tuple(getattr(settings, "WARTA_TRUSTED_PROXIES", ())))
    return any(address in network for network in networks)


def _parse(value: str) -> Address | None:
    """An address from REMOTE_ADDR or one header hop, without a port; None if it is none."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _client(request: HttpRequest) -> Address | None:
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None or not _trusted(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = forwarded.split(",") if forwarded.strip() else [request.META.get("HTTP_X_REAL_IP", "")]
    address = peer
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            break  # not an address: nothing further left can be believed
        address = parsed
        if not _trusted(parsed):
            break
    return address


def client_address(request: HttpRequest) -> str:
    """The address the request came from (see the module docstring); "" if unknown."""
    address = _client(request)
    return str(address) if address else ""


def counted_address(request: HttpRequest) -> str:
    """The address to count attempts under: client_address, with an IPv6 address widened to
    its /64 (written as the network's first address, so it still fits an address field)."""
    address = _client(request)
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_COUNTED_PREFIX), strict=False)
        return str(network.network_address)
    return str(address) if address else ""

"""Safe outbound HTTP. Every request to an address someone typed (wire feeds today; newsletter
webhooks, push and partner links later) goes through `fetch`, so nobody can point Warta at the
machine it runs on or the network behind it.

The host is resolved once and every address it gives is checked: loopback, private, link-local
(cloud metadata 169.254.169.254), CGNAT, multicast, reserved and unspecified addresses are
refused, also inside IPv4-mapped, 6to4 and NAT64 IPv6 forms. The connection then goes to the
checked address itself (no second lookup for a rebinding DNS server to answer differently),
while TLS still verifies the certificate for the real host name (SNI). Each redirect is checked
the same way; a refusal happens before any packet is sent, so it reads the same whatever the
port's state. The body is limited in size and the whole exchange (lookup, connection,
redirects, body) in time. `WARTA_OUTBOUND_ALLOW` lists hosts or networks, optionally with a
port, that are let through anyway (the demo's own sample feed, the tests' local server).

urllib3 does the HTTP (it is already here for requests and Wagtail); only the address check,
the redirects and the limits are ours."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit

import urllib3.exceptions
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection

USER_AGENT = "Warta/1.0 (+https://github.com/warta)"
DEFAULT_TIMEOUT = 15.0  # seconds for the whole exchange
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
PATH_SAFE = "/%:@!$&'()*+,;=-._~?"  # RFC 3986 path and query characters, escapes kept
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class OutboundError(Exception):
    """The request was refused or failed; the message is for the person who typed the address."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str]
    body: bytes


# Which addresses ------------------------------------------------------------------------


def _embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: Address) -> bool:
    """Globally routable: not loopback, private, link-local, CGNAT, multicast, reserved or
    unspecified, nor an IPv6 form of one of those."""
    embedded = _embedded_ipv4(address)
    if embedded is not None and not is_public(embedded):
        return False
    return address.is_global and not (
        address.is_multicast
        or address.is_private
        or address.is_reserved
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
    )


@dataclass(frozen=True)
class AllowRule:
    host: str | None  # a host name, matched before any lookup
    network: Network | None  # or the addresses it resolves to
    port: int | None  # None: any port


def parse_allow_rule(entry: str) -> AllowRule:
    """`feeds.example`, `127.0.0.1`, `10.1.0.0/16`, each optionally `:port`; IPv6 with a port
    in brackets (`[::1]:8000`)."""
    text, port = entry.strip().lower(), None
    try:
        if text.startswith("["):
            text, _bracket, rest = text[1:].partition("]")
            port = int(rest.removeprefix(":")) if rest else None
        elif text.count(":") == 1:
            text, _colon, port_text = text.partition(":")
            port = int(port_text)
    except ValueError as error:
        raise ImproperlyConfigured(f"WARTA_OUTBOUND_ALLOW: bad port in {entry!r}") from error
    if not text:
        raise ImproperlyConfigured(f"WARTA_OUTBOUND_ALLOW: empty host in {entry!r}")
    try:
        return AllowRule(None, ipaddress.ip_network(text, strict=False), port)
    except ValueError:
        return AllowRule(text.rstrip("."), None, port)


@lru_cache(maxsize=8)
def _rules(entries: tuple[str, ...]) -> tuple[AllowRule, ...]:
    return tuple(parse_allow_rule(entry) for entry in entries if entry.strip())


def allow_rules() -> tuple[AllowRule, ...]:
    return _rules(tuple(getattr(settings, "WARTA_OUTBOUND_ALLOW", ())))


def _host_allowed(host: str, port: int) -> bool:
    return any(r.host == host and r.port in (None, port) for r in allow_rules())


def _address_allowed(address: Address, port: int) -> bool:
    if is_public(address):
        return True
    return any(
        r.network is not None
        and r.port in (None, port)
        and address.version == r.network.version
        and address in r.network
        for r in allow_rules()
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (tests replace this to play a hostile DNS server)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _lookup(host: str, port: int, deadline: float, timeout: float) -> list[str]:
    """`resolve` within the time left: the C resolver has no timeout of its own."""
    found: dict[str, object] = {}

    def work() -> None:
        try:
            found["addresses"] = resolve(host, port)
        except (OSError, UnicodeError) as error:
            found["error"] = error

    worker = threading.Thread(target=work, name="warta-outbound-dns", daemon=True)
    worker.start()
    worker.join(max(deadline - time.monotonic(), 0))
    if worker.is_alive():
        raise OutboundError(_timed_out(timeout))
    if "error" in found or not found.get("addresses"):
        raise OutboundError(_("nama host %(host)s tidak ditemukan") % {"host": host})
    return found["addresses"]  # type: ignore[return-value]


def _refused(host: str) -> str:
    return _("alamat %(host)s ditolak: tujuan di jaringan lokal atau internal tidak diizinkan") % {
        "host": host
    }


def _timed_out(timeout: float) -> str:
    return _("waktu habis setelah %(seconds)s detik") % {"seconds": f"{timeout:g}"}


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # IDNA, lower case, no brackets
    port: int
    path: str  # path and query, as sent
    addresses: tuple[str, ...]  # checked, in the resolver's order

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def check_url(
    url: str, *, deadline: float | None = None, timeout: float = DEFAULT_TIMEOUT
) -> Target:
    """Where a request to `url` may go, or `OutboundError` saying why it may not."""
    deadline = time.monotonic() + timeout if deadline is None else deadline
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise OutboundError(_("alamat tidak valid: %(url)s") % {"url": url[:80]}) from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise OutboundError(_("alamat harus http(s): %(url)s") % {"url": url[:80]})
    try:
        host = (parts.hostname or "").rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as error:
        raise OutboundError(_("alamat tidak valid: %(url)s") % {"url": url[:80]}) from error
    if not host:
        raise OutboundError(_("alamat tidak valid: %(url)s") % {"url": url[:80]})
    port = port or (443 if scheme == "https" else 80)
    found = _lookup(host, port, deadline, timeout)
    addresses = []
    for text in found:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            raise OutboundError(_refused(host)) from None
        if not (_host_allowed(host, port) or _address_allowed(address, port)):
            raise OutboundError(_refused(host))
        addresses.append(str(address))
    # Spaces, non-ASCII and control characters (a hostile Location) go percent-encoded.
    path = quote(parts.path or "/", safe=PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=PATH_SAFE)
    return Target(scheme, host, port, path, tuple(addresses))


# The exchange ---------------------------------------------------------------------------


def _connect(target: Target, deadline: float, timeout: float) -> HTTPConnection:
    """A connection to the first checked address that answers (never a new lookup)."""
    failure: OutboundError | None = None
    for address in target.addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if target.scheme == "https":
            connection: HTTPConnection = HTTPSConnection(
                address, target.port, timeout=left, server_hostname=target.host
            )
        else:
            connection = HTTPConnection(address, target.port, timeout=left)
        try:
            connection.connect()
            return connection
        except ssl.SSLCertVerificationError as error:
            connection.close()
            raise OutboundError(
                _("sertifikat TLS %(host)s tidak sah: %(reason)s")
                % {"host": target.host, "reason": error.verify_message or error.reason}
            ) from error
        except ssl.SSLError as error:
            connection.close()
            raise OutboundError(
                _("sambungan TLS ke %(host)s gagal: %(reason)s")
                % {"host": target.host, "reason": error.reason or error}
            ) from error
        except urllib3.exceptions.NewConnectionError:
            connection.close()
            failure = OutboundError(_("tidak dapat dihubungi: %(host)s") % {"host": target.host})
        except (urllib3.exceptions.ConnectTimeoutError, TimeoutError):
            connection.close()
            failure = OutboundError(_timed_out(timeout))
        except OSError:
            connection.close()
            failure = OutboundError(_("tidak dapat dihubungi: %(host)s") % {"host": target.host})
    raise failure or OutboundError(_timed_out(timeout))


def _too_big(limit: int, size: int | None = None) -> str:
    if size is None:
        return _("respons terlalu besar: lebih dari %(limit)s byte") % {"limit": f"{limit:,}"}
    return _("respons terlalu besar: %(size)s byte (batas %(limit)s)") % {
        "size": f"{size:,}",
        "limit": f"{limit:,}",
    }


def _read_body(
    response, connection: HTTPConnection, limit: int, deadline: float, timeout: float
) -> bytes:
    """At most `limit` bytes, before the deadline: the socket's timeout is what is left of the
    whole exchange at each read, so a body trickling in byte by byte still stops in time."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise OutboundError(_too_big(limit, int(declared)))
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise OutboundError(_timed_out(timeout))
        if connection.sock is not None:
            connection.sock.settimeout(left)
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise OutboundError(_too_big(limit))
        chunks.append(chunk)
    if time.monotonic() > deadline:
        raise OutboundError(_timed_out(timeout))
    return _decoded(b"".join(chunks), response.headers.get("Content-Encoding", ""), limit)


def _decoded(body: bytes, encoding: str, limit: int) -> bytes:
    """The body as meant, for a server that compresses although asked not to; the limit holds
    for what it unpacks to as well."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise OutboundError(
            _("pengodean isi tidak didukung: %(encoding)s") % {"encoding": encoding[:40]}
        )
    try:
        unpacker = zlib.decompressobj(wbits=47 if "gzip" in encoding else 15)
        data = unpacker.decompress(body, limit + 1)
    except zlib.error as error:
        raise OutboundError(_("isi terkompresi rusak: %(reason)s") % {"reason": error}) from error
    if len(data) > limit or unpacker.unconsumed_tail:
        raise OutboundError(_too_big(limit))
    return data


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """The answer to `url` after at most `max_redirects` redirects, each hop checked like the
    first. An error status, a refused address, a slow or oversized answer: `OutboundError`."""
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        target = check_url(url, deadline=deadline, timeout=timeout)
        own = {"Host": target.host_header, "User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        lowered = {name.lower() for name in own}
        sent = {k: v for k, v in (headers or {}).items() if k.lower() not in lowered} | own
        connection = _connect(target, deadline, timeout)
        try:
            try:
                connection.request(
                    method,
                    target.path,
                    body=body,
                    headers=sent,
                    preload_content=False,
                    decode_content=False,
                )
                response = connection.getresponse()
                location = response.headers.get("Location")
                if response.status in REDIRECT_STATUSES and location:
                    url = urljoin(url, location.strip())
                    if response.status == 303 or (
                        response.status in (301, 302) and method not in ("GET", "HEAD")
                    ):
                        method, body = "GET", None
                    continue
                if response.status >= 400:
                    raise OutboundError(f"HTTP {response.status} {response.reason}")
                data = (
                    b""
                    if method == "HEAD"
                    else _read_body(response, connection, max_bytes, deadline, timeout)
                )
                return Response(url, response.status, dict(response.headers), data)
            except (urllib3.exceptions.TimeoutError, TimeoutError) as error:
                raise OutboundError(_timed_out(timeout)) from error
            except (urllib3.exceptions.HTTPError, http.client.HTTPException) as error:
                raise OutboundError(
                    _("respons tidak valid dari %(host)s") % {"host": target.host}
                ) from error
            except OSError as error:
                raise OutboundError(
                    _("koneksi ke %(host)s terputus") % {"host": target.host}
                ) from error
        finally:
            connection.close()
    raise OutboundError(
        _("terlalu banyak pengalihan (lebih dari %(count)s)") % {"count": max_redirects}
    )

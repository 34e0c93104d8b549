"""A browser's subscription as the reader's page posts it (PushSubscription.toJSON() and the
chosen topics), checked field by field with a message that says what is wrong."""

from __future__ import annotations

import binascii
import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.utils.translation import gettext as _

from warta.alerts.models import ENDPOINT_MAX_LENGTH
from warta.alerts.vapid import b64url_decode
from warta.core.security import outbound
from warta.core.security.outbound import OutboundError, check_url

MAX_BODY = 4096
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


class SubscriptionError(ValueError):
    """The posted subscription is refused; str() is the message for the reader's page."""


@dataclass(frozen=True)
class SubscriptionSpec:
    endpoint: str
    p256dh: str
    auth: str
    breaking: bool = True
    channel: str = ""
    region: str = ""


def local_endpoints_allowed() -> bool:
    return bool(settings.DEBUG or settings.WARTA_ALERTS_LOCAL_ENDPOINTS)


def check_endpoint(endpoint: Any) -> str:
    if not isinstance(endpoint, str) or not endpoint:
        raise SubscriptionError(_("endpoint wajib diisi: alamat layanan push dari browser."))
    if len(endpoint) > ENDPOINT_MAX_LENGTH:
        raise SubscriptionError(
            _("endpoint terlalu panjang (paling banyak %(n)s karakter).")
            % {"n": ENDPOINT_MAX_LENGTH}
        )
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as error:
        raise SubscriptionError(_("endpoint bukan alamat yang valid.")) from error
    local = parts.scheme == "http" and parts.hostname == "127.0.0.1"
    if local and local_endpoints_allowed():
        return endpoint
    if parts.scheme != "https" or not parts.hostname:
        raise SubscriptionError(_("endpoint harus alamat https dari layanan push browser."))
    try:
        check_url(endpoint, timeout=3)
    except OutboundError as error:
        raise SubscriptionError(
            _("endpoint tidak diizinkan: %(reason)s") % {"reason": error}
        ) from error
    # The outbound allow-list lets the wire pulls reach hosts inside the network: a reader's
    # push endpoint never may, whatever that list says.
    if not local_endpoints_allowed() and not public_host(parts.hostname, parts.port or 443):
        raise SubscriptionError(_("endpoint harus alamat publik layanan push browser."))
    return endpoint


def public_host(host: str, port: int) -> bool:
    """Every address `host` resolves to is public (no loopback, private, link-local …)."""
    try:
        found = outbound.resolve(host, port)
    except (OSError, UnicodeError):
        return False
    try:
        return bool(found) and all(
            outbound.is_public(ipaddress.ip_address(a.split("%", 1)[0])) for a in found
        )
    except ValueError:
        return False


def _key(value: Any, name: str, length: int) -> bytes:
    if not isinstance(value, str) or not BASE64URL.match(value) or len(value) > 200:
        raise SubscriptionError(_("keys.%(name)s harus teks base64url.") % {"name": name})
    try:
        raw = b64url_decode(value.rstrip("="))
    except (binascii.Error, ValueError) as error:
        message = _("keys.%(name)s harus teks base64url.") % {"name": name}
        raise SubscriptionError(message) from error
    if len(raw) != length:
        raise SubscriptionError(
            _("keys.%(name)s harus %(length)s byte, bukan %(got)s.")
            % {"name": name, "length": length, "got": len(raw)}
        )
    return raw


def check_keys(keys: Any) -> tuple[str, str]:
    if not isinstance(keys, dict):
        raise SubscriptionError(_("keys wajib diisi: p256dh dan auth dari browser."))
    p256dh = _key(keys.get("p256dh"), "p256dh", 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError as error:
        raise SubscriptionError(_("keys.p256dh bukan kunci publik P-256.")) from error
    _key(keys.get("auth"), "auth", 16)
    return keys["p256dh"].rstrip("="), keys["auth"].rstrip("=")


def check_topics(topics: Any) -> dict[str, Any]:
    if topics is None:
        return {}
    if not isinstance(topics, dict):
        raise SubscriptionError(_("topics harus objek: breaking, channel, region."))
    unknown = set(topics) - {"breaking", "channel", "region"}
    if unknown:
        raise SubscriptionError(
            _("topics tidak dikenal: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    checked: dict[str, Any] = {}
    if "breaking" in topics:
        if not isinstance(topics["breaking"], bool):
            raise SubscriptionError(_("topics.breaking harus true atau false."))
        checked["breaking"] = topics["breaking"]
    for name in ("channel", "region"):
        value = topics.get(name, "")
        if value in ("", None):
            continue
        if not isinstance(value, str) or not SLUG.match(value):
            raise SubscriptionError(
                _("topics.%(name)s harus slug (huruf kecil, angka, tanda hubung).") % {"name": name}
            )
        checked[name] = value
    return checked


def parse_subscription(body: bytes) -> SubscriptionSpec:
    """The subscription in a request body, or SubscriptionError saying what is wrong."""
    if len(body) > MAX_BODY:
        raise SubscriptionError(_("Permintaan terlalu besar."))
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SubscriptionError(_("Badan permintaan harus JSON.")) from error
    if not isinstance(data, dict):
        raise SubscriptionError(_("Badan permintaan harus objek JSON."))
    p256dh, auth = check_keys(data.get("keys"))
    topics = check_topics(data.get("topics"))
    endpoint = check_endpoint(data.get("endpoint"))  # last: it may look the host up
    return SubscriptionSpec(endpoint, p256dh, auth, **topics)


def parse_endpoint(body: bytes) -> str:
    """The endpoint an unsubscribe names."""
    try:
        data = json.loads(body) if len(body) <= MAX_BODY else None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SubscriptionError(_("Badan permintaan harus JSON.")) from error
    if not isinstance(data, dict) or not isinstance(data.get("endpoint"), str):
        raise SubscriptionError(_("endpoint wajib diisi."))
    return data["endpoint"]

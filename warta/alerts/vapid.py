"""The VAPID key pair that signs every push (RFC 8292) and that browsers subscribe with.

Production reads WARTA_VAPID_PUBLIC_KEY, WARTA_VAPID_PRIVATE_KEY and WARTA_VAPID_SUBJECT
(required there: warta/settings/production.py stops start-up without them). Elsewhere (the
demo, a laptop, tests, benchmarks) a pair is generated once for this install and kept in
$WARTA_VAR_DIR/vapid.json (mode 0600), created whole under a temporary name and linked into
place like the secret key, so `make demo` needs no setup and every process reads the same pair.
A changed pair orphans every subscription (browsers subscribed with the old public key)."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid02

FILE_NAME = "vapid.json"
CLAIMS_SECONDS = 12 * 60 * 60  # a signed token is good for 12 hours; re-signed after 11


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # base64url of the uncompressed P-256 point (applicationServerKey)
    private_key: str  # base64url of the raw 32-byte scalar
    subject: str  # mailto: or https: contact for push services


def generate_pair() -> tuple[str, str]:
    """(public, private) as base64url: a new P-256 pair."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public), b64url(private)


def _kept_pair(path: Path) -> tuple[str, str]:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        public, private = generate_pair()
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as handle:
                json.dump({"public_key": public, "private_key": private}, handle)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process's pair won
                os.link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    data = json.loads(path.read_text())
    return data["public_key"], data["private_key"]


def check_pair(public: str, private: str, subject: str) -> None:
    """A clear start-up error for a pair that does not belong together or a bad subject."""
    try:
        vapid = Vapid02.from_string(private)
        derived = vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    except Exception as error:  # noqa: BLE001 - any parse failure is the same mistake
        raise ImproperlyConfigured(
            "WARTA_VAPID_PRIVATE_KEY is not a base64url P-256 private key"
        ) from error
    if b64url(derived) != public.rstrip("="):
        raise ImproperlyConfigured(
            "WARTA_VAPID_PUBLIC_KEY does not belong to WARTA_VAPID_PRIVATE_KEY"
        )
    if not (subject.startswith("mailto:") and "@" in subject) and not subject.startswith(
        "https://"
    ):
        raise ImproperlyConfigured(
            "WARTA_VAPID_SUBJECT must be a mailto: address (or an https: page) push services "
            "can reach, e.g. mailto:redaksi@warta.example"
        )


@lru_cache(maxsize=1)
def vapid_keys() -> VapidKeys:
    """The configured pair, else (outside production) this install's own pair in var/."""
    public = settings.WARTA_VAPID_PUBLIC_KEY
    private = settings.WARTA_VAPID_PRIVATE_KEY
    subject = settings.WARTA_VAPID_SUBJECT
    if bool(public) != bool(private):
        raise ImproperlyConfigured(
            "Set both WARTA_VAPID_PUBLIC_KEY and WARTA_VAPID_PRIVATE_KEY, or neither."
        )
    if not public:
        keep_in = settings.WARTA_VAPID_KEEP_IN
        if keep_in is None:
            raise ImproperlyConfigured(
                "WARTA_VAPID_PUBLIC_KEY and WARTA_VAPID_PRIVATE_KEY are required (see .env.example)"
            )
        public, private = _kept_pair(Path(keep_in) / FILE_NAME)
    check_pair(public, private, subject)
    return VapidKeys(public.rstrip("="), private.rstrip("="), subject)


class VapidSigner:
    """Authorization headers per push service origin, signed once and reused until an hour
    before they expire (signing per message would cost as much as the encryption)."""

    def __init__(self, keys: VapidKeys | None = None) -> None:
        self.keys = keys or vapid_keys()
        self.vapid = Vapid02.from_string(self.keys.private_key)
        self._headers: dict[str, tuple[float, dict[str, str]]] = {}

    def headers_for(self, endpoint: str) -> dict[str, str]:
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        kept = self._headers.get(audience)
        if kept is None or kept[0] - now < 3600:
            expires = int(now) + CLAIMS_SECONDS
            claims = {"aud": audience, "exp": expires, "sub": self.keys.subject}
            kept = (expires, dict(self.vapid.sign(claims)))
            self._headers[audience] = kept
        return kept[1]

"""A local push service for tests and the benchmark: an HTTP server on 127.0.0.1 in a thread
that answers like one (RFC 8030: 201 Created for a push; 410 Gone for an endpoint under /gone/,
404 under /missing/, 500 under /broken/), keeping every request it got; and a browser's side
of a subscription (a real P-256 key pair and auth secret) that decrypts what was pushed."""

from __future__ import annotations

import base64
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the sender's sessions reuse connections

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        server = self.server
        if server.record:  # type: ignore[attr-defined]
            with server.lock:  # type: ignore[attr-defined]
                server.received.append(  # type: ignore[attr-defined]
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
        else:
            with server.lock:  # type: ignore[attr-defined]
                server.count += 1  # type: ignore[attr-defined]
        if self.path.startswith("/gone/"):
            status = 410
        elif self.path.startswith("/missing/"):
            status = 404
        elif self.path.startswith("/broken/"):
            status = 500
        else:
            status = 201
        self.send_response(status)
        if status == 201:
            self.send_header("Location", f"/message{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class PushService:
    """with PushService() as service: service.url("/push/1") ... service.received"""

    def __init__(self, *, record: bool = True) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.record = record  # type: ignore[attr-defined]
        self.server.received = []  # type: ignore[attr-defined]
        self.server.count = 0  # type: ignore[attr-defined]
        self.server.lock = threading.Lock()  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> PushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.origin + path

    @property
    def received(self) -> list[Received]:
        return list(self.server.received)  # type: ignore[attr-defined]


@dataclass
class BrowserKeys:
    """A browser's side of one subscription: what PushSubscription.toJSON() would give."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self, **topics: object) -> dict:
        data: dict = {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
        if topics:
            data["topics"] = topics
        return data

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )

"""Sending one encrypted push per subscription, many at once: pywebpush's `webpush()` (the
payload encrypted with aes128gcm for the browser's keys, RFC 8291) with our VAPID header signed
once per push service (`vapid.VapidSigner`), on a thread pool whose threads each keep one
requests session (connections to a push service are reused)."""

from __future__ import annotations

import http.client
import ipaddress
import multiprocessing
import socket
import ssl
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies

import requests
import urllib3
from django.conf import settings
from pywebpush import WebPushException, webpush

from warta.alerts.vapid import VapidKeys, VapidSigner, vapid_keys
from warta.core.security import outbound

TIMEOUT = 10  # seconds for one push service answer
GONE = {404, 410}  # the subscription no longer exists (RFC 8030 section 7.3)


class Outcome(Enum):
    DELIVERED = "delivered"
    EXPIRED = "expired"
    FAILED = "failed"


@dataclass(frozen=True)
class Target:
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str


class _Answer:
    """What pywebpush reads of an answer (requests.Response's names)."""

    __slots__ = ("status_code", "reason", "text", "headers")

    def __init__(self, status: int, reason: str, body: bytes, headers: Any) -> None:
        self.status_code = status
        self.reason = reason
        self.text = body[:500].decode("utf-8", "replace")
        self.headers = headers


def pin_public_address(connection: http.client.HTTPConnection, host: str, port: int) -> None:
    """Connect only to a public address of `host`, the one checked: the name is resolved
    here, once per connection, and the socket opened to that address (TLS still checks the
    certificate for `host`), so a push service's name that resolves to a public address when
    the reader subscribed and to an inside one now (DNS rebinding) reaches nothing inside."""
    try:
        found = outbound.resolve(host, port)
    except (OSError, UnicodeError) as error:
        raise requests.ConnectionError(f"{host}: {error}") from error
    public = [a for a in found if outbound.is_public(ipaddress.ip_address(a))]
    if not public or len(public) != len(found):
        raise requests.ConnectionError(f"{host} resolves to an address that is not public")
    address = public[0]

    def connect(target, timeout=None, source_address=None):
        return socket.create_connection((address, target[1]), timeout, source_address)

    connection._create_connection = connect  # type: ignore[attr-defined]


class PushSession:
    """The `requests_session` handed to pywebpush's webpush(): its one call, post(), on one
    kept-alive connection per push service (http.client; a thread has its own session).
    requests would cost twice the CPU per push (it re-reads the environment's proxy settings
    and rebuilds hooks and cookies on every call), and then the HTTP, not the encryption,
    would be what a push costs. Behind a proxy (HTTPS_PROXY) the pushes go through urllib3's
    ProxyManager instead."""

    def __init__(self, *, public_only: bool = True) -> None:
        proxy = getproxies().get("https")
        self.proxied = urllib3.ProxyManager(proxy, maxsize=4) if proxy else None
        self.connections: dict[tuple[str, str, int], http.client.HTTPConnection] = {}
        self.tls = ssl.create_default_context()
        self.public_only = public_only

    def _connection(self, scheme: str, host: str, port: int, timeout: float):
        key = (scheme, host, port)
        connection = self.connections.get(key)
        if connection is None:
            if scheme == "https":
                connection = http.client.HTTPSConnection(
                    host, port, timeout=timeout, context=self.tls
                )
            else:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
            if self.public_only:
                pin_public_address(connection, host, port)
            self.connections[key] = connection
        return connection

    def post(
        self, url: str, data: bytes | None = None, headers: Any = None, timeout: float = TIMEOUT
    ) -> _Answer:
        headers = dict(headers or {})
        if self.proxied is not None:
            try:
                answer = self.proxied.request(
                    "POST", url, body=data, headers=headers, timeout=timeout, retries=False
                )
            except urllib3.exceptions.HTTPError as error:
                raise requests.ConnectionError(str(error)) from error
            return _Answer(answer.status, answer.reason or "", answer.data, answer.headers)
        parts = urlsplit(url)
        scheme, host = parts.scheme, parts.hostname or ""
        port = parts.port or (443 if scheme == "https" else 80)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            connection = self._connection(scheme, host, port, timeout)
            reused = connection.sock is not None
            try:
                connection.request("POST", path, body=data or b"", headers=headers)
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                connection.close()
                del self.connections[(scheme, host, port)]
                if reused and attempt == 1:
                    continue  # the service closed a kept-alive connection: nothing was sent
                raise requests.ConnectionError(str(error)) from error
            try:
                response = connection.getresponse()
                body = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                connection.close()
                del self.connections[(scheme, host, port)]
                raise requests.ConnectionError(str(error)) from error
            if response.will_close:
                connection.close()
                del self.connections[(scheme, host, port)]
            return _Answer(response.status, response.reason, body, response.headers)
        raise requests.ConnectionError(url)  # not reached

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()
        if self.proxied is not None:
            self.proxied.clear()


class Pusher:
    """Sends a payload to many subscriptions with `workers` threads. Use as a context manager
    (the pool and sessions are closed after)."""

    def __init__(
        self,
        *,
        ttl: int,
        workers: int,
        signer: VapidSigner | None = None,
        public_only: bool | None = None,
    ) -> None:
        self.ttl = ttl
        self.workers = max(1, workers)
        self.signer = signer or VapidSigner()
        # Decided by the caller's settings (validation.local_endpoints_allowed), never in a
        # spawned process, which has none.
        self.public_only = public_only if public_only is not None else not local_allowed()
        self._local = threading.local()
        self._sessions: list[PushSession] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="warta-push")

    def __enter__(self) -> Pusher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for session in self._sessions:
            session.close()

    def _session(self) -> PushSession:
        session = getattr(self._local, "session", None)
        if session is None:
            session = PushSession(public_only=self.public_only)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def send(self, target: Target, payload: str, topic: str) -> Outcome:
        headers = {**self.signer.headers_for(target.endpoint), "Urgency": "high", "Topic": topic}
        keys = {"p256dh": target.p256dh, "auth": target.auth}
        try:
            webpush(
                {"endpoint": target.endpoint, "keys": keys},
                data=payload,
                headers=headers,
                ttl=self.ttl,
                timeout=TIMEOUT,
                requests_session=self._session(),
            )
        except WebPushException as error:
            response = error.response
            if response is not None and response.status_code in GONE:
                return Outcome.EXPIRED
            return Outcome.FAILED
        except (requests.RequestException, ValueError):
            return Outcome.FAILED
        return Outcome.DELIVERED

    def send_all(
        self, targets: Iterable[Target], payload: str, topic: str
    ) -> list[tuple[int, Outcome]]:
        """(subscription id, outcome) for each target, in the targets' order."""
        batch = list(targets)
        outcomes = self._pool.map(lambda t: self.send(t, payload, topic), batch)
        return [(t.subscription_id, outcome) for t, outcome in zip(batch, outcomes, strict=True)]


def local_allowed() -> bool:
    """Endpoints on this machine are allowed (development, tests): the same rule as the
    subscription's check (warta.alerts.validation), read from the settings."""
    return bool(settings.DEBUG or settings.WARTA_ALERTS_LOCAL_ENDPOINTS)


# --- Processes: the encryption and HTTP of a big fan-out on every core ---------------------

_PROCESS_PUSHER: Pusher | None = None


def _start_process(keys: VapidKeys, ttl: int, workers: int, public_only: bool) -> None:
    global _PROCESS_PUSHER  # noqa: PLW0603 - one pusher per pool process
    _PROCESS_PUSHER = Pusher(
        ttl=ttl, workers=workers, signer=VapidSigner(keys), public_only=public_only
    )


def _send_in_process(job: tuple[list[Target], str, str]) -> list[tuple[int, Outcome]]:
    assert _PROCESS_PUSHER is not None
    targets, payload, topic = job
    return _PROCESS_PUSHER.send_all(targets, payload, topic)


class ProcessPusher:
    """A batch split between `processes` processes (spawned: they share nothing with the
    caller, its database connection included), each pushing its part on `workers` threads.
    One process holds one core for the encryption and HTTP (the GIL); the caller keeps the
    database work (cursor, counts, removals)."""

    def __init__(
        self, *, ttl: int, workers: int, processes: int, keys: VapidKeys | None = None
    ) -> None:
        self.processes = processes
        context = multiprocessing.get_context("spawn")
        self._pool = context.Pool(
            processes,
            initializer=_start_process,
            initargs=(keys or vapid_keys(), ttl, workers, not local_allowed()),
        )

    def __enter__(self) -> ProcessPusher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def send_all(
        self, targets: Iterable[Target], payload: str, topic: str
    ) -> list[tuple[int, Outcome]]:
        batch = list(targets)
        size = -(-len(batch) // self.processes) or 1
        jobs = [(batch[i : i + size], payload, topic) for i in range(0, len(batch), size)]
        return [result for part in self._pool.map(_send_in_process, jobs) for result in part]


def make_pusher(*, ttl: int, workers: int, processes: int = 1) -> Pusher | ProcessPusher:
    if processes > 1:
        return ProcessPusher(ttl=ttl, workers=workers, processes=processes)
    return Pusher(ttl=ttl, workers=workers)

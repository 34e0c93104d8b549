"""Sending one encrypted push per subscription, many at once: pywebpush's `webpush()` (the
payload encrypted with aes128gcm for the browser's keys, RFC 8291) with our VAPID header signed
once per push service (`vapid.VapidSigner`), on a thread pool whose threads each keep one
requests session (connections to a push service are reused)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum

import requests
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter

from warta.alerts.vapid import VapidSigner

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


class Pusher:
    """Sends a payload to many subscriptions with `workers` threads. Use as a context manager
    (the pool and sessions are closed after)."""

    def __init__(self, *, ttl: int, workers: int, signer: VapidSigner | None = None) -> None:
        self.ttl = ttl
        self.workers = max(1, workers)
        self.signer = signer or VapidSigner()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
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

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=8, pool_maxsize=4, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
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

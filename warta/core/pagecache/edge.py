"""Frontend caches that purge by surrogate key, not by URL: Varnish with vmod xkey (the shipped
deploy/varnish/warta.vcl), Fastly (surrogate keys) and Cloudflare (cache tags).

Warta sends every cached page's keys in a response header (`Surrogate-Key`, space-separated;
`Cache-Tag`, comma-separated, for Cloudflare: `warta.core.pagecache.key_header`); the edge
files the page under them, and a publish purges the keys of `story_purge_keys`, a few
requests whatever the number of pages, hosts, encodings or lite variants that show the
story. They are Wagtail frontend-cache backends (`WAGTAILFRONTENDCACHE`), chosen by
`WARTA_EDGE`; `warta.core.pagecache.frontend.purge` hands them the keys.

Each honours its API's limits (keys per request), retries what can succeed later
(connection errors, 429 and 5xx, after Retry-After) and logs what cannot, with the API's own
message; a purge that fails never breaks the publish that asked for it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

import requests
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger("warta.edge")

RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})


class PurgeError(RuntimeError):
    """A purge the edge refused or never answered, after the retries."""


class KeyPurgeBackend(BaseBackend):
    """A frontend cache that purges by surrogate key. Wagtail's URL methods do nothing here:
    Warta never purges these by URL."""

    ATTEMPTS = 3
    BACKOFF = 0.5  # seconds before the second attempt, doubled each time; Retry-After wins
    MAX_WAIT = 10.0

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.timeout = float(params.get("TIMEOUT", 10))
        self.attempts = int(params.get("ATTEMPTS", self.ATTEMPTS))
        self.backoff = float(params.get("BACKOFF", self.BACKOFF))
        self.session = requests.Session()

    def purge(self, url: str) -> None:
        logger.debug("%s purges by key; URL %s ignored", type(self).__name__, url)

    def purge_batch(self, urls: Iterable[str]) -> None:
        return None

    def purge_keys(self, keys: Iterable[str]) -> None:
        """Purge every page carrying any of `keys`; raises PurgeError naming what failed."""
        failures = []
        for batch in self.batches(sorted(set(keys))):
            try:
                self.send(batch)
            except PurgeError as error:
                failures.append(str(error))
        if failures:
            raise PurgeError("; ".join(failures))

    def batches(self, keys: list[str]) -> Iterator[list[str]]:
        raise NotImplementedError

    def send(self, keys: list[str]) -> None:
        raise NotImplementedError

    def request(self, what: str, method: str, url: str, **kwargs: Any) -> requests.Response:
        """`method url`, retried on connection errors, 429 and 5xx; the final answer when it
        is a success, else PurgeError with the status and the API's message."""
        problem = ""
        for attempt in range(self.attempts):
            wait = min(self.backoff * 2**attempt, self.MAX_WAIT)
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except requests.RequestException as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if response.ok:
                    return response
                problem = f"HTTP {response.status_code} {self.message(response)}"
                if response.status_code not in RETRIED_STATUSES:
                    break
                wait = min(retry_after(response, wait), self.MAX_WAIT)
            if attempt + 1 < self.attempts:
                logger.warning("%s: %s; retrying in %.1f s", what, problem, wait)
                time.sleep(wait)
        raise PurgeError(f"{what} failed: {problem}")

    def message(self, response: requests.Response) -> str:
        return response.text.strip()[:300]


def retry_after(response: requests.Response, default: float) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return default


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class VarnishXkeyBackend(KeyPurgeBackend):
    """Varnish with vmod xkey (deploy/varnish/warta.vcl): `PURGE /` with the keys in the
    `xkey` header, as many keys per request as fit in HEADER_BYTES, to each Varnish in
    LOCATIONS (or LOCATION). SOFT: `xkey-soft` instead, so purged pages are kept as stale
    copies a reader gets while one request fetches the new page."""

    HEADER_BYTES = 4000  # well inside Varnish's http_req_hdr_len (8 KB)

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        locations = params.get("LOCATIONS") or [params["LOCATION"]]
        self.locations = [location.rstrip("/") for location in locations]
        self.header = "xkey-soft" if params.get("SOFT") else "xkey"

    def batches(self, keys: list[str]) -> Iterator[list[str]]:
        batch: list[str] = []
        size = 0
        for key in keys:
            if batch and size + len(key) + 1 > self.HEADER_BYTES:
                yield batch
                batch, size = [], 0
            batch.append(key)
            size += len(key) + 1
        if batch:
            yield batch

    def send(self, keys: list[str]) -> None:
        failures = []
        for location in self.locations:
            try:
                self.request(
                    f"Varnish purge of {len(keys)} keys at {location}",
                    "PURGE",
                    location + "/",
                    headers={self.header: " ".join(keys)},
                )
            except PurgeError as error:
                failures.append(str(error))
        if failures:
            raise PurgeError("; ".join(failures))


class FastlyKeyBackend(KeyPurgeBackend):
    """Fastly: `POST /service/<id>/purge` with `{"surrogate_keys": [...]}` (at most 256 keys
    a request, Fastly's limit), the API token in `Fastly-Key`, `Fastly-Soft-Purge: 1` with
    SOFT (pages marked stale, not removed). Fastly reads the `Surrogate-Key` header Warta
    sends and strips it before readers see it."""

    MAX_KEYS = 256

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.service_id = params["SERVICE_ID"]
        self.api_key = params["API_KEY"]
        self.api_url = params.get("API_URL", "https://api.fastly.com").rstrip("/")
        self.soft = bool(params.get("SOFT", False))
        self.max_keys = min(int(params.get("MAX_KEYS", self.MAX_KEYS)), self.MAX_KEYS)

    def batches(self, keys: list[str]) -> Iterator[list[str]]:
        return chunks(keys, self.max_keys)

    def send(self, keys: list[str]) -> None:
        headers = {"Fastly-Key": self.api_key, "Accept": "application/json"}
        if self.soft:
            headers["Fastly-Soft-Purge"] = "1"
        self.request(
            f"Fastly purge of {len(keys)} keys on service {self.service_id}",
            "POST",
            f"{self.api_url}/service/{self.service_id}/purge",
            headers=headers,
            json={"surrogate_keys": keys},
        )

    def message(self, response: requests.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return super().message(response)
        if isinstance(body, dict):
            return " ".join(str(body[f]) for f in ("msg", "detail") if body.get(f))
        return super().message(response)


class CloudflareTagBackend(KeyPurgeBackend):
    """Cloudflare: `POST /client/v4/zones/<zone>/purge_cache` with `{"tags": [...]}` and a
    Bearer API token (permission Zone > Cache Purge). Cloudflare allows 100 tags a request on
    every plan (its purge documentation, 2026; older documents say 30, kept possible with
    MAX_TAGS) and rate-limits purges per account (Free: 5 requests a minute): a 429 is retried
    after Retry-After. Cloudflare reads the `Cache-Tag` header Warta sends with
    WARTA_EDGE=cloudflare and strips it before readers see it."""

    MAX_TAGS = 100

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.zone_id = params["ZONE_ID"]
        self.token = params["BEARER_TOKEN"]
        self.api_url = params.get("API_URL", "https://api.cloudflare.com").rstrip("/")
        self.max_tags = int(params.get("MAX_TAGS", self.MAX_TAGS))

    def batches(self, keys: list[str]) -> Iterator[list[str]]:
        return chunks(keys, self.max_tags)

    def send(self, keys: list[str]) -> None:
        response = self.request(
            f"Cloudflare purge of {len(keys)} tags in zone {self.zone_id}",
            "POST",
            f"{self.api_url}/client/v4/zones/{self.zone_id}/purge_cache",
            headers={"Authorization": f"Bearer {self.token}"},
            json={"tags": keys},
        )
        try:
            success = response.json().get("success", False)
        except ValueError:
            success = False
        if not success:  # Cloudflare's answer says whether it worked, whatever the status
            raise PurgeError(
                f"Cloudflare purge of {len(keys)} tags in zone {self.zone_id} failed: "
                f"HTTP {response.status_code} {self.message(response)}"
            )

    def message(self, response: requests.Response) -> str:
        try:
            errors = response.json().get("errors") or []
        except (ValueError, AttributeError):
            return super().message(response)
        found = "; ".join(f"{e.get('code')} {e.get('message')}" for e in errors)
        return found or super().message(response)

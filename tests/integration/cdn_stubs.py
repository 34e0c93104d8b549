"""Local stand-ins for the two CDN APIs Warta purges (Fastly, Cloudflare), answering as their
documentation says they do, and recording every request for the tests to check field by field.

Fastly (https://www.fastly.com/documentation/reference/api/purging/):
  POST /service/{service_id}/purge, `Fastly-Key` token, JSON {"surrogate_keys": [...]} (at
  most 256) -> 200 {"<key>": "<purge id>", ...}; a bad token -> 401 {"msg": "Provided
  credentials are missing or invalid"}; an unknown service -> 404 {"msg": "Record not found",
  "detail": "Cannot find service '<id>'"}.
Cloudflare (https://developers.cloudflare.com/api/resources/cache/methods/purge/):
  POST /client/v4/zones/{zone_id}/purge_cache, `Authorization: Bearer <token>`, JSON
  {"tags": [...]} (at most 100) -> 200 {"success": true, "errors": [], "messages": [],
  "result": {"id": "<zone id>"}}; a bad token -> 403 with errors [{"code": 10000, "message":
  "Authentication error"}]; too many tags -> 400 with code 1075; over the rate limit -> 429
  with a Retry-After header and code 971."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Failure:
    """An answer the next request gets instead of the normal one."""

    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)


class StubAPI:
    """An HTTP server on a free 127.0.0.1 port; `failures` are answered first, in order."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.failures: list[Failure] = []
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                with stub.lock:
                    stub.requests.append(
                        Recorded("POST", self.path, dict(self.headers.items()), body)
                    )
                    failure = stub.failures.pop(0) if stub.failures else None
                if failure is not None:
                    status, answer, headers = failure.status, failure.body, failure.headers
                else:
                    status, answer, headers = stub.answer(self.path, self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path: str, headers: Any, body: Any) -> tuple[int, dict, dict]:
        raise NotImplementedError

    def __enter__(self) -> StubAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class FastlyStub(StubAPI):
    def __init__(self, service_id: str, token: str) -> None:
        super().__init__()
        self.service_id, self.token = service_id, token

    def answer(self, path: str, headers: Any, body: Any) -> tuple[int, dict, dict]:
        if headers.get("Fastly-Key") != self.token:
            return 401, {"msg": "Provided credentials are missing or invalid"}, {}
        service = path.split("/")[2] if path.startswith("/service/") else ""
        if service != self.service_id or not path.endswith("/purge"):
            detail = f"Cannot find service '{service}'"
            return 404, {"msg": "Record not found", "detail": detail}, {}
        keys = (body or {}).get("surrogate_keys", [])
        if not keys or len(keys) > 256:
            return 400, {"msg": "Bad request", "detail": "between 1 and 256 surrogate keys"}, {}
        return 200, {key: f"108-1391560174-{uuid.uuid4().hex[:6]}" for key in keys}, {}


class CloudflareStub(StubAPI):
    def __init__(self, zone_id: str, token: str, max_tags: int = 100) -> None:
        super().__init__()
        self.zone_id, self.token, self.max_tags = zone_id, token, max_tags

    @staticmethod
    def envelope(success: bool, errors: list[dict], result: dict | None = None) -> dict:
        return {"success": success, "errors": errors, "messages": [], "result": result}

    def answer(self, path: str, headers: Any, body: Any) -> tuple[int, dict, dict]:
        if headers.get("Authorization") != f"Bearer {self.token}":
            return (
                403,
                self.envelope(False, [{"code": 10000, "message": "Authentication error"}]),
                {},
            )
        if path != f"/client/v4/zones/{self.zone_id}/purge_cache":
            return (
                404,
                self.envelope(False, [{"code": 7003, "message": "No route for that URI"}]),
                {},
            )
        tags = (body or {}).get("tags", [])
        if len(tags) > self.max_tags:
            error = {"code": 1075, "message": f"Purge by tags is limited to {self.max_tags} tags"}
            return 400, self.envelope(False, [error]), {}
        return 200, self.envelope(True, [], {"id": self.zone_id}), {}

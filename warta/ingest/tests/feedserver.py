"""A real HTTP server on 127.0.0.1 serving fixture feeds, so fetching is tested end to end
(status codes, slow answers, oversized bodies) without leaving the machine."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    body: bytes
    status: int = 200
    content_type: str = "application/xml"
    delay: float = 0.0
    send_length: bool = True


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Response] = {}
        routes = self.routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's API
                answer = routes.get(self.path)
                if answer is None:
                    self.send_error(404)
                    return
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                if answer.send_length:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def serve(self, path: str, body: bytes | str, **options) -> str:
        self.routes[path] = Response(body.encode() if isinstance(body, str) else body, **options)
        return self.url(path)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

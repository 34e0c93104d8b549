"""What nginx's proxy cache itself reaches against a static file, with Warta taken out.

bench/serve.py measures the shipped nginx cache in front of Warta. To tell Warta's part of the
gap from nginx's own, this replays Warta's exact answer (its response headers and body) from a
stub upstream behind a second copy of the shipped configuration, and measures it against a
static server with the same tuning, in pairs run back to back (each pair shares the machine's
noise of the moment). Two pages:

  same      the article's own HTML (what the target is measured on)
  ref70kb   the same headers, the body padded to the 70 KB page the issue's reference
            figures were taken with, to show how the ratio depends on the page's size

A hit never reaches the stub (it answers the first request only), so only nginx is measured.
"""

from __future__ import annotations

import http.client
import statistics
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REFERENCE_PAGE_BYTES = 70 * 1024
# Hop-by-hop or per-answer headers the stub sets itself.
SKIPPED = {"content-length", "connection", "date", "server", "transfer-encoding", "keep-alive"}


def warta_answer(port: int, path: str) -> tuple[list[tuple[str, str]], bytes]:
    """The response headers and body Warta's page cache sends for `path`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    headers = [(k, v) for k, v in response.getheaders() if k.lower() not in SKIPPED]
    return headers, body


def padded(body: bytes, size: int) -> bytes:
    """`body` grown to `size` bytes with an HTML comment before </body>."""
    missing = size - len(body) - len(b"<!---->")
    if missing <= 0:
        return body
    filler = b"<!--" + (b"x" * 99 + b"\n") * (missing // 100) + b"x" * (missing % 100) + b"-->"
    at = body.rfind(b"</body>")
    return body[:at] + filler + body[at:]


def stub_upstream(pages: dict[str, bytes], headers: list[tuple[str, str]]) -> ThreadingHTTPServer:
    """Answers GET /<name> with pages[name] and Warta's headers, in a background thread."""

    class Replay(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = pages.get(self.path.strip("/"))
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Replay)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(
    servers,
    tmp: Path,
    warta_port: int,
    path: str,
    connections: list[int],
    duration: int,
    rounds: int,
    static_extra: str,
) -> dict:
    """Paired runs of static vs the shipped nginx cache replaying Warta's answer."""
    from serve import fetch, free_port, nginx_config, process_tree, wait_until_up, wrk

    headers, body = warta_answer(warta_port, path)
    pages = {"same": body, "ref70kb": padded(body, REFERENCE_PAGE_BYTES)}
    stub = stub_upstream(pages, headers)
    workdir = tmp / "nginx-floor"
    (workdir / "static-site").mkdir(parents=True, exist_ok=True)
    for name, page in pages.items():
        (workdir / "static-site" / f"{name}.html").write_bytes(page)
    static_port, proxy_port = free_port(), free_port()
    config = nginx_config(
        workdir,
        static_port=static_port,
        proxy_port=proxy_port,
        purge_port=free_port(),
        upstream=stub.server_address[1],
        static_root=tmp / "static",
        static_extra=static_extra,
    )
    nginx = servers.nginx(config)
    results: dict = {}
    try:
        for name, page in pages.items():
            urls = (
                f"http://127.0.0.1:{static_port}/{name}.html",
                f"http://127.0.0.1:{proxy_port}/{name}",
            )
            for url in urls:
                wait_until_up(url)
                fetch(url)  # the first answer fills the cache
            assert fetch(urls[1])[1] == page, "the nginx cache must answer the replayed page"
            answering = process_tree(nginx.pid)  # the master and its workers, now running
            results[name] = {"page_bytes": len(page)}
            for c in connections:
                pairs = []
                for attempt in range(rounds):
                    order = urls if attempt % 2 == 0 else urls[::-1]  # no position bias
                    runs = {url: wrk(url, c, duration, server=answering) for url in order}
                    pairs.append((runs[urls[0]], runs[urls[1]]))
                cpu = "server_cpu_us_per_request"
                results[name][f"c{c}"] = {
                    "static_rps": round(statistics.median(s["rps"] for s, _ in pairs)),
                    "cache_rps": round(statistics.median(h["rps"] for _, h in pairs)),
                    "ratio": round(statistics.median(h["rps"] / s["rps"] for s, h in pairs), 3),
                    "cpu_ratio": round(statistics.median(s[cpu] / h[cpu] for s, h in pairs), 3)
                    if all(s[cpu] and h[cpu] for s, h in pairs)
                    else None,  # too short a run for the clock's ticks
                }
    finally:
        servers.stop(nginx)
        stub.shutdown()
    return results

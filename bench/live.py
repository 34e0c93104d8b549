"""Live updates benchmark: one live story, N simulated readers polling it through the shipped
nginx cache in front of `warta serve`, a reporter posting every few seconds; then the same
readers against a naive per-reader endpoint (`?since=<their own timestamp>`, no-store, as
Liveblog-style clients poll), side by side, in one run.

Readers arrive spread over `--duration` and each stays for a while (a quarter of the run to
all of it, never past its end). A reader polls as the shipped script does: it loads the
story's state on arrival, polls once after a random part of the interval, then every
`poll` seconds (the interval the answer gives) after each answer; it sends back the ETag it
holds (a browser revalidating), and its Accept-Encoding is a browser's (mostly br). Each
reader records when it first sees each post version: post-to-screen latency is that time
minus the moment the reporter's `warta.live.services.add_post` committed (posts a reader
found already there on arrival are not counted).

Printed: requests per second served, the share answered from a cache (nginx's, or Warta's
page cache behind it), Warta renders per post (from nginx's log of what it asked Warta:
the page cache's X-Cache MISS, or any answer of the uncacheable naive endpoint), and
post-to-screen p50/p95; then the same for the naive endpoint. Progress on stderr, the
figures, and one JSON object last on stdout.

    .venv/bin/python bench/live.py [--readers 10000] [--duration 60] [--poll 5]
        [--post-every 5] [--connections 256] [--redis redis://127.0.0.1:6379/3]
        [--ports 8206,8216,8226]

Needs nginx with the cache-purge module (Debian: nginx-light libnginx-mod-http-cache-purge).
The simulated readers share `--connections` kept-alive connections (one asyncio loop, so the
load generator stays cheap on a small machine); real readers would each open their own."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from serve import Servers, cpu_seconds, free_port, process_tree, wait_until_up  # noqa: E402

say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
# What readers' browsers accept: nginx keeps one copy per stored encoding (br, gzip, plain).
ENCODINGS = [("gzip, deflate, br, zstd", 0.8), ("gzip, deflate", 0.18), ("", 0.02)]
# nginx's cache status for an answer it gave from its cache (no request to Warta).
NGINX_SERVED = {"HIT", "UPDATING", "STALE", "REVALIDATED"}
PAGE_CACHE_SERVED = {"HIT", "STALE"}


# --- a small HTTP/1.1 client: kept-alive connections shared by every simulated reader ------


class Response:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def text(self) -> bytes:
        encoding = self.headers.get("content-encoding", "")
        if encoding == "gzip":
            return gzip.decompress(self.body)
        if encoding == "br":
            import brotli

            return brotli.decompress(self.body)
        return self.body


class Pool:
    def __init__(self, host: str, port: int, size: int, timeout: float = 10.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)

    async def get(self, path: str, headers: dict[str, str]) -> Response:
        async with self.slots:
            connection = self.idle.pop() if self.idle else None
            for attempt in range(2):  # a kept-alive connection the server closed: once more
                if connection is None:
                    connection = await asyncio.open_connection(self.host, self.port)
                try:
                    response, keep = await asyncio.wait_for(
                        self._exchange(connection, path, headers), self.timeout
                    )
                except (OSError, asyncio.IncompleteReadError, ConnectionError):
                    connection[1].close()
                    connection = None
                    if attempt:
                        raise
                    continue
                except (TimeoutError, asyncio.CancelledError):
                    connection[1].close()  # mid-exchange: never reused
                    raise
                if keep:
                    self.idle.append(connection)
                else:
                    connection[1].close()
                return response
        raise AssertionError("unreachable")

    async def _exchange(self, connection, path: str, headers: dict[str, str]):
        reader, writer = connection
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}"]
        lines += [f"{name}: {value}" for name, value in headers.items() if value]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        found: dict[str, str] = {}
        for line in header_lines:
            if line:
                name, _, value = line.partition(":")
                found[name.strip().lower()] = value.strip()
        if "content-length" in found:
            body = await reader.readexactly(int(found["content-length"]))
        elif found.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                parts.append(await reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(p[:-2] for p in parts)
        else:
            body = b"" if status in (204, 304) else await reader.read()
            return Response(status, found, body), False
        return Response(status, found, body), found.get("connection") != "close"


# --- the run ------------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    errors: int = 0
    served_by: Counter = field(default_factory=Counter)  # nginx / page cache / warta
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)  # how late the client sent each poll
    missed: int = 0  # posts committed while a reader read that it never saw


@dataclass
class Reporter:
    commits: dict[int, float] = field(default_factory=dict)  # post version -> commit time
    post_seconds: list[float] = field(default_factory=list)


def classify(response: Response) -> str:
    if response.headers.get("x-proxy-cache") in NGINX_SERVED:
        return "nginx"
    if response.headers.get("x-cache") in PAGE_CACHE_SERVED:
        return "page-cache"
    return "warta"


async def read_story(
    pool: Pool,
    story_id: int,
    mode: str,
    arrive: float,
    leave: float,
    encoding: str,
    reporter: Reporter,
    tally: Tally,
    rng: random.Random,
) -> None:
    """One reader, from arrival (seconds on the loop's clock) until it leaves."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, arrive - loop.time()))
    arrived_at = time.time()
    headers = {"User-Agent": BROWSER, "Accept": "application/json", "Accept-Encoding": encoding}
    seen: set[int] = set()
    held_version = -1
    etag = ""
    since = datetime.now(UTC).isoformat()
    poll = 5

    async def ask() -> dict | None:
        nonlocal etag
        if mode == "updates":
            path = f"/live/{story_id}/updates/"
            sent = {**headers, "If-None-Match": etag}
        else:
            path = f"/live/{story_id}/naive/?since={quote(since)}"
            sent = headers
        tally.requests += 1
        try:
            # A browser gives up too: the whole request, waiting for a connection included.
            response = await asyncio.wait_for(pool.get(path, sent), pool.timeout)
        except Exception:  # noqa: BLE001 - refused, reset, timed out: counted as errors
            tally.errors += 1
            return None
        tally.statuses[response.status] += 1
        tally.served_by[classify(response)] += 1
        if response.status == 304:
            return {}
        if response.status != 200:
            tally.errors += 1
            return None
        etag = response.headers.get("etag", "")
        return json.loads(response.text())

    def take(answer: dict, *, counted: bool) -> None:
        nonlocal held_version, since, poll
        now = time.time()
        poll = answer.get("poll", poll) or poll
        for post in answer.get("posts", ()):
            version = post["version"]
            if version in seen or version <= held_version:
                continue
            seen.add(version)
            committed = reporter.commits.get(version)
            if counted and committed is not None and committed >= arrived_at:
                tally.latencies.append(now - committed)
            if "posted_at" in post and post["posted_at"] > since:
                since = post["posted_at"]
        if "version" in answer:
            held_version = max(held_version, answer["version"])

    first = await ask()  # the page load: the state the reader starts from
    if first:
        take(first, counted=False)
    next_poll = loop.time() + rng.uniform(0, poll)
    while next_poll < leave:
        await asyncio.sleep(max(0.0, next_poll - loop.time()))
        tally.lags.append(loop.time() - next_poll)
        answer = await ask()
        if answer:
            take(answer, counted=True)
        next_poll = loop.time() + poll
    # Posts committed while the reader was here (before its last poll) that it never saw.
    last = time.time() - poll
    tally.missed += sum(
        1 for v, t in reporter.commits.items() if arrived_at <= t <= last and v not in seen
    )


async def report(
    story, reporter: Reporter, every: float, until: float, log, *, trace: bool = False
) -> None:
    """Post every `every` seconds through the service the desk's screens use."""
    from warta.live import services

    loop = asyncio.get_running_loop()
    n = 0
    next_post = loop.time() + every / 2
    while next_post < until:
        await asyncio.sleep(max(0.0, next_post - loop.time()))
        n += 1
        text = f"Pembaruan {n}: hasil hitung cepat dari TPS {random.randint(1, 999)} masuk."

        def post(text=text) -> int:
            body = [("paragraph", f"<p>{text}</p>")]
            return services.add_post(story, user=None, body=body).post.version

        started = time.time()
        try:
            version = await asyncio.to_thread(post)  # committed (and purge started) on return
        except Exception as error:  # noqa: BLE001 - a failed post is reported, the run goes on
            log(f"  post {n} failed: {error!r}")
            next_post += every
            continue
        reporter.commits[version] = time.time()
        if trace:
            log(f"  post v{version}: {started:.3f} .. {reporter.commits[version]:.3f}")
        reporter.post_seconds.append(time.time() - started)
        next_post += every
    log(f"  reporter: {n} posts")


def upstream_log(path: Path, since: float, prefix: str) -> dict:
    """What nginx asked Warta for, from its log of upstream requests since `since`."""
    renders = upstream = 0
    for line in path.read_text().splitlines() if path.exists() else []:
        stamp, _, cache_status, status, _, uri = line.split("|", 5)
        if float(stamp) < since or not uri.startswith(prefix):
            continue
        upstream += 1
        # Rendered: a 200 the page cache stored (MISS) or could not cache at all ("-": the
        # naive endpoint). Not a 304 to nginx's revalidation: there nginx logs the X-Cache
        # its stored copy came with, not the one of Warta's answer (a page cache hit).
        if status.startswith("200") and cache_status in ("MISS", "-"):
            renders += 1
    return {"upstream_requests": upstream, "renders": renders}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)


def run(args, mode: str, story, ports: dict, servers: dict, log_path: Path) -> dict:
    """One run of every reader against `mode` ("updates" or "naive")."""
    rng = random.Random(11)
    reporter = Reporter()
    tally = Tally()
    answering = process_tree(servers["nginx"].pid) + process_tree(servers["warta"].pid)
    cpu_before = cpu_seconds(answering)
    load_before = os.getloadavg()

    async def main() -> float:
        pool = Pool("127.0.0.1", ports["nginx"], args.connections)
        loop = asyncio.get_running_loop()
        start = loop.time() + 1.0
        end = start + args.duration
        readers = []
        for _ in range(args.readers):
            arrive = start + rng.uniform(0, args.duration)
            stay = rng.uniform(args.duration / 4, args.duration)
            encoding = rng.choices([e for e, _ in ENCODINGS], [w for _, w in ENCODINGS])[0]
            readers.append(
                read_story(
                    pool,
                    story.pk,
                    mode,
                    arrive,
                    min(end, arrive + stay),
                    encoding,
                    reporter,
                    tally,
                    random.Random(rng.random()),
                )
            )
        began = time.time()
        await asyncio.gather(
            report(story, reporter, args.post_every, end - args.poll, say, trace=args.trace),
            *readers,
        )
        return began

    wall = time.monotonic()
    began = asyncio.run(main())
    wall = time.monotonic() - wall - 1.0
    cpu = cpu_seconds(answering) - cpu_before
    time.sleep(1.5)  # nginx flushes its log buffer every second
    prefix = f"/live/{story.pk}/{'updates' if mode == 'updates' else 'naive'}/"
    upstream = upstream_log(log_path, began, prefix)
    posts = len(reporter.commits)
    served = tally.served_by
    answered = sum(served.values())
    result = {
        "readers": args.readers,
        "duration_s": args.duration,
        "requests": tally.requests,
        "rps": round(answered / wall, 1),
        "errors": tally.errors,
        "statuses": dict(tally.statuses),
        "served_by": dict(served),
        "cache_share": round((served["nginx"] + served["page-cache"]) / answered, 4)
        if answered
        else None,
        "posts": posts,
        "renders": upstream["renders"],
        "upstream_requests": upstream["upstream_requests"],
        "renders_per_post": round(upstream["renders"] / posts, 2) if posts else None,
        "post_to_screen_p50_s": percentile(tally.latencies, 0.5),
        "post_to_screen_p95_s": percentile(tally.latencies, 0.95),
        "post_to_screen_max_s": percentile(tally.latencies, 1.0),
        "post_to_screen_samples": len(tally.latencies),
        "posts_never_seen": tally.missed,
        # The load generator's own delay in sending polls (its event loop behind schedule):
        # part of the latencies above, not the server's.
        "client_lag_p95_s": percentile(tally.lags, 0.95),
        "post_commit_ms_median": round(statistics.median(reporter.post_seconds) * 1000, 1)
        if reporter.post_seconds
        else None,
        "server_cpu_s": round(cpu, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / answered, 3) if answered else None,
        "load_before": [round(x, 1) for x in load_before],
        "load_after": [round(x, 1) for x in os.getloadavg()],
    }
    return result


def build_story(poll: int):
    """A national site with one channel and a live story polling every `poll` seconds."""
    from wagtail.models import Page, Site

    from warta.articles.services import create_story
    from warta.channels.models import ChannelPage, HomePage
    from warta.live.models import LiveStatus, LiveStoryPage

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Warta", slug="warta"))
    home.save_revision().publish()
    Site.objects.create(
        hostname="127.0.0.1", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    channel = home.add_child(instance=ChannelPage(title="Nasional", slug="nasional"))
    channel.save_revision().publish()
    story = LiveStoryPage(
        title="Live: Pemilu 2029, hitung cepat",
        slug="live-pemilu-2029",
        summary="Hasil hitung cepat dari seluruh provinsi, diperbarui terus.",
        body=[("paragraph", "<p>Ikuti perkembangan terbaru.</p>")],
        live_status=LiveStatus.LIVE,
        coverage_start=datetime.now(UTC),
        poll_seconds=poll,
    )
    return create_story(story, parent=channel, publish=True)


def nginx_setup(tmp: Path, ports: dict) -> tuple[Path, Path]:
    """The shipped configuration with this run's ports, logging every request nginx passes
    to Warta (including background revalidations) with Warta's X-Cache."""
    from warta.core.ops.nginxconf import NginxSetup, standalone_config

    setup = NginxSetup(
        upstream=f"127.0.0.1:{ports['warta']}",
        listen=f"127.0.0.1:{ports['nginx']}",
        purge_listen=f"127.0.0.1:{ports['purge']}",
        cache_dir=str(tmp / "nginx-cache"),
        static_root=str(tmp / "static"),
        media_root=str(tmp / "media"),
    )
    log = tmp / "upstream.log"
    config = standalone_config(setup, tmp)
    text = config.read_text().replace(
        "    access_log off;\n",
        "    log_format upstream '$msec|$upstream_cache_status|$upstream_http_x_cache|"
        "$upstream_status|$warta_encoding|$request_uri';\n"
        f"    access_log {log} upstream buffer=64k flush=1s if=$upstream_addr;\n"
        "    log_subrequest on;\n",
        1,
    )
    config.write_text(text)
    return config, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=60, help="seconds readers arrive over")
    parser.add_argument("--poll", type=int, default=5, help="the story's poll_seconds")
    parser.add_argument("--post-every", type=float, default=5.0, help="seconds between posts")
    parser.add_argument("--connections", type=int, default=256, help="client connections")
    parser.add_argument("--redis", help="Redis URL for the shared cache (default: file cache)")
    parser.add_argument("--ports", help="warta,nginx,purge (default: free ports)")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--trace", action="store_true", help="log each post's commit time")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-live-"))
    (tmp / "static").mkdir()  # `warta serve` mounts it (nothing here needs static files)
    names = ("warta", "nginx", "purge")
    chosen = [int(p) for p in args.ports.split(",")] if args.ports else [free_port() for _ in names]
    ports = dict(zip(names, chosen, strict=True))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'live.sqlite3'}",
        "REDIS_URL": args.redis or "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WARTA_FRONTEND_PURGE_URL": f"http://127.0.0.1:{ports['purge']}",
        "WARTA_LIVE_NAIVE_ENDPOINT": "1",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    import network

    network.start_django(env)
    if args.redis:
        from django.core.cache import cache

        cache.clear()
    story = build_story(args.poll)
    say(f"live story {story.pk} (poll {args.poll} s) in {tmp}")
    runner = Servers(tmp, env)
    results: dict = {"cache": "redis" if args.redis else "file", "poll_s": args.poll}
    try:
        config, log = nginx_setup(tmp, ports)
        servers = {
            "nginx": runner.nginx(config),
            "warta": runner.warta(ports["warta"], page_cache=True),
        }
        base = f"http://127.0.0.1:{ports['nginx']}"
        wait_until_up(f"{base}/live/{story.pk}/updates/")
        say(f"updates: {args.readers} readers over {args.duration} s")
        results.update(run(args, "updates", story, ports, servers, log))
        say(json.dumps(results))
        if not args.skip_naive:
            say(f"naive: {args.readers} readers over {args.duration} s")
            results["naive"] = run(args, "naive", story, ports, servers, log)
            say(json.dumps(results["naive"]))
    finally:
        runner.stop_all()
    for name, figures in [("updates", results), ("naive", results.get("naive"))]:
        if not figures:
            continue
        print(
            f"{name:8} {figures['rps']:>8} req/s  cache share {figures['cache_share']}  "
            f"renders/post {figures['renders_per_post']}  post-to-screen p50 "
            f"{figures['post_to_screen_p50_s']} s p95 {figures['post_to_screen_p95_s']} s  "
            f"errors {figures['errors']}  server CPU {figures['server_cpu_ms_per_request']} ms/req"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()

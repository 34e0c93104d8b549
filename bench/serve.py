"""Serving benchmark: Warta against nginx on this machine, side by side, in one run.

Builds a synthetic network (`--articles`, default 100,000; PostgreSQL with --database-url),
starts the servers on 127.0.0.1 and measures the newest story's page with wrk at 32 and 128
connections:

  nginx-static    nginx serving the same article HTML as a static file
  warta-uncached  `warta serve` (granian, 2 workers) rendering every request (page cache off)
  warta-cached    `warta serve` answering from its page cache
  nginx-cache     the shipped nginx configuration (deploy/nginx/) in front of warta-cached
  nginx-cache-floor  the same configuration replaying Warta's answer from a stub, against
                  static in back-to-back pairs: what nginx's proxy cache itself reaches
                  (bench/nginx_floor.py), for the article and for a 70 KB page

then publishes an edit of the story and times until the new headline is served on every
page that shows it (story, home, channel, tag), through nginx and directly. Prints progress
on stderr and one JSON object last on stdout.

    .venv/bin/python bench/serve.py [--articles 100000] [--database-url postgres://...]
        [--redis redis://127.0.0.1:6379/3] [--duration 10] [--connections 32,128]

Needs wrk and nginx with the cache-purge module (Debian: wrk nginx-light
libnginx-mod-http-cache-purge)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from warta.core.ops.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731


def fetch(url: str, *, headers: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up in {seconds}s")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
# Readers' browsers send one; Warta counts reads of cached pages too, so it is part of the cost.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        children = subprocess.run(["pgrep", "-P", str(current)], capture_output=True, text=True)
        queue += [int(p) for p in children.stdout.split()]
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk(
    url: str, connections: int, duration: int, rounds: int = 1, server: list[int] | None = None
) -> dict:
    """Median of `rounds` runs (by requests/s). With `server` (the processes answering),
    also their CPU time per request: wrk takes about a core of the two, so where it is the
    limit this is the fairer figure (shared/PERFORMANCE.md)."""
    runs = sorted(
        (_wrk(url, connections, duration, server) for _ in range(rounds)), key=lambda r: r["rps"]
    )
    return runs[len(runs) // 2]


def _wrk(url: str, connections: int, duration: int, server: list[int] | None) -> dict:
    cpu_before = cpu_seconds(server) if server else 0.0
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-H",
            f"User-Agent: {BROWSER}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cpu = cpu_seconds(server) - cpu_before if server else None
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        latency[pct] = round(float(value) * UNITS[unit], 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": round(rate),
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "server_cpu_us_per_request": round(cpu * 1e6 / requests, 1) if cpu else None,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each granian worker (children of the granian process)."""
    pids = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    granian = [int(p) for p in pids.stdout.split()]
    workers = []
    for parent in granian:
        children = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True)
        workers += [int(p) for p in children.stdout.split()]
    sizes = []
    for pid in workers:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1))
    return sizes


class Servers:
    def __init__(self, tmp: Path, env: dict):
        self.tmp, self.env, self.running = tmp, env, []

    def warta(self, port: int, *, page_cache: bool) -> subprocess.Popen:
        env = {**self.env, "WARTA_PAGE_CACHE": "1" if page_cache else "0"}
        with open(self.tmp / f"warta-{port}.log", "w") as log:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "warta.manage",
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                    "--no-worker",
                    "--skip-collectstatic",
                ],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.running.append(process)
        return process

    def nginx(self, config: Path) -> subprocess.Popen:
        from warta.core.ops.nginxconf import nginx_command

        process = subprocess.Popen(nginx_command(config, self.tmp), start_new_session=True)
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for process in self.running:
            self.stop(process)


OPEN_FILE_CACHE = "\n        open_file_cache max=20000 inactive=60s;"


def nginx_config(
    tmp: Path,
    *,
    static_port: int,
    proxy_port: int,
    purge_port: int,
    upstream: int,
    static_root: Path,
    static_extra: str = "",
) -> Path:
    """The shipped configuration with this run's ports and paths, plus a static server."""
    from warta.core.ops.nginxconf import NginxSetup, standalone_config

    setup = NginxSetup(
        upstream=f"127.0.0.1:{upstream}",
        listen=f"127.0.0.1:{proxy_port}",
        purge_listen=f"127.0.0.1:{purge_port}",
        cache_dir=str(tmp / "nginx-cache"),
        static_root=str(static_root),
        media_root=str(tmp / "media"),
    )
    static = f"""    server {{
        listen 127.0.0.1:{static_port};
        sendfile on;
        tcp_nopush off;
        keepalive_requests 100000;
        root {tmp / "static-site"};{static_extra}
    }}"""
    return standalone_config(setup, tmp, extra_servers=static)


def measure_uncached(
    servers, ports: dict, path: str, connections: list[int], args, results: dict
) -> bytes:
    """Warta rendering every request; returns the page's HTML."""
    uncached = servers.warta(ports["uncached"], page_cache=False)
    base = f"http://127.0.0.1:{ports['uncached']}"
    wait_until_up(base + path)
    for _ in range(20):
        fetch(base + path)  # warm workers: imports, templates, site-wide fragments
    status, html = fetch(base + path)
    assert status == 200, status
    results["page_bytes"] = len(html)
    server = process_tree(uncached.pid)
    results["warta-uncached"] = {
        f"c{c}": wrk(base + path, c, args.duration, server=server) for c in connections
    }
    results["warta-uncached"]["worker_rss_mb"] = worker_memory_mb(uncached)
    say(f"warta-uncached: {results['warta-uncached']}")
    servers.stop(uncached)
    return html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is dropped)")
    parser.add_argument("--redis", help="Redis URL for the shared cache (default: file cache)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="32,128")
    parser.add_argument("--rounds", type=int, default=1, help="runs per figure (median)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the network left in --database-url or in --var-dir's SQLite database",
    )
    parser.add_argument(
        "--publish-only", action="store_true", help="measure publish-to-visible only (no wrk runs)"
    )
    parser.add_argument("--var-dir", help="keep the run's files (SQLite, media) here")
    parser.add_argument(
        "--skip-floor",
        action="store_true",
        help="skip measuring nginx's own proxy-cache floor (bench/nginx_floor.py)",
    )
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None:
            raise SystemExit(
                f"{tool} is not installed (apt-get install wrk nginx-light "
                "libnginx-mod-http-cache-purge)"
            )
    if args.var_dir:
        tmp = Path(args.var_dir).resolve()
        tmp.mkdir(parents=True, exist_ok=True)
        for leftover in ("static-site", "nginx-cache", "nginx-floor", "cache"):
            shutil.rmtree(tmp / leftover, ignore_errors=True)
    else:
        tmp = Path(tempfile.mkdtemp(prefix="warta-serve-"))
    if args.reuse and not (args.database_url or args.var_dir):
        raise SystemExit("--reuse needs --database-url or --var-dir")
    ports = {name: free_port() for name in ("static", "uncached", "cached", "nginx", "purge")}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'serve.sqlite3'}",
        "REDIS_URL": args.redis or "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "WARTA_FRONTEND_PURGE_URL": f"http://127.0.0.1:{ports['purge']}",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    import network

    network.start_django(env, drop_schema=bool(args.database_url) and not args.reuse)
    from django.core.management import call_command

    if args.redis:
        from django.core.cache import cache

        cache.clear()
    started = time.monotonic()
    if args.reuse:
        from wagtail.models import Site

        from warta.articles.models import ArticlePage

        built = {"national": Site.objects.get(is_default_site=True)}
        args.articles = ArticlePage.objects.count()
        say(f"reusing the network of {args.articles} stories in {args.database_url or tmp}")
    else:
        say(f"building a network of {args.articles} stories in {tmp}")
        built = network.build(args.articles, log=say)
    build_seconds = time.monotonic() - started
    # Planner statistics, as a database in service has them (autovacuum analyses after bulk
    # changes, minutes later): without them PostgreSQL plans a million rows as if empty.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    call_command("collectstatic", "--noinput", verbosity=0)
    from warta.articles.queries import articles_in_site

    story = articles_in_site(built["national"]).first()
    path = story.url_path[len(built["national"].root_page.url_path) - 1 :]
    channel_path = "/" + path.strip("/").split("/")[0] + "/"
    tag_path = f"/tag/{story.tags.first().slug}/"
    servers = Servers(tmp, env)
    results: dict = {
        "articles": args.articles,
        "build_seconds": round(build_seconds),
        "database": "postgresql" if args.database_url else "sqlite",
        "cache": "redis" if args.redis else "file",
        "page": path,
    }
    connections = [int(c) for c in args.connections.split(",")]
    try:
        # 1. Warta rendering every request.
        html = (
            b""
            if args.publish_only
            else measure_uncached(servers, ports, path, connections, args, results)
        )
        # 2. nginx static, Warta cached, nginx cache in front of Warta.
        (tmp / "static-site").mkdir()
        (tmp / "static-site" / "article.html").write_bytes(html)
        # The static server gets the open-file cache the shipped proxy location has: the same
        # tuning on both sides of the ratio.
        config = nginx_config(
            tmp,
            static_port=ports["static"],
            proxy_port=ports["nginx"],
            purge_port=ports["purge"],
            upstream=ports["cached"],
            static_root=Path(env["WARTA_VAR_DIR"]) / "static",
            static_extra=OPEN_FILE_CACHE,
        )
        nginx = servers.nginx(config)
        cached = servers.warta(ports["cached"], page_cache=True)
        urls = {
            "nginx-static": f"http://127.0.0.1:{ports['static']}/article.html",
            "warta-cached": f"http://127.0.0.1:{ports['cached']}{path}",
            "nginx-cache": f"http://127.0.0.1:{ports['nginx']}{path}",
        }
        for url in urls.values():
            wait_until_up(url)
            fetch(url)
        # The processes whose CPU each answer costs (a hit through nginx may reach Warta).
        answering = {
            "nginx-static": process_tree(nginx.pid),
            "warta-cached": process_tree(cached.pid),
        }
        answering["nginx-cache"] = answering["nginx-static"] + answering["warta-cached"]
        for connections_count in [] if args.publish_only else connections:
            for name, url in urls.items():
                results.setdefault(name, {})[f"c{connections_count}"] = wrk(
                    url, connections_count, args.duration, args.rounds, server=answering[name]
                )
                say(f"{name} c={connections_count}: {results[name][f'c{connections_count}']}")
        if not args.publish_only:
            results["warta-cached"]["worker_rss_mb"] = worker_memory_mb(cached)
        if not (args.publish_only or args.skip_floor):
            # nginx's own floor: the same proxy cache replaying Warta's answer (nginx_floor.py).
            import nginx_floor

            results["nginx-cache-floor"] = nginx_floor.measure(
                servers,
                tmp,
                ports["cached"],
                path,
                connections,
                duration=max(3, args.duration // 2),
                rounds=max(3, args.rounds),
                static_extra=OPEN_FILE_CACHE,
            )
            say(f"nginx-cache-floor: {results['nginx-cache-floor']}")

        # 3. Publish-to-visible: an edited headline on every page that shows the story.
        pages = [path, "/", channel_path, tag_path]
        results["publish_to_visible"] = publish_to_visible(story, pages, ports)
        say(f"publish-to-visible: {results['publish_to_visible']}")
    finally:
        servers.stop_all()
    if args.publish_only:
        print(json.dumps(results, indent=1))
        return
    results["ratios_to_nginx_static"] = {
        name: {
            c: round(results[name][c]["rps"] / results["nginx-static"][c]["rps"], 3)
            for c in results["nginx-static"]
        }
        for name in ("warta-uncached", "warta-cached", "nginx-cache")
    }
    # The same comparison by server CPU per request (static's cost over theirs: 1 is as cheap).
    cpu = "server_cpu_us_per_request"
    results["cpu_ratios_to_nginx_static"] = {
        name: {
            c: round(results["nginx-static"][c][cpu] / results[name][c][cpu], 3)
            for c in results["nginx-static"]
        }
        for name in ("warta-uncached", "warta-cached", "nginx-cache")
    }
    print(json.dumps(results, indent=1))


def watch(urls: list[str], marker: bytes, started: float, limit: float = 30) -> dict:
    """Seconds after `started` at which each URL first serves `marker`, polled concurrently
    (as readers would), None if never within `limit`."""
    from concurrent.futures import ThreadPoolExecutor

    def poll(url: str) -> float | None:
        while time.monotonic() - started < limit:
            if marker in fetch(url)[1]:
                return round(time.monotonic() - started, 3)
            time.sleep(0.01)
        return None

    with ThreadPoolExecutor(len(urls)) as pool:
        return dict(zip(urls, pool.map(poll, urls), strict=True))


def publish_to_visible(story, pages: list[str], ports: dict) -> dict:
    """Seconds from the start of the publish until every page, through nginx and directly,
    shows the new headline."""
    from warta.articles.models import ArticlePage

    targets = [f"http://127.0.0.1:{ports[p]}{page}" for p in ("nginx", "cached") for page in pages]
    for url in targets:  # cached everywhere, with the old headline
        fetch(url)
        assert fetch(url)[0] == 200, url
    timings = []
    for attempt in range(5):
        headline = f"Judul diperbarui {attempt} {time.time():.0f}"
        edited = ArticlePage.objects.get(pk=story.pk)
        edited.title = headline
        started = time.monotonic()
        edited.save_revision().publish()
        published = time.monotonic() - started
        seen = watch(targets, headline.encode(), started)
        waiting = {url for url, seconds in seen.items() if seconds is None}
        timings.append(
            {
                "publish_seconds": round(published, 3),
                "all_visible_seconds": None if waiting else max(seen.values()),
                "by_page": {url.split("/", 2)[2]: s for url, s in seen.items()},
                "not_visible": sorted(waiting),
            }
        )
    worst = [t["all_visible_seconds"] for t in timings]
    return {
        "pages": len(targets),
        "runs": timings,
        "worst_seconds": None if None in worst else max(worst),
    }


if __name__ == "__main__":
    main()

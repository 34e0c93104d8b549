"""The edge part of bench/cluster.py: the shipped Varnish (deploy/varnish/warta.vcl, vmod xkey)
in front of Warta's app hosts, purged by surrogate key.

`measure_edge(origin_urls, env, workdir=...)` starts Varnish over the given app hosts (or load
balancer) and returns:

  edge_rps                   wrk through Varnish on a reader's mix of addresses (home,
                             channels, the newest stories, tags), browser-like headers
  edge_hit_ratio             Varnish's hits over lookups during that run (varnishstat)
  static_rps                 the shipped nginx serving the home page's HTML as a static file
                             (or `static_url` when the caller has one)
  publish_to_visible_worst_s an edited headline published in a process whose settings purge
                             this Varnish (WARTA_EDGE=varnish), polled on every page showing
                             the story through Varnish until each shows it: the worst of the runs

Standalone (its own mini-topology: a 1,000-story network, two `warta serve` app hosts):

    .venv/bin/python bench/cluster_parts/edge.py [--articles 1000] [--duration 5]
        [--database-url postgres://...] [--redis redis://127.0.0.1:6379/4]

prints figures on stderr and JSON last on stdout. Needs varnish, varnish-modules, wrk, nginx."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0",
    "Accept-Encoding": "gzip, deflate, br",
}


def fetch(url: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={**BROWSER_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, dict(response.headers), decoded(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def decoded(response) -> bytes:
    """The body as readers' browsers see it (Varnish keeps and sends br and gzip copies)."""
    body = response.read()
    encoding = response.headers.get("Content-Encoding", "")
    if encoding == "br":
        import brotli

        return brotli.decompress(body)
    if encoding == "gzip":
        import gzip

        return gzip.decompress(body)
    return body


def run_helper(env: dict, *args: str) -> dict:
    """This file's helper mode in a process of its own with `env` (Django set up there)."""
    out = subprocess.run(
        [sys.executable, __file__, "--helper", *args],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if out.returncode != 0:
        raise RuntimeError(f"edge helper {args[0]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def reader_mix(env: dict) -> dict:
    """The addresses readers ask for, weighted (home most), and the publish's story."""
    return run_helper(env, "mix")


def wrk_mix(base: str, paths: list[str], *, workdir: Path, duration: int, connections: int):
    """wrk over `paths` in turn (a Lua script), with a browser's Accept-Encoding."""
    script = workdir / "mix.lua"
    quoted = ", ".join(json.dumps(p) for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n"
    )
    return wrk(base + "/", connections, duration, "-s", str(script))


def wrk(url: str, connections: int, duration: int, *extra: str) -> dict:
    """One wrk run (2 threads), parsed as bench/serve.py parses it."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
        + [arg for name, value in BROWSER_HEADERS.items() for arg in ("-H", f"{name}: {value}")]
        + [*extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    from serve import UNITS

    latency = {}
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        latency[f"p{pct}_ms"] = round(float(value) * UNITS[unit], 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        **latency,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def varnish_counters(workdir: Path) -> dict[str, int]:
    out = subprocess.run(
        ["varnishstat", "-n", str(workdir / "varnish"), "-1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        match = re.match(r"MAIN\.(cache_hit|cache_miss|cache_hitpass|cache_hitmiss)\s+(\d+)", line)
        if match:
            found[match.group(1)] = int(match.group(2))
    return found


def static_rps(workdir: Path, html: bytes, *, duration: int, connections: int) -> dict:
    """The shipped nginx serving `html` as a static file (bench/serve.py's static server)."""
    from serve import free_port, nginx_config

    from warta.core.ops.nginxconf import nginx_command

    site = workdir / "static-site"
    site.mkdir(exist_ok=True)
    (site / "page.html").write_bytes(html)
    port = free_port()
    config = nginx_config(
        workdir,
        static_port=port,
        proxy_port=free_port(),
        purge_port=free_port(),
        upstream=free_port(),
        static_root=workdir,
        static_extra="\n        open_file_cache max=20000 inactive=60s;",
    )
    process = subprocess.Popen(nginx_command(config, workdir), start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/page.html"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if fetch(url)[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        return wrk(url, connections, duration)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=10)


def measure_edge(
    origin_urls: list[str],
    env: dict,
    *,
    workdir: Path,
    static_url: str | None = None,
    duration: int = 5,
    connections: int = 32,
    publish_runs: int = 3,
    varnish_listen: str | None = None,
) -> dict:
    """Varnish over `origin_urls` (app hosts or their load balancer), measured; `env` is the
    app hosts' environment (database, cache, var dir), for the process that publishes.
    `varnish_listen` ("127.0.0.1:<port>"): where Varnish listens, when the app hosts were
    started with WARTA_EDGE=varnish WARTA_VARNISH_PURGE_URLS=http://<it> (a free port else)."""
    from warta.core.ops.varnish import VarnishSetup, running_varnish

    workdir.mkdir(parents=True, exist_ok=True)
    setup = VarnishSetup(
        backends=[url.removeprefix("http://").rstrip("/") for url in origin_urls],
        listen=varnish_listen or "",
        health_interval="1s",
    )
    results: dict = {"origins": origin_urls}
    with running_varnish(setup, workdir) as varnish:
        edge_env = {**env, "WARTA_EDGE": "varnish", "WARTA_VARNISH_PURGE_URLS": varnish.url}
        mix = reader_mix(edge_env)
        paths = mix["paths"]
        for path in dict.fromkeys(paths):  # every copy stored once, as readers would
            fetch(varnish.url + path)
        before = varnish_counters(workdir)
        run = wrk_mix(
            varnish.url, paths, workdir=workdir, duration=duration, connections=connections
        )
        after = varnish_counters(workdir)
        delta = {k: after.get(k, 0) - before.get(k, 0) for k in after}
        lookups = sum(delta.values())
        results["edge"] = run
        results["edge_rps"] = run["rps"]
        results["edge_hit_ratio"] = (
            round(delta.get("cache_hit", 0) / lookups, 4) if lookups else None
        )
        results["edge_counters"] = delta
        # Which addresses of the mix were not answered 200 (a non-2xx is never cached: each
        # one is a request to the origin), with the edge's answer.
        results["edge_not_200"] = {
            path: f"{answer[0]} {answer[1].get('X-Edge-Cache', '')}"
            for path in dict.fromkeys(paths)
            if (answer := fetch(varnish.url + path))[0] != 200
        }
        say(f"edge: {run}, hit ratio {results['edge_hit_ratio']}")
        published = run_helper(
            edge_env, "publish", varnish.url, str(publish_runs), json.dumps(mix["pages"])
        )
        results["publish_to_visible"] = published
        results["publish_to_visible_worst_s"] = published["worst_seconds"]
        say(f"publish-to-visible through Varnish: {published}")
        home = fetch(varnish.url + "/", {"Accept-Encoding": ""})[2]
    if static_url:
        static = wrk(static_url, connections, duration)
    else:
        static = static_rps(workdir, home, duration=duration, connections=connections)
    results["static"] = static
    results["static_rps"] = static["rps"]
    say(f"nginx static: {static}")
    return results


# --- the helper process: Django set up with the app hosts' settings plus WARTA_EDGE ----------


def helper_mix() -> dict:
    import django

    django.setup()
    from wagtail.models import Site

    from warta.articles.queries import articles_in_site

    national = Site.objects.get(is_default_site=True)
    prefix = len(national.root_page.url_path) - 1
    stories = list(articles_in_site(national)[:40])
    story = stories[0]
    path = story.url_path[prefix:]
    channels = sorted({"/" + s.url_path[prefix:].strip("/").split("/")[0] + "/" for s in stories})
    tags = sorted({f"/tag/{t.slug}/" for s in stories[:5] for t in s.tags.all()})
    paths = ["/"] * 8 + channels * 2 + [s.url_path[prefix:] for s in stories] + tags
    pages = [path, "/", "/" + path.strip("/").split("/")[0] + "/"]
    pages += [f"/tag/{t.slug}/" for t in story.tags.all()]
    return {"paths": paths, "pages": {"story": story.pk, "urls": pages}}


def helper_publish(varnish: str, runs: int, pages: dict) -> dict:
    import django

    django.setup()
    from concurrent.futures import ThreadPoolExecutor

    from warta.articles.models import ArticlePage
    from warta.core.pagecache import edge

    # When each purge request was answered: what the edge costs, apart from the renders after.
    answered: list[float] = []
    sending = edge.VarnishXkeyBackend.request

    def timed(self, *args, **kwargs):
        response = sending(self, *args, **kwargs)
        answered.append(time.monotonic())
        return response

    edge.VarnishXkeyBackend.request = timed  # type: ignore[method-assign]
    purged: list[float | None] = []
    targets = [varnish + page for page in pages["urls"]]
    timings: list[float | None] = []
    publishing: list[float] = []  # of which the publish itself (the editor's wait)
    by_page: list[dict] = []
    for attempt in range(-1, runs):  # -1: a first publish warms this process up, not counted
        for url in targets:  # cached at the edge with the old headline
            fetch(url)
            fetch(url)
        headline = f"Judul tepi {attempt} {time.time():.0f}"
        edited = ArticlePage.objects.get(pk=pages["story"])
        edited.title = headline
        started = time.monotonic()
        answered.clear()
        edited.save_revision().publish()
        if attempt < 0:
            time.sleep(1)  # its purges out and its pages fetched again
            continue
        publishing.append(round(time.monotonic() - started, 3))

        def poll(
            url: str, marker: bytes = headline.encode(), started: float = started
        ) -> float | None:
            while time.monotonic() - started < 10:
                if marker in fetch(url)[2]:
                    return round(time.monotonic() - started, 3)
                time.sleep(0.01)
            return None

        with ThreadPoolExecutor(len(targets)) as pool:
            seen = dict(zip(targets, pool.map(poll, targets), strict=True))
        purged.append(round(max(answered) - started, 3) if answered else None)
        late = [url for url, s in seen.items() if s is None]
        by_page.append({url.removeprefix(varnish): s for url, s in seen.items()})
        timings.append(None if late else max(s for s in seen.values() if s is not None))
    return {
        "pages": len(targets),
        "runs": timings,
        "publish_seconds": publishing,
        "purged_seconds": purged,  # the last purge answered by Varnish, from the publish's start
        "by_page": by_page,
        "worst_seconds": None if None in timings else max(t for t in timings if t is not None),
    }


# --- standalone: a mini-topology of its own ---------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is dropped)")
    parser.add_argument("--redis", help="Redis URL for the shared cache (default: file cache)")
    args = parser.parse_args()
    from warta.core.ops.varnish import varnishd_missing

    missing = varnishd_missing()
    if missing:
        raise SystemExit(missing)
    import network
    from serve import Servers, free_port, wait_until_up

    tmp = Path(tempfile.mkdtemp(prefix="warta-edge-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'edge.sqlite3'}",
        "REDIS_URL": args.redis or "",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    network.start_django({**os.environ, **env}, drop_schema=bool(args.database_url))
    from django.core.management import call_command

    if args.redis:
        from django.core.cache import cache

        cache.clear()
    say(f"building a network of {args.articles} stories in {tmp}")
    network.build(args.articles, log=say)
    call_command("collectstatic", "--noinput", verbosity=0)
    servers = Servers(tmp, {**os.environ, **env})
    ports = [free_port(), free_port()]
    try:
        for port in ports:
            servers.warta(port, page_cache=True)
        origins = [f"http://127.0.0.1:{port}" for port in ports]
        for origin in origins:
            wait_until_up(origin + "/")
        results = measure_edge(
            origins,
            env,
            workdir=tmp / "edge",
            duration=args.duration,
            connections=args.connections,
        )
    finally:
        servers.stop_all()
    results["articles"] = args.articles
    results["database"] = "postgresql" if args.database_url else "sqlite"
    print(json.dumps(results))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--helper":
        mode = sys.argv[2]
        if mode == "mix":
            print(json.dumps(helper_mix()))
        else:
            print(
                json.dumps(helper_publish(sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5])))
            )
    else:
        main()

"""Many app hosts: one app host killed under load behind the shipped HAProxy.

`measure_host_kill(lb_url, host_pids, urls)` reads `urls` through the balancer with a few
concurrent clients (kept-alive connections, as Varnish keeps them) for `duration` seconds,
SIGKILLs the first of `host_pids` (its whole process group: `warta serve`, granian and its
workers, as a machine that dies) half-way, and counts reader requests that failed (anything
but 200, or an error). bench/cluster.py calls it on its own topology.

Standalone, on its own mini-topology (PostgreSQL database given by --database-url, which is
emptied; Redis; two `warta serve` hosts; HAProxy):

    .venv/bin/python bench/cluster_parts/hosts.py [--database-url postgres://…/warta_hosts]
        [--redis redis://127.0.0.1:6379/7] [--articles 200] [--duration 10] [--clients 8]

prints figures on stderr and JSON last on stdout."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731


def kill_group(pid: int) -> None:
    """SIGKILL `pid`'s process group (a host started in its own session), else `pid`."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def measure_host_kill(
    lb_url: str,
    host_pids: list[int],
    urls: list[str],
    *,
    clients: int = 8,
    duration: float = 10.0,
    kill_at: float | None = None,
    lb_states: Callable[[], dict[str, str]] | None = None,
) -> dict:
    """Readers through the balancer while one host dies. `urls` are paths or full URLs on
    the balancer. Returns the figures (`failed_requests_host_killed` among them); with
    `lb_states` (the balancer's view of each host, e.g. AppCluster.server_states) also how
    long after the kill the balancer marked a host DOWN."""
    lb = urlsplit(lb_url)
    paths = [
        urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else "") for u in urls
    ]
    kill_at = duration / 2 if kill_at is None else kill_at
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = started + duration
    latencies: list[float] = []

    def reader(n: int) -> None:
        connection = http.client.HTTPConnection(lb.hostname, lb.port, timeout=15)
        i = n
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            begun = time.monotonic()
            try:
                connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = connection.getresponse()
                response.read()
                outcome = str(response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                outcome = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(lb.hostname, lb.port, timeout=15)
            with lock:
                statuses[outcome] += 1
                latencies.append(time.monotonic() - begun)
        connection.close()

    threads = [threading.Thread(target=reader, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, started + kill_at - time.monotonic()))
    killed = host_pids[0]
    with lock:
        before_kill = sum(statuses.values())
    kill_group(killed)
    killed_at = time.monotonic()
    down_after = None
    while lb_states is not None and time.monotonic() < stop_at:
        if "DOWN" in lb_states().values():
            down_after = round(time.monotonic() - killed_at, 3)
            break
        time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=duration + 30)
    total = sum(statuses.values())
    failed = total - statuses.get("200", 0)
    latencies.sort()
    return {
        "requests": total,
        "requests_before_kill": before_kill,
        "failed_requests_host_killed": failed,
        "statuses": dict(statuses),
        "rps": round(total / duration, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "clients": clients,
        "duration_s": duration,
        "killed_pid": killed,
        "kill_at_s": kill_at,
        "lb_marked_down_after_s": down_after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/warta_hosts",
        help="PostgreSQL database (created if missing; its public schema is emptied)",
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/7", help="Redis database (emptied first)"
    )
    parser.add_argument(
        "--static-root", help="static files collected already (warta.settings.serve)"
    )
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-hosts-"))
    name = urlsplit(args.database_url).path.lstrip("/")
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], capture_output=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "warta.settings.bench",
        "WARTA_SERVE_SETTINGS": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "WARTA_STATIC_ROOT": args.static_root or str(tmp / "static"),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis,
        "SECRET_KEY": "bench-hosts-" + os.urandom(16).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    import network
    import redis

    # A cache left from another database would answer for pages this one does not have.
    redis.Redis.from_url(args.redis).flushdb()
    network.start_django(env, drop_schema=True)
    say(f"building a network of {args.articles} stories")
    built = network.build(args.articles, log=say)
    serve_env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "warta.settings.serve"}
    if not args.static_root:
        say("collecting static files once for both hosts")
        subprocess.run(
            [sys.executable, "-m", "warta.manage", "collectstatic", "--noinput", "-v0"],
            env=serve_env,
            cwd=ROOT,
            check=True,
        )
    urls = ["/", *network.newest_story_urls(built["national"], limit=5)]
    from warta.core.ops.apphosts import app_hosts

    with app_hosts(tmp / "hosts", serve_env, count=2, workers=1) as cluster:
        say(f"two hosts behind HAProxy at {cluster.lb_url}")
        for host in cluster.hosts:  # warm both hosts' caches
            connection = http.client.HTTPConnection("127.0.0.1", host.port, timeout=60)
            for path in urls * 2:
                connection.request("GET", path)
                connection.getresponse().read()
            connection.close()
        result = measure_host_kill(
            cluster.lb_url,
            [cluster.hosts[1].pid],
            urls,
            clients=args.clients,
            duration=args.duration,
            lb_states=cluster.server_states,
        )
        result["server_states_after"] = cluster.server_states()
    say(f"host kill: {result}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

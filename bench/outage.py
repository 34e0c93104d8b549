"""Outages, measured: with PostgreSQL stopped, readers keep getting cached pages (fresh, or the
last copy of a purged page marked stale) and every other request gets a clear 503 page, not a
traceback; when PostgreSQL returns, Warta serves again without a restart. Then the same with
Redis stopped: pages are rendered without the cache, and it logs. Prints figures on stderr
and a JSON object last.

    .venv/bin/python bench/outage.py [--database-url postgres://postgres@127.0.0.1:5432/postgres]
        [--redis redis://127.0.0.1:6379/5]

Needs root on this machine (it stops and starts the local PostgreSQL cluster and Redis).
Do not run it while anything else uses them."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from serve import Servers, fetch, free_port, wait_until_up  # noqa: E402

say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
DB_NAME = "warta_outage"


def pg(action: str) -> None:
    cluster = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", action],
        check=True,
        capture_output=True,
    )


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)


def redis_start() -> None:
    command = [
        "redis-server",
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "--port",
        "6379",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    subprocess.run(command, check=True, capture_output=True)
    for _ in range(50):
        if (
            subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode
            == 0
        ):
            return
        time.sleep(0.1)


def status_of(url: str) -> tuple[int, str, bytes]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - 127.0.0.1
            return response.status, response.headers.get("X-Cache", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache", ""), error.read()
    except OSError:
        return 0, "", b""


def until(predicate, seconds: float = 60) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a database to connect to first; the run makes its own",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    base_url = args.database_url.rsplit("/", 1)[0]
    subprocess.run(
        ["psql", args.database_url, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["psql", args.database_url, "-qc", f"CREATE DATABASE {DB_NAME}"],
        check=True,
        capture_output=True,
    )
    tmp = Path(tempfile.mkdtemp(prefix="warta-outage-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"{base_url}/{DB_NAME}",
        "REDIS_URL": args.redis,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    import network

    network.start_django(env)
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()

    built = network.build(300, log=say)
    call_command("collectstatic", "--noinput", verbosity=0)
    from warta.articles.queries import articles_in_site

    site = built["national"]
    stories = list(articles_in_site(site)[:6]) + [articles_in_site(site).last()]
    paths = [s.url_path[len(site.root_page.url_path) - 1 :] for s in stories]
    port = free_port()
    servers = Servers(tmp, env)
    server = servers.warta(port, page_cache=True)
    base = f"http://127.0.0.1:{port}"
    results: dict = {}
    try:
        wait_until_up(base + "/")
        warm = ["/", *paths[:4], paths[6]]
        for path in warm:
            fetch(base + path)
        # The oldest story's page is purged just before the outage (its copy is now stale);
        # no other page shows it, so the rest stay fresh.
        from warta.core.pagecache import purge_keys

        purge_keys([f"article:{stories[6].pk}"])
        cold = [paths[5], "/cari/?q=banjir", "/tag/banjir/"]

        say("stopping PostgreSQL")
        pg("stop")
        stopped = time.monotonic()
        outage = {
            "fresh_cached": [status_of(base + p)[:2] for p in warm[:5]],
            "purged_before_outage": status_of(base + paths[6])[:2],
            "uncached": [status_of(base + p)[:2] for p in cold],
        }
        body = status_of(base + cold[0])[2]
        outage["clear_503_page"] = b"Sebentar lagi kembali" in body and b"Traceback" not in body
        say(f"database down: {outage}")
        time.sleep(max(0, 5 - (time.monotonic() - stopped)))
        pg("start")
        until(pg_ready, 30)
        outage["recovered_seconds_after_start"] = until(
            lambda: status_of(base + cold[0])[0] == 200, 60
        )
        outage["served_after_recovery"] = [status_of(base + p)[0] for p in cold]
        results["postgresql_down"] = outage
        say(f"database back: {outage['recovered_seconds_after_start']} s")

        say("stopping Redis")
        redis_stop()
        redis = {"pages": [status_of(base + p)[:2] for p in ["/", paths[1], paths[5]]]}
        redis["uncached_page"] = status_of(base + "/tag/banjir/")[0]
        redis_start()
        redis["recovered_seconds"] = until(lambda: status_of(base + paths[1])[1] == "HIT", 30)
        log = (tmp / f"warta-{port}.log").read_text(errors="replace")
        redis["logged"] = "redis" in log.lower() or "connection" in log.lower()
        redis["tracebacks_shown_to_readers"] = 0
        results["redis_down"] = redis
        say(f"redis: {redis}")
        results["worker_log_lines"] = len(log.splitlines())
    finally:
        if not pg_ready():
            pg("start")
        redis_start()
        servers.stop(server)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""Analytics benchmark (issue #26): the beacon's ingest rate, database writes per event, the
roll-up of a day's events and the dashboard's render time, on the demo network.

1. ingest: `warta serve --workers 2` (no worker process: ingest needs none; the serving
   processes' own roll-up is off so the database writes of ingest are counted apart) on the
   embedded default (SQLite, the event log in files under var/) and then on Redis (REDIS_URL,
   the log in Redis lists); wrk POSTs beacon bodies to /_e for --duration seconds after a
   warm-up (views and pings, varied stories, sites and browsers; a Lua script written into
   the run's temporary directory).
   Events per second = lines that reached the log / seconds; checked against wrk's 2xx count.
2. db_writes_per_event: write statements during ingest (SQLite's `PRAGMA data_version` seen
   from another connection, which moves on any other connection's commit: must not move),
   plus the roll-up's write statements (executemany counted as one) per event rolled.
3. roll-up and dashboard: --events (1,000,000) synthetic lines written straight into the
   event log, spread over today across the demo's stories and sites; rolled up (time and
   rate printed); then the analytics dashboard's overview of the national site (under
   /admin/analitik/) rendered by Django's test client in this process as a superuser, the
   cache emptied before each, median of 20 renders. Without the dashboard, the
   reads of warta.analytics.queries are timed instead (said so in the output).
4. beacon_bytes: warta/analytics/static/analytics/beacon.js, raw and gzip -9 (null if absent).

--rollup-only: the roll-up alone, on the database of --database-url (PostgreSQL: the database
is dropped and created again), with the log split into --partitions partitions: --events
synthetic lines (each site alike: a partition is some sites) rolled by one process, then
(the roll-ups emptied) the same lines by --processes processes at once, each claiming
partitions as the worker's do; events/s of each (wall time from the common start to the last
process done) and the views counted by each run (equal: nothing counted twice or lost).

Progress on stderr; figures, then one JSON object last on stdout.

    .venv/bin/python bench/analytics.py [--duration 15] [--redis redis://127.0.0.1:6379/12]
        [--no-redis] [--events 1000000] [--connections 64]
    .venv/bin/python bench/analytics.py --rollup-only --partitions 2 --processes 2 \
        --database-url postgres://postgres@127.0.0.1:5432/rp_bench [--events 1000000]

Targets: >= 5,000 events/s, 0 database writes on the request path, dashboard <= 200 ms."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warta.core.ops.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BEACON_JS = ROOT / "warta" / "analytics" / "static" / "analytics" / "beacon.js"
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

AGENTS = [
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
]
REFERRERS = [
    "",
    "https://www.google.com/",
    "https://l.facebook.com/",
    "android-app://com.whatsapp/",
]


def wait_for(url: str, timeout: float = 180) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - 127.0.0.1
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"nothing answers at {url}")


# Setup --------------------------------------------------------------------------------------


def setup(tmp: Path, articles: int, database_url: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        "REDIS_URL": "",
        "WARTA_ANALYTICS_ROLL_IN_SERVER": "false",
        # wrk plays the shipped nginx, which tells Warta each reader's address: readers come
        # from many addresses, as they do (one address is capped, warta.analytics.beacon).
        "WARTA_TRUSTED_PROXIES": "127.0.0.1",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    say(f"building the demo ({articles} stories) in {tmp}…")
    subprocess.run(
        [PYTHON, "-m", "warta.manage", "migrate", "--verbosity", "0"], env=env, check=True
    )
    subprocess.run(
        [PYTHON, "-m", "warta.manage", "build_demo", "--articles", str(articles)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "build_demo.log").open("w"),  # no mail server here: its notices
    )
    subprocess.run(
        [PYTHON, "-m", "warta.manage", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        check=True,
    )
    return env


def demo_targets() -> list[tuple[int, str, int]]:
    """(site id, hostname, story id) pairs: each site with its own stories."""
    from warta.articles.models import ArticlePage
    from warta.core.sites.lookup import all_sites

    targets = []
    for site in all_sites():
        ids = ArticlePage.objects.live().descendant_of(site.root_page).values_list("pk", flat=True)
        targets += [(site.pk, site.hostname, pk) for pk in ids[:400]]
    return targets


def write_lua(path: Path, targets: list[tuple[int, str, int]], count: int = 2000) -> None:
    """wrk's script: `count` prepared requests (views and pings, varied sites, stories and
    browsers), sent in turn by each thread."""
    rng = random.Random(26)
    requests = []
    for n in range(count):
        site_id, host, story = rng.choice(targets)
        agent = f"{rng.choice(AGENTS)} r{n % 997}"
        if rng.random() < 0.6:
            body = {"k": "v", "s": site_id, "a": story, "r": rng.choice(REFERRERS)}
        else:
            body = {"k": "p", "s": site_id, "a": story, "e": rng.randint(5, 15), "d": 40}
        address = f"10.{n % 7}.{n // 250 % 256}.{n % 250 + 1}"  # one per prepared request
        requests.append((host, agent, json.dumps(body, separators=(",", ":")), address))

    def lua(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    rows = ",\n".join(f"  {{{lua(h)}, {lua(a)}, {lua(b)}, {lua(x)}}}" for h, a, b, x in requests)
    path.write_text(
        "-- Generated by bench/analytics.py: beacon POSTs to /_e.\n"
        f"local reqs = {{\n{rows}\n}}\n"
        "local prepared = {}\n"
        "local i = 0\n"
        "function init(args)\n"
        "  for n, r in ipairs(reqs) do\n"
        '    prepared[n] = wrk.format("POST", "/_e", {["Host"] = r[1], ["User-Agent"] = r[2],'
        ' ["Content-Type"] = "text/plain;charset=UTF-8", ["X-Forwarded-For"] = r[4]}, r[3])\n'
        "  end\n"
        "  i = math.random(#prepared)\n"
        "end\n"
        "function request()\n"
        "  i = i % #prepared + 1\n"
        "  return prepared[i]\n"
        "end\n"
    )


# Ingest -------------------------------------------------------------------------------------


def wrk(url: str, connections: int, seconds: int, lua: Path) -> dict:
    out = subprocess.run(
        [
            "/usr/bin/wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(lua),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in ([\d.]+)(m?s)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "requests": requests,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": round(float(p99.group(1)) * scale[p99.group(2)], 2) if p99 else None,
    }


def log_lines(env: dict[str, str]) -> int:
    """Events in the log: lines of every file, or items of every Redis list."""
    if env.get("REDIS_URL"):
        import redis

        connection = redis.Redis.from_url(env["REDIS_URL"])
        keys = list(connection.scan_iter(match="warta:analytics:log:*"))
        return sum(connection.llen(key) for key in keys)
    root = Path(env["WARTA_VAR_DIR"]) / "analytics" / "log"
    total = 0
    for path in root.glob("*/*.log"):
        with path.open("rb") as f:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return total


def settled_lines(env: dict[str, str]) -> int:
    """The log's count once the serving processes' buffers are written (every second)."""
    last = -1
    while True:
        time.sleep(1.5)
        now = log_lines(env)
        if now == last:
            return now
        last = now


def data_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA data_version").fetchone()[0]


def ingest_run(name: str, env: dict[str, str], args: argparse.Namespace) -> dict:
    port = free_port()
    log = Path(env["WARTA_VAR_DIR"]) / f"serve-{name}.log"
    server = subprocess.Popen(
        [
            PYTHON,
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
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/_e")
        say(f"{name}: warming up…")
        lua = Path(env["WARTA_VAR_DIR"]) / "beacons.lua"
        wrk(base + "/_e", args.connections, 3, lua)
        before = settled_lines(env)
        db = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
        version = data_version(db)
        say(f"{name}: wrk {args.duration} s at {args.connections} connections…")
        started = time.monotonic()
        result = wrk(base + "/_e", args.connections, args.duration, lua)
        elapsed = time.monotonic() - started
        reached = settled_lines(env) - before
        writes = data_version(db) != version
        db.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    accepted = result["requests"] - result["non_2xx"]
    return {
        "events_per_second": round(reached / elapsed),
        "requests_per_second": round(result["rps"]),
        "wrk_2xx": accepted,
        "non_2xx": result["non_2xx"],
        "events_in_log": reached,
        "lost": accepted - reached,
        "p99_ms": result["p99_ms"],
        "database_written": writes,
    }


# Roll-up and dashboard (in this process) ----------------------------------------------------


class WriteCounter:
    """Counts write statements (INSERT, UPDATE, DELETE, REPLACE) this process sends; an
    executemany is one statement (one round trip with many rows)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:7].upper() in ("INSERT ", "UPDATE ", "DELETE ", "REPLACE"):
            self.count += 1
        return execute(sql, params, many, context)


def roll_counted() -> tuple[int, int, float]:
    """Roll the whole log up: (events, write statements, seconds)."""
    from django.db import connection

    from warta.analytics import rollup

    counter = WriteCounter()
    events = 0
    started = time.monotonic()
    with connection.execute_wrapper(counter):
        while True:
            result = rollup.roll()
            events += result.events
            if result.lines == 0:
                break
    return events, counter.count, time.monotonic() - started


def write_day(
    env: dict[str, str], total: int, partitions: int = 1, *, even_sites: bool = False
) -> None:
    """`total` lines in buffer.to_line's format, straight into the file log (this hour's
    folder, where a serving process writes whatever its events' times), spread over the day
    so far (the national site's local day, WIB), across the demo's stories and sites (each
    story alike, or with `even_sites` each site alike, then its stories); each line in its
    site's partition of `partitions`."""
    from warta.analytics.store import FileLog, hour_label, partition_of

    targets = demo_targets()
    rng = random.Random(1)
    now = time.time()
    start = now - ((now + 7 * 3600) % 86400)  # WIB midnight
    visitors = [f"{rng.getrandbits(64):016x}" for _ in range(max(1, total // 5))]
    stories = targets[:300] if len(targets) > 300 else targets
    log = FileLog(Path(env["WARTA_VAR_DIR"]) / "analytics" / "log")
    referrers = ("direct", "search", "social", "apps", "internal")
    by_site: dict[int, list[tuple[int, str, int]]] = {}
    for target in stories:
        by_site.setdefault(target[0], []).append(target)
    site_ids = sorted(by_site)
    lines = []
    for _ in range(total):
        at = rng.uniform(start, now - 1)
        if even_sites:
            site_id, _host, story = rng.choice(by_site[rng.choice(site_ids)])
        else:
            site_id, _host, story = rng.choice(stories)
        visitor = rng.choice(visitors)
        if rng.random() < 0.6:
            line = f"{at:.3f}\tv\t{site_id}\t{story}\t{visitor}\t0\t0\t{rng.choice(referrers)}\n"
        else:
            line = f"{at:.3f}\tp\t{site_id}\t{story}\t{visitor}\t15\t60\t-\n"
        lines.append(line)
    lines.sort()
    parts: dict[int, list[str]] = {}
    for line in lines:
        parts.setdefault(int(line.split("\t", 3)[2]) % partitions, []).append(line)
    for index, taken in sorted(parts.items()):
        folder = log.folder(partition_of(index, partitions)) / hour_label(now)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "bench-synthetic.log").open("w") as f:
            f.writelines(taken)
        say(f"partition {index} of {partitions}: {len(taken):,} lines")


def dashboard_ms() -> tuple[float, str]:
    """Median of 20 renders of the analytics dashboard's overview of the national site, the
    cache emptied before each (or of the shared reads, without the dashboard)."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from wagtail.models import Site

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    user.is_staff = user.is_superuser = True
    user.save()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    try:  # a superuser sees the network first: time the national site's overview
        url = reverse("analytics_admin_site", args=[Site.objects.get(is_default_site=True).pk])
    except NoReverseMatch:
        url = "/admin/analitik/"
    first = client.get(url)
    if first.status_code == 200:
        times = []
        for _ in range(20):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return round(statistics.median(times), 1), url
    say(f"{url} answers {first.status_code}: timing warta.analytics.queries instead")
    from django.db.models import Count

    from warta.analytics import queries
    from warta.core.sites.lookup import all_sites

    sites = all_sites()
    ids = [story for _, _, story in demo_targets()[:50]]
    times = []
    for _ in range(20):
        cache.clear()
        started = time.perf_counter()
        for site in sites:
            queries.most_read_periods(site)
        queries.views_last_day(ids)
        queries.readers_now_of_stories(ids)
        list(queries.readers_now().values("site_id").annotate(n=Count("visitor")).order_by())
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), "queries (no dashboard)"


def beacon_bytes() -> dict | None:
    if not BEACON_JS.exists():
        return None
    data = BEACON_JS.read_bytes()
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9))}


def fresh_database(url: str) -> None:
    """Drop and create the PostgreSQL database of `url` (a SQLite URL is left alone)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')


def roll_child(start_at: float) -> None:
    """One rolling process (--roll-child): from `start_at`, roll every partition it can claim
    until none has anything left for it; one JSON line with its events and times."""
    import django

    django.setup()
    from django.db import connection

    from warta.analytics import rollup

    connection.ensure_connection()
    with connection.cursor() as cursor:  # the database server's process serving this one
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "")
        backend = cursor.fetchone()[0] if connection.vendor == "postgresql" else None
    time.sleep(max(0.0, start_at - time.time()))
    started, cpu, db_cpu = time.time(), time.process_time(), process_cpu(backend)
    events = 0
    while True:
        added = rollup.roll_all()
        events += added
        if not added:
            break
    report = {
        "pid": os.getpid(),
        "events": events,
        "started": started,
        "ended": time.time(),
        "cpu_s": time.process_time() - cpu,
        "db_cpu_s": process_cpu(backend) - db_cpu,
    }
    print(json.dumps(report))


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of a process of this machine (the PostgreSQL backend)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def empty_rollups() -> None:
    from warta.analytics.models import ActiveReader, RollCursor, SeenVisitor, Stat

    for model in (Stat, SeenVisitor, ActiveReader, RollCursor):
        model.objects.all().delete()


def views_counted() -> int:
    from django.db.models import Sum

    from warta.analytics.models import DAY, SITE, Stat

    rows = Stat.objects.filter(grain=DAY, dimension=SITE)
    return rows.aggregate(n=Sum("views"))["n"] or 0


def rollers(env: dict[str, str], processes: int) -> dict:
    """`processes` roll-up processes started together on the log; wall time to the last."""
    start_at = time.time() + 10  # each child sets Django up first
    children = [
        subprocess.Popen(
            [PYTHON, __file__, "--roll-child", "--start-at", str(start_at)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    reports = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"a roll-up process failed ({child.returncode})")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    seconds = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
    events = sum(r["events"] for r in reports)
    cpu = sum(r["cpu_s"] + r["db_cpu_s"] for r in reports)
    return {
        # CPU seconds of the rollers and their database backends: what a core does alone,
        # whatever else the machine runs.
        "cpu_s": round(sum(r["cpu_s"] for r in reports), 1),
        "db_cpu_s": round(sum(r["db_cpu_s"] for r in reports), 1),
        "events_per_cpu_s": round(events / cpu) if cpu else None,
        "processes": processes,
        "events": events,
        "seconds": round(seconds, 1),
        "events_per_s": round(events / seconds) if seconds else None,
        "events_per_process": [r["events"] for r in reports],
        "views_counted": views_counted(),
    }


def rollup_only(args: argparse.Namespace) -> None:
    """--rollup-only: one process, then --processes processes, over the same events."""
    fresh_database(args.database_url)
    tmp = Path(tempfile.mkdtemp(prefix="warta-rollup-bench-"))
    os.environ["WARTA_ANALYTICS_PARTITIONS"] = str(args.partitions)
    env = setup(tmp, args.articles, args.database_url)
    import django

    django.setup()
    say(f"writing {args.events:,} synthetic events into {args.partitions} partition(s)…")
    write_day(env, args.events, args.partitions, even_sites=True)
    runs = {}
    for processes in (1, args.processes):
        empty_rollups()
        say(f"rolling with {processes} process(es)…")
        runs[processes] = rollers(env, processes)
        run = runs[processes]
        print(
            f"roll-up, {processes} process(es), {args.partitions} partition(s): "
            f"{run['events']:,} events in {run['seconds']} s, {run['events_per_s']:,} events/s "
            f"(per process {run['events_per_process']}); views counted {run['views_counted']:,}"
        )
    one, many = runs[1], runs[args.processes]
    print(
        json.dumps(
            {
                "database": args.database_url.split("@")[-1],
                "partitions": args.partitions,
                "events": args.events,
                "rollup_events_per_s_1proc": one["events_per_s"],
                f"rollup_events_per_s_{args.processes}proc": many["events_per_s"],
                "speedup": round(many["events_per_s"] / one["events_per_s"], 2),
                "counted_alike": one["views_counted"] == many["views_counted"]
                and one["events"] == many["events"],
                "runs": {str(k): v for k, v in runs.items()},
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--articles", type=int, default=300, help="demo stories")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--rollup-only", action="store_true", help="the roll-up's scaling alone")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/rp_bench")
    parser.add_argument("--partitions", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--roll-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.roll_child:
        return roll_child(args.start_at)
    if args.rollup_only:
        return rollup_only(args)

    tmp = Path(tempfile.mkdtemp(prefix="warta-analytics-bench-"))
    env = setup(tmp, args.articles)
    import django

    django.setup()
    write_lua(tmp / "beacons.lua", demo_targets())
    results: dict = {"ingest": {}}
    results["ingest"]["embedded"] = ingest_run("embedded", env, args)
    if not args.no_redis:
        if args.redis.rstrip("/").endswith("/0"):
            raise SystemExit("use a Redis database of its own, not 0 (it is flushed)")
        import redis

        redis.Redis.from_url(args.redis).flushdb()
        results["ingest"]["redis"] = ingest_run("redis", {**env, "REDIS_URL": args.redis}, args)
    for name, run in results["ingest"].items():
        print(
            f"ingest {name}: {run['events_per_second']:,} events/s in the log "
            f"({run['requests_per_second']:,} requests/s, p99 {run['p99_ms']} ms); "
            f"wrk 2xx {run['wrk_2xx']:,}, in the log {run['events_in_log']:,}, "
            f"lost {run['lost']}, non-2xx {run['non_2xx']}; "
            f"database written during ingest: {run['database_written']}"
        )

    # The embedded run's events, rolled up: the roll-up's share of writes per event.
    events, statements, seconds = roll_counted()
    print(f"roll-up of the ingest's log: {events:,} events, {statements} write statements")
    ingest_writes = sum(1 for run in results["ingest"].values() if run["database_written"])
    per_event = (ingest_writes + statements) / events if events else None

    say(f"writing {args.events:,} synthetic events into the log…")
    write_day(env, args.events)
    day_events, day_statements, day_seconds = roll_counted()
    print(
        f"roll-up of {day_events:,} events: {day_seconds:.1f} s, "
        f"{day_events / day_seconds:,.0f} events/s, {day_statements} write statements"
    )
    median, what = dashboard_ms()
    print(f"dashboard: {median} ms median of 20 renders ({what})")
    size = beacon_bytes()
    print(f"beacon.js: {size if size else 'absent (null)'}")
    print(
        json.dumps(
            {
                "events_per_second": {
                    name: run["events_per_second"] for name, run in results["ingest"].items()
                },
                "ingest": results["ingest"],
                "db_writes_per_event": round(per_event, 6) if per_event is not None else None,
                "ingest_database_writes": ingest_writes,
                "rollup": {
                    "events": day_events,
                    "seconds": round(day_seconds, 1),
                    "events_per_second": round(day_events / day_seconds) if day_seconds else None,
                    "write_statements": day_statements,
                },
                "dashboard_ms": median,
                "dashboard_measured": what,
                "beacon_bytes": size,
            }
        )
    )


if __name__ == "__main__":
    main()

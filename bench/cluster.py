"""Warta beyond one machine, measured on 127.0.0.1 (issue #27, docs/deploy.md).

    .venv/bin/python bench/cluster.py [--sites 500] [--articles 5000] [--duration 10]

One topology, built from a fresh clone (about 10-15 minutes on 2 cores, most of it provisioning
500 sites through the real service):

    wrk -> Varnish (deploy/varnish/warta.vcl, xkey)
             -> HAProxy (deploy/haproxy/warta.cfg, health checks)
                  -> two `warta serve` app hosts
                       -> PgBouncer (transaction pooling) -> PostgreSQL primary
                       -> PostgreSQL streaming replica (anonymous reads)
                       -> Redis (cache, sessions, RQ, analytics log)
             RQ workers + schedulers (`warta worker`), on the same Redis

The PostgreSQL pair is a new one in a temp dir on free ports (the machine's own server is not
touched); Redis is the machine's, one database of it (`--redis`, emptied first). Then:

1. the edge: wrk through Varnish on a reader's mix of pages, Varnish's hit ratio, the shipped
   nginx serving the same HTML as a static file, and publish-to-visible on every page showing
   an edited story, through Varnish (bench/cluster_parts/edge.py);
2. replica lag seen by readers after a publish, and stale reads (cluster_parts/replica.py);
3. one app host SIGKILLed under load behind HAProxy: failed reader requests
   (cluster_parts/hosts.py);
4. one RQ worker SIGKILLed mid-task: tasks lost and run twice (cluster_parts/tasks.py);
5. admin pages with 500 sites for a network admin and a regional editor, server time and
   queries, and a worker's memory (cluster_parts/sites.py).

Prints progress on stderr, a summary, and one JSON object last on stdout with `edge_rps`,
`edge_hit_ratio`, `static_rps`, `publish_to_visible_worst_s`, `failed_requests_host_killed`,
`tasks_lost`, `tasks_duplicated`, `replica_lag_s` and `admin_ms_500_sites`. Needs varnish,
varnish-modules, haproxy, pgbouncer, nginx-light, wrk and PostgreSQL 15's server programs
(`make bench-cluster` installs the Debian packages that are missing)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

TARGETS = {
    "publish_to_visible_worst_s": ("<=", 1.0),
    "failed_requests_host_killed": ("<=", 0),
    "tasks_lost": ("<=", 0),
    "tasks_duplicated": ("<=", 0),
    "admin_ms_500_sites": ("<=", 300.0),
}


def stage(name: str, started: float) -> None:
    say(f"=== {name} ({time.monotonic() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=500, help="regional sites")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9", help="emptied first")
    parser.add_argument("--tasks", type=int, default=200, help="tasks in the worker-kill run")
    args = parser.parse_args()
    began = time.monotonic()
    # Stopped (Ctrl+C, kill): every server started here is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    import network
    import redis
    from cluster_parts.edge import measure_edge
    from cluster_parts.hosts import measure_host_kill
    from cluster_parts.replica import measure_replica_lag
    from cluster_parts.sites import measure_admin
    from cluster_parts.tasks import RQ_ARGS, measure_worker_kill
    from serve import free_port

    from warta.core.ops.apphosts import app_hosts
    from warta.core.ops.pgbouncer import pgbouncer
    from warta.core.ops.replica import pg_pair
    from warta.core.ops.workers import running_workers

    tmp = Path(tempfile.mkdtemp(prefix="warta-cluster-"))
    tmp.chmod(0o755)  # PostgreSQL's and nginx's users read below it
    redis.Redis.from_url(args.redis).flushdb()
    results: dict = {"sites": args.sites, "articles": args.articles}
    with pg_pair() as pair:
        stage(f"PostgreSQL primary :{pair.primary_port} + replica :{pair.replica_port}", began)
        with pgbouncer(pair.primary_port) as bouncer:
            base_env = {
                "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
                "WARTA_SERVE_SETTINGS": "warta.settings.serve",
                "WARTA_VAR_DIR": str(tmp / "var"),
                "WARTA_STATIC_ROOT": str(tmp / "static"),
                "WARTA_MEDIA_ROOT": str(tmp / "media"),
                "DATABASE_URL": pair.primary_url,
                "REDIS_URL": args.redis,
                "SECRET_KEY": "bench-cluster-" + os.urandom(16).hex(),
                "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost,testserver",
                # testserver: the admin pages are timed in-process (cluster_parts/sites.py).
                "WARTA_ADMIN_HOSTS": "127.0.0.1,localhost,testserver",
                "WARTA_LOG_LEVEL": "WARNING",
            }
            network.start_django({**os.environ, **base_env})
            stage(f"building {args.sites} sites and {args.articles} stories", began)
            built = network.build(args.articles, log=say, sites=args.sites)
            results["provision_ms_per_site"] = built.get("provision_ms_per_site")
            from django.core.management import call_command

            call_command("collectstatic", "--noinput", verbosity=0)
            varnish_listen = f"127.0.0.1:{free_port()}"
            app_env = {
                **os.environ,
                **base_env,
                "DATABASE_URL": bouncer.url(pair.dbname),
                "WARTA_DB_POOLER": "pgbouncer",
                "DATABASE_REPLICA_URL": pair.replica_url,
                "WARTA_TASK_QUEUE": "rq",
                "WARTA_EDGE": "varnish",
                "WARTA_VARNISH_PURGE_URLS": f"http://{varnish_listen}",
            }
            stories = network.newest_story_urls(built["national"], limit=5)
            # Niced as deploy/systemd/warta-worker@.service is: in production the workers have
            # hosts of their own; here they share the app hosts' two cores.
            workers = running_workers(
                2, app_env, tmp / "workers", args=("--tick=2", *RQ_ARGS), niceness=10
            )
            hosts = app_hosts(tmp / "hosts", app_env, count=2, workers=1)
            with workers, hosts as cluster:
                stage(f"two app hosts behind HAProxy at {cluster.lb_url}", began)
                edge = measure_edge(
                    [cluster.lb_url],
                    app_env,
                    workdir=tmp / "edge",
                    duration=args.duration,
                    connections=args.connections,
                    varnish_listen=varnish_listen,
                )
                results.update(edge=edge, **_pick(edge, "edge_rps", "edge_hit_ratio"))
                results.update(_pick(edge, "static_rps", "publish_to_visible_worst_s"))
                results["edge_not_200"] = edge.get("edge_not_200")
                stage("replica lag after publishes", began)
                lag = measure_replica_lag(
                    pair.primary_url,
                    pair.replica_url,
                    {**app_env, "WARTA_EDGE": ""},  # the edge run stopped its Varnish
                    story_id=None,
                    origin=cluster.lb_url,
                )
                results.update(replica=lag, replica_lag_s=lag["replica_lag_s"])
                results["stale_reads_after_publish"] = lag.get("stale_reads_after_publish")
                stage("one app host killed under load", began)
                killed = measure_host_kill(
                    cluster.lb_url,
                    [cluster.hosts[1].pid],
                    ["/", *stories],
                    duration=args.duration,
                    lb_states=cluster.server_states,
                )
                results.update(host_kill=killed)
                results["failed_requests_host_killed"] = killed["failed_requests_host_killed"]
            # The cluster's workers are stopped: the kill run starts its own three on the queue.
            stage("one worker killed mid-task", began)
            tasks = measure_worker_kill(app_env, n_tasks=args.tasks)
            results.update(tasks=tasks, **_pick(tasks, "tasks_lost", "tasks_duplicated"))
            stage(f"admin pages with {args.sites} sites", began)
            admin = measure_admin(pair.primary_url, base_env)
            results.update(admin=admin, admin_ms_500_sites=admin["admin_ms_500_sites"])
            results["admin_worst_page"] = admin.get("admin_worst_page")
            results["worker_rss_mb"] = admin.get("worker_rss_mb")
    results["seconds"] = round(time.monotonic() - began)
    summary(results)
    print(json.dumps(results))


def _pick(figures: dict, *keys: str) -> dict:
    return {key: figures.get(key) for key in keys}


def summary(results: dict) -> None:
    say("")
    for key in (
        "edge_rps",
        "edge_hit_ratio",
        "edge_not_200",
        "static_rps",
        "publish_to_visible_worst_s",
        "replica_lag_s",
        "stale_reads_after_publish",
        "failed_requests_host_killed",
        "tasks_lost",
        "tasks_duplicated",
        "admin_ms_500_sites",
        "admin_worst_page",
        "worker_rss_mb",
        "provision_ms_per_site",
    ):
        value = results.get(key)
        verdict = ""
        if key in TARGETS and isinstance(value, int | float):
            op, bound = TARGETS[key]
            verdict = f"  target {op} {bound}: {'met' if value <= bound else 'NOT met'}"
        say(f"{key:30} {value}{verdict}")


if __name__ == "__main__":
    if not os.environ.get("WARTA_CLUSTER_CHILD"):
        # Fail early and clearly on a missing program, before ten minutes of building.
        missing = [
            p
            for p in ("varnishd", "haproxy", "pgbouncer", "nginx", "wrk")
            if subprocess.run(["which", p], capture_output=True).returncode
        ]
        if missing:
            raise SystemExit(f"missing: {', '.join(missing)} (make bench-cluster installs them)")
    main()

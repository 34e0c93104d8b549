"""Replica lag seen by readers after a publish (part of bench/cluster.py).

`measure_replica_lag(primary_url, replica_url, env, ...)` publishes a story (the newest by
default) `rounds` times from a Warta process started with `env` (its settings, DATABASE_URL,
DATABASE_REPLICA_URL and cache shared with the servers: tests/integration/replica_actions.py),
and after each publish returns times until the replica shows the new headline
(`replica_lag_s`, the worst round). With an `origin` it also reads the story as an anonymous
reader right after each publish: with the LSN rule (warta.core.db.freshness) no read may show
the headline before it (`stale_reads_after_publish`, target 0), not even with the replica's
replay paused (`stale_reads_replica_behind`, target 0).

Standalone, on its own mini-topology (a primary behind PgBouncer, a streaming replica, one
`warta serve` with 2 workers; about a minute):

    .venv/bin/python bench/cluster_parts/replica.py [--rounds 20]

Prints figures on stderr and one JSON object last on stdout."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ACTIONS = ROOT / "tests" / "integration" / "replica_actions.py"
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731


class Actions:
    """tests/integration/replica_actions.py running with `env`: JSON line in, JSON line out."""

    def __init__(self, env: dict) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ACTIONS)],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, *args: str) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(args) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"replica_actions.py stopped ({self.process.wait()})")
        return json.loads(answer)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - 127.0.0.1
        return response.read().decode()


def newest_story(primary_url: str) -> tuple[int, str]:
    """The newest live story's id and its path on its site (its url_path without the site's
    root page)."""
    import psycopg

    with psycopg.connect(primary_url) as primary:
        row = primary.execute(
            "SELECT p.id, p.url_path FROM wagtailcore_page p"
            " JOIN articles_articlepage a ON a.page_ptr_id = p.id"
            " WHERE p.live ORDER BY p.id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        raise RuntimeError("no live story to publish")
    return int(row[0]), "/" + str(row[1]).split("/", 2)[2]


def measure_replica_lag(
    primary_url: str,
    replica_url: str,
    env: dict,
    *,
    story_id: int | None = None,
    story_path: str = "",
    origin: str = "",
    rounds: int = 10,
    reads_per_publish: int = 5,
    held_rounds: int = 3,
) -> dict:
    """Figures for `rounds` publishes of story `story_id` (the newest by default), see the
    module's docstring. In the last `held_rounds` the replica's replay is paused during the
    publish and the reads after it (a replica seconds behind, as under a load spike): those
    reads must show the new headline all the same (`stale_reads_replica_behind`). Pausing
    needs a superuser on the replica."""
    import psycopg

    if story_id is None:
        story_id, story_path = newest_story(primary_url)
    actions = Actions(env)
    lags: list[float] = []
    stale = reads = stale_behind = 0

    def until_replica_shows(title: str, published: float) -> None:
        with psycopg.connect(replica_url, autocommit=True) as replica:
            while time.monotonic() - published < 30:
                row = replica.execute(
                    "SELECT title FROM wagtailcore_page WHERE id = %s", [story_id]
                ).fetchone()
                if row and row[0] == title:
                    lags.append(time.monotonic() - published)
                    return
                time.sleep(0.001)
        lags.append(float("inf"))

    try:
        with psycopg.connect(replica_url, autocommit=True) as replica:
            for n in range(rounds + held_rounds):
                held = n >= rounds
                title = f"Ukur replika {n} {time.time_ns()}"
                if held:
                    replica.execute("SELECT pg_wal_replay_pause()")
                try:
                    actions("publish", str(story_id), title)
                    # From the moment the publish returned: the replica, beside readers.
                    watcher = threading.Thread(
                        target=until_replica_shows, args=(title, time.monotonic())
                    )
                    if not held:
                        watcher.start()
                    for _ in range(reads_per_publish if origin else 0):
                        old = title not in _fetch(origin + story_path)
                        if held:
                            stale_behind += old
                        else:
                            reads += 1
                            stale += old
                finally:
                    if held:
                        replica.execute("SELECT pg_wal_replay_resume()")
                if not held:
                    watcher.join()
    finally:
        actions.close()
    return {
        "replica_lag_s": round(max(lags), 4),
        "replica_lag_median_s": round(statistics.median(lags), 4),
        "publishes": rounds,
        "stale_reads_after_publish": stale if origin else None,
        "reads_after_publish": reads,
        "stale_reads_replica_behind": stale_behind if origin else None,
        "reads_replica_behind": held_rounds * reads_per_publish if origin else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    from warta.core.ops import replica
    from warta.core.ops.pgbouncer import pgbouncer

    started = time.monotonic()
    with replica.pg_pair() as pair, pgbouncer(pair.primary_port) as bouncer:
        say(
            f"primary {pair.primary_url} (PgBouncer {bouncer.url(pair.dbname)}),"
            f" replica {pair.replica_url}"
        )
        var = Path(tempfile.mkdtemp(prefix="warta-replica-bench-"))
        (var / "static").mkdir()
        port = replica.free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.integration.replica_settings",
            "WARTA_SERVE_SETTINGS": "tests.integration.replica_settings",
            "WARTA_VAR_DIR": str(var),
            "DATABASE_URL": bouncer.url(pair.dbname),
            "WARTA_DB_POOLER": "pgbouncer",
            "DATABASE_REPLICA_URL": pair.replica_url,
            "REDIS_URL": "",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WARTA_SERVE_PORT": str(port),
            "WARTA_LOG_LEVEL": "WARNING",
        }
        setup = Actions(env)
        story = setup("setup")["stories"][-1]
        setup.close()
        replica.wait_replayed(pair)
        with open(var / "serve.log", "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "warta.manage", "serve", "--port", str(port)]
                + ["--workers", "2", "--no-worker", "--no-mail-server", "--skip-collectstatic"],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        origin = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    _fetch(origin + story["path"])
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit((var / "serve.log").read_text()[-3000:]) from None
                    time.sleep(0.2)
            say(f"warta serve on {origin}; {args.rounds} publishes of {story['path']}")
            figures = measure_replica_lag(
                pair.primary_url, pair.replica_url, env, origin=origin, rounds=args.rounds
            )
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            shutil.rmtree(var, ignore_errors=True)
    figures["seconds"] = round(time.monotonic() - started, 1)
    say(
        f"replica lag after a publish: worst {figures['replica_lag_s'] * 1000:.1f} ms, median"
        f" {figures['replica_lag_median_s'] * 1000:.1f} ms; stale reads"
        f" {figures['stale_reads_after_publish']} of {figures['reads_after_publish']},"
        f" with the replica's replay paused {figures['stale_reads_replica_behind']} of"
        f" {figures['reads_replica_behind']}"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""A PostgreSQL primary and its streaming replica (warta.core.ops.replica) behind a real
`warta serve` with DATABASE_URL and DATABASE_REPLICA_URL: anonymous readers' pages are read
from the replica, an editor's admin and a signed-in reader stay on the primary, a publish is
never followed by the page before it (even with the replica's replay paused), and with the
replica stopped the pages are still served, from the primary. Which server ran a request's
queries is read off each server's statement log. Finally the replica is promoted (failover)
and takes writes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from warta.core.ops import replica
from warta.core.ops.pgbouncer import PgBouncer, pgbouncer

ROOT = Path(__file__).resolve().parents[2]


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Cluster:
    def __init__(self, pair: replica.PgPair, env: dict, base: str, setup: dict) -> None:
        self.pair, self.env, self.base = pair, env, base
        self.stories = setup["stories"]
        self.session = setup["session"]
        self.taken = 0
        self.actions = subprocess.Popen(
            [sys.executable, str(ROOT / "tests/integration/replica_actions.py")],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def story(self) -> dict:
        """A story no earlier test requested (so no cache holds it)."""
        story = self.stories[self.taken]
        self.taken += 1
        return story

    def statements(self, server: str) -> "Statements":
        return Statements(self.pair.log(server))

    def act(self, *args: str) -> dict:
        """A command of replica_actions.py, running beside the server."""
        assert self.actions.stdin and self.actions.stdout
        self.actions.stdin.write(json.dumps(args) + "\n")
        self.actions.stdin.flush()
        answer = self.actions.stdout.readline()
        assert answer, f"replica_actions.py stopped: {self.actions.wait()}"
        return json.loads(answer)

    def query(self, server: str, sql: str, params: list | None = None):
        port = self.pair.primary_port if server == "primary" else self.pair.replica_port
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="warta", autocommit=True
        ) as conn:
            cursor = conn.execute(sql, params or [])
            return cursor.fetchall() if cursor.description else []


class Statements:
    """The statements a server logs from now on."""

    def __init__(self, log: Path) -> None:
        self.log, self.start = log, log.stat().st_size

    def new(self) -> str:
        with open(self.log, errors="replace") as f:
            f.seek(self.start)
            return f.read()


def warm_up(bouncer: PgBouncer, servers: int) -> None:
    """Open `servers` server connections at once; with round robin, one client's next
    transactions then each land on another (a session's leftovers are not there)."""
    clients = [psycopg.connect(bouncer.url("warta")) for _ in range(servers)]
    for client in clients:
        client.execute("SELECT 1")
    for client in clients:
        client.commit()
        client.close()


@pytest.fixture(scope="module")
def cluster():
    if not replica.available():
        message = "PostgreSQL's server programs are missing: apt-get install postgresql"
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    if shutil.which("pgbouncer") is None:
        message = "pgbouncer is missing: apt-get install pgbouncer"
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with (
        replica.pg_pair(log_statements=True) as pair,
        pgbouncer(pair.primary_port, round_robin=True, default_pool_size=3) as bouncer,
    ):
        var = Path(tempfile.mkdtemp(prefix="warta-replica-var-"))
        (var / "static").mkdir()  # collected files: none, the apps serve theirs here
        port = replica.free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.integration.replica_settings",
            "WARTA_SERVE_SETTINGS": "tests.integration.replica_settings",
            "WARTA_VAR_DIR": str(var),
            # The primary through PgBouncer in transaction pooling, as in production.
            "DATABASE_URL": bouncer.url(pair.dbname),
            "WARTA_DB_POOLER": "pgbouncer",
            "DATABASE_REPLICA_URL": pair.replica_url,
            "WARTA_REPLICA_MAX_LAG_SECONDS": "1",
            "REDIS_URL": "",  # the file cache in WARTA_VAR_DIR, shared with replica_actions.py
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WARTA_ADMIN_HOSTS": "127.0.0.1,localhost",
            "WARTA_SERVE_PORT": str(port),
            "WARTA_LOG_LEVEL": "WARNING",
        }
        env.pop("PYTEST_XDIST_WORKER", None)
        cluster = Cluster(pair, env, f"http://127.0.0.1:{port}", {"stories": [], "session": ""})
        log = open(var / "serve.log", "w")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [sys.executable, "-m", "warta.manage", "serve", "--port", str(port)]
            + ["--workers", "2", "--no-worker", "--no-mail-server", "--skip-collectstatic"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            # While the server starts: the tables and the stories, on the primary.
            setup = cluster.act("setup")
            cluster.stories, cluster.session = setup["stories"], setup["session"]
            replica.wait_replayed(pair)
            deadline = time.monotonic() + 60
            while True:
                try:
                    get(cluster.base + "/robots.txt")
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise AssertionError((var / "serve.log").read_text()[-3000:]) from None
                    time.sleep(0.1)
            cluster.server_log = var / "serve.log"  # type: ignore[attr-defined]
            cluster.bouncer = bouncer  # type: ignore[attr-defined]
            yield cluster
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
            log.close()
            cluster.actions.stdin.close()  # type: ignore[union-attr]
            cluster.actions.wait(timeout=20)
            shutil.rmtree(var, ignore_errors=True)


def test_anonymous_story_reads_go_to_the_replica(cluster):
    story = cluster.story()
    on_primary, on_replica = cluster.statements("primary"), cluster.statements("replica")
    status, body = get(cluster.base + story["path"])
    assert status == 200 and "Berita replika nomor" in body
    assert "articles_articlepage" in on_replica.new()
    assert "articles_articlepage" not in on_primary.new()


def test_editor_and_signed_in_reader_stay_on_the_primary(cluster):
    cookie = {"Cookie": f"sessionid={cluster.session}"}
    on_primary, on_replica = cluster.statements("primary"), cluster.statements("replica")
    status, body = get(cluster.base + "/admin/", cookie)
    assert status == 200 and "redaktur" in body  # the desk home, signed in
    story = cluster.story()
    status, _ = get(cluster.base + story["path"], cookie)  # signed in, on a public page
    assert status == 200
    assert "articles_articlepage" in on_primary.new()
    assert on_replica.new().count("statement: SELECT") <= 2  # at most the freshness probe
    assert "articles_articlepage" not in on_replica.new()


def test_a_publish_is_never_followed_by_the_page_before_it(cluster):
    story = cluster.story()
    url = cluster.base + story["path"]
    assert "Berita replika nomor" in get(url)[1]  # cached now, from the replica
    # The replica stops replaying: whatever is published now, it shows the old rows.
    cluster.query("replica", "SELECT pg_wal_replay_pause()")
    try:
        cluster.act("publish", str(story["id"]), "Judul sesudah terbit")
        stale = cluster.query(
            "replica", "SELECT title FROM wagtailcore_page WHERE id = %s", [story["id"]]
        )[0][0]
        assert stale.startswith("Berita replika nomor")  # the replica holds the old row
        on_replica = cluster.statements("replica")
        for _ in range(5):  # both server workers, purged page re-rendered and then cached
            status, body = get(url)
            assert status == 200
            assert "Judul sesudah terbit" in body
        assert "articles_articlepage" not in on_replica.new()
    finally:
        cluster.query("replica", "SELECT pg_wal_replay_resume()")
    replica.wait_replayed(cluster.pair)
    # Caught up: the replica serves readers again.
    fresh = cluster.story()
    on_replica = cluster.statements("replica")
    deadline = time.monotonic() + 5
    while "articles_articlepage" not in on_replica.new():
        assert time.monotonic() < deadline, "the replica never served readers again"
        fresh = cluster.story()
        assert get(cluster.base + fresh["path"])[0] == 200


def test_a_lagging_replica_is_left_alone(cluster):
    """A write Warta did not make (no recorded position) while the replica does not replay:
    once it lags past WARTA_REPLICA_MAX_LAG_SECONDS (1 s here), readers go to the primary."""
    cluster.query("replica", "SELECT pg_wal_replay_pause()")
    try:
        cluster.query("primary", "CREATE TABLE lag_check (id int)")
        deadline, n = time.monotonic() + 10, 0
        while "replica lags" not in cluster.server_log.read_text():
            assert time.monotonic() < deadline, "a lagging replica is still read"
            n += 1  # search is never cached: every request is decided
            assert get(f"{cluster.base}/cari/?q=berita+{n}")[0] == 200
        # One worker logged the lag; the server's other worker probes the replica again
        # within CHECK_SECONDS (0.2 s) of its next request: give it a few fresh stories.
        for attempt in range(6):
            on_primary, on_replica = cluster.statements("primary"), cluster.statements("replica")
            status, body = get(cluster.base + cluster.story()["path"])
            assert status == 200 and "Berita replika nomor" in body
            time.sleep(0.3)
            if "articles_articlepage" not in on_replica.new():
                break
            assert attempt < 5, "a lagging replica is still read by a worker"
        assert "articles_articlepage" in on_primary.new()
    finally:
        cluster.query("replica", "SELECT pg_wal_replay_resume()")
    replica.wait_replayed(cluster.pair)


def test_replica_stopped_pages_come_from_the_primary(cluster):
    replica.stop_replica(cluster.pair)
    try:
        for _ in range(3):
            story = cluster.story()
            on_primary = cluster.statements("primary")
            status, body = get(cluster.base + story["path"])
            assert status == 200 and "Berita replika nomor" in body
            assert "articles_articlepage" in on_primary.new()
        assert "replica: reading from the primary" in cluster.server_log.read_text()
    finally:
        replica.resume_replica(cluster.pair)


def test_failover_promotes_the_replica(cluster):
    replica.wait_replayed(cluster.pair)
    replica.promote_replica(cluster.pair)
    cluster.query("replica", "CREATE TABLE failover_check (id int)")  # it takes writes
    assert cluster.query("replica", "SELECT pg_is_in_recovery()") == [(False,)]
    # Still named as the replica, the promoted server is read no more (its writes are not
    # the primary's): readers are served from the primary, with a log line.
    deadline, n = time.monotonic() + 10, 0
    while "is not a replica" not in cluster.server_log.read_text():
        assert time.monotonic() < deadline, "the promoted replica is still read as one"
        n += 1  # search is never cached: every request is decided
        assert get(f"{cluster.base}/cari/?q=berita+{n}")[0] == 200
    on_primary = cluster.statements("primary")
    assert get(cluster.base + cluster.story()["path"])[0] == 200
    assert "articles_articlepage" in on_primary.new()


def test_pgbouncer_transaction_pooling_takes_warta_queries(cluster):
    """Pages, the admin and publishing went through PgBouncer above; here iterator() and a
    query repeated past psycopg's prepare threshold, each transaction on another server
    connection (round robin): without WARTA_DB_POOLER=pgbouncer the cursor or the prepared
    statement would be missing on the next one."""
    warm_up(cluster.bouncer, 3)
    assert cluster.act("iterate") == {"count": len(cluster.stories)}

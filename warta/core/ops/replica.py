"""A PostgreSQL primary and its streaming read replica on this machine, for the replica
integration test and bench/cluster.py: a fresh primary (initdb) in a temp dir on a free
127.0.0.1 port, a replica of it (`pg_basebackup -R`) on another, both stopped and removed
afterwards. Nothing of the machine's own PostgreSQL is touched. As root (a CI machine) the
servers run as the `postgres` user, which PostgreSQL requires."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from warta.core.ops.ports import free_port

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def pg_bin(name: str) -> str | None:
    """The path of a PostgreSQL server program (Debian keeps them off PATH), or None."""
    for folder in PG_BIN_DIRS:
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def available() -> bool:
    return all(pg_bin(name) for name in ("initdb", "pg_ctl", "pg_basebackup", "postgres"))


@dataclass
class PgPair:
    workdir: Path
    primary_port: int
    replica_port: int
    dbname: str = "warta"
    log_statements: bool = False  # every statement in <workdir>/<primary|replica>.log

    def log(self, server: str) -> Path:
        return self.workdir / f"{server}.log"

    @property
    def primary_data(self) -> Path:
        return self.workdir / "primary"

    @property
    def replica_data(self) -> Path:
        return self.workdir / "replica"

    @property
    def primary_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.primary_port}/{self.dbname}"

    @property
    def replica_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/{self.dbname}"


def _as_postgres() -> dict:
    """subprocess arguments that run a server program as `postgres` when we are root."""
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": "postgres", "extra_groups": []}


def _run(args: list[str], **kwargs) -> None:
    subprocess.run(args, check=True, capture_output=True, **_as_postgres(), **kwargs)


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def wait_ready(port: int, *, seconds: float = 30.0, dbname: str = "postgres") -> None:
    """Until the server on `port` answers a query (a replica: read-only ones)."""
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=port, user="postgres", dbname=dbname, connect_timeout=2
            ) as conn:
                conn.execute("SELECT 1")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c unix_socket_directories={sockets} -c port={port}"
    " -c fsync=off -c full_page_writes=off"
    " -c shared_buffers=32MB -c max_connections=60 -c wal_level=replica -c max_wal_senders=4"
    " -c hot_standby=on -c hot_standby_feedback=on -c wal_receiver_status_interval=1s"
)


def _start_server(data: Path, port: int, workdir: Path, *, log_statements: bool = False) -> None:
    options = SERVER_OPTIONS.format(sockets=workdir, port=port)
    if log_statements:
        options += " -c log_statement=all"
    _run(
        [str(pg_bin("pg_ctl")), "-D", str(data), "-l", str(workdir / f"{data.name}.log")]
        + ["-o", options, "-w", "-t", "60", "start"]
    )
    wait_ready(port)


def _stop_server(data: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(
            [str(pg_bin("pg_ctl")), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            **_as_postgres(),
        )


def start_primary(pair: PgPair) -> None:
    """initdb (trust for 127.0.0.1, replication allowed) and start; creates `pair.dbname`."""
    _run(
        [str(pg_bin("initdb")), "-D", str(pair.primary_data), "-U", "postgres"]
        + ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
    )
    with open(pair.primary_data / "pg_hba.conf", "a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    _start_server(
        pair.primary_data, pair.primary_port, pair.workdir, log_statements=pair.log_statements
    )
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=pair.primary_port, user="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{pair.dbname}"')


def start_replica(pair: PgPair) -> None:
    """A streaming replica of the primary (a fresh base backup each time), serving reads."""
    shutil.rmtree(pair.replica_data, ignore_errors=True)
    _run(
        [str(pg_bin("pg_basebackup")), "-h", "127.0.0.1", "-p", str(pair.primary_port)]
        + ["-U", "postgres", "-D", str(pair.replica_data), "-R", "-X", "stream"]
        + ["--checkpoint=fast", "--no-sync"]
    )
    _start_server(
        pair.replica_data, pair.replica_port, pair.workdir, log_statements=pair.log_statements
    )


def stop_replica(pair: PgPair) -> None:
    _stop_server(pair.replica_data)


def resume_replica(pair: PgPair) -> None:
    """Start the stopped replica again on its data directory (it catches up from the primary)."""
    _start_server(
        pair.replica_data, pair.replica_port, pair.workdir, log_statements=pair.log_statements
    )


def promote_replica(pair: PgPair) -> None:
    """Failover: the replica becomes a primary that takes writes (`pg_ctl promote`)."""
    _run([str(pg_bin("pg_ctl")), "-D", str(pair.replica_data), "-w", "promote"])


@contextmanager
def pg_pair(
    parent: Path | None = None, *, dbname: str = "warta", log_statements: bool = False
) -> Iterator[PgPair]:
    """A running primary + replica in a new temp dir (under `parent`, which the `postgres`
    user must be able to enter when we are root; the system temp dir by default)."""
    workdir = Path(tempfile.mkdtemp(prefix="warta-pg-", dir=parent))
    _chown(workdir)
    pair = PgPair(workdir, free_port(), free_port(), dbname, log_statements)
    try:
        start_primary(pair)
        start_replica(pair)
        yield pair
    finally:
        _stop_server(pair.replica_data)
        _stop_server(pair.primary_data)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_replayed(pair: PgPair, *, seconds: float = 10.0) -> float:
    """Until the replica has replayed everything the primary has written now; the seconds it
    took."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(host="127.0.0.1", port=pair.primary_port, user="postgres") as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
    with psycopg.connect(
        host="127.0.0.1", port=pair.replica_port, user="postgres", autocommit=True
    ) as conn:
        while True:
            row = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()
            if row and row[0]:
                return time.monotonic() - started
            if time.monotonic() - started > seconds:
                raise TimeoutError(f"the replica did not reach {target} in {seconds}s")
            time.sleep(0.005)

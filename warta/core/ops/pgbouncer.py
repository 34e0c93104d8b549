"""The shipped PgBouncer configuration (deploy/pgbouncer/) with this machine's ports and
paths, and a starter for a throwaway PgBouncer in a temp dir (the replica integration test,
bench/cluster.py). Local servers trust 127.0.0.1, so the starter's PgBouncer does too; the
shipped file asks for SCRAM passwords."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from warta.core.ops.ports import free_port

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "pgbouncer"


@dataclass
class PgBouncerSetup:
    listen_port: int = 6432
    server_host: str = "127.0.0.1"  # PostgreSQL behind it
    server_port: int = 5432
    workdir: Path = Path("/var/run/postgresql")  # pid, log and socket
    auth_type: str = "scram-sha-256"
    default_pool_size: int = 20
    # Hand each transaction to the next server connection in turn: a setting that needs a
    # session (a prepared statement, a server-side cursor) then fails at once in tests.
    round_robin: bool = False


def config(setup: PgBouncerSetup) -> str:
    """deploy/pgbouncer/pgbouncer.ini for this setup (every database name goes to the server)."""
    text = (DEPLOY / "pgbouncer.ini").read_text()
    text = text.replace(
        "warta = host=127.0.0.1 port=5432 dbname=warta",
        f"* = host={setup.server_host} port={setup.server_port}",
    )
    replacements = {
        "listen_port": str(setup.listen_port),
        "unix_socket_dir": str(setup.workdir),
        "auth_type": setup.auth_type,
        "auth_file": str(setup.workdir / "userlist.txt"),
        "logfile": str(setup.workdir / "pgbouncer.log"),
        "pidfile": str(setup.workdir / "pgbouncer.pid"),
        "default_pool_size": str(setup.default_pool_size),
        "min_pool_size": "0",
    }
    for name, value in replacements.items():
        text = re.sub(rf"^{name} = .*$", f"{name} = {value}", text, count=1, flags=re.M)
    if setup.round_robin:
        text += "server_round_robin = 1\n"
    return text


@dataclass
class PgBouncer:
    setup: PgBouncerSetup
    process: subprocess.Popen = field(repr=False)

    def url(self, dbname: str, user: str = "postgres") -> str:
        return f"postgres://{user}@127.0.0.1:{self.setup.listen_port}/{dbname}"


def available() -> bool:
    return shutil.which("pgbouncer") is not None


@contextmanager
def pgbouncer(
    server_port: int,
    *,
    server_host: str = "127.0.0.1",
    parent: Path | None = None,
    round_robin: bool = False,
    default_pool_size: int = 20,
) -> Iterator[PgBouncer]:
    """A running PgBouncer (transaction pooling, trust) on a free port in front of the server,
    in a new temp dir that is removed afterwards. PgBouncer refuses to run as root: as root it
    is started as `postgres` (`-u postgres`), which must be able to enter `parent`."""
    workdir = Path(tempfile.mkdtemp(prefix="warta-pgbouncer-", dir=parent))
    setup = PgBouncerSetup(
        listen_port=free_port(),
        server_host=server_host,
        server_port=server_port,
        workdir=workdir,
        auth_type="trust",
        default_pool_size=default_pool_size,
        round_robin=round_robin,
    )
    (workdir / "userlist.txt").write_text('"postgres" ""\n')
    ini = workdir / "pgbouncer.ini"
    ini.write_text(config(setup))
    command = ["pgbouncer", str(ini)]
    if os.geteuid() == 0:
        for path in (workdir, workdir / "userlist.txt", ini):
            shutil.chown(path, "postgres", "postgres")
        command = ["pgbouncer", "-u", "postgres", str(ini)]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", setup.listen_port), timeout=0.2).close()
                break
            except OSError:
                log = workdir / "pgbouncer.log"
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "pgbouncer did not start: " + (log.read_text() if log.exists() else "")
                    ) from None
                time.sleep(0.02)
        yield PgBouncer(setup, process)
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
